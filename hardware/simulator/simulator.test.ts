import { broadcastTime, interpretReply, readAddress, readData, remoteControl } from '../dlt645';
import type { RemoteControlCommand } from '../dlt645';
import { MeterLine, characterTimeMs, createInMemoryChannelPair } from '../transport';
import { createDriver } from '../registry';
import { type MeterSimulator, type SimulatedMeterConfig, createSimulatedLine, startMeterSimulator } from '.';

const METER = '000000000001';
const OTHER = '000000000002';
const FAR_DEADLINE = { year: 2099, month: 1, day: 1, hour: 0, minute: 0, second: 0 };

let line: MeterLine;
let simulator: MeterSimulator;

function start(meters: SimulatedMeterConfig[], baudRate?: number): void {
  const [master, bus] = createInMemoryChannelPair();
  line = new MeterLine(master, { replyTimeoutMs: 80, interByteTimeoutMs: 40 });
  simulator = startMeterSimulator(bus, meters, baudRate ? { lineTiming: { baudRate } } : {});
}

afterEach(async () => {
  await simulator.stop();
  await line.close();
});

async function ask(frame: Buffer) {
  return interpretReply((await line.request(frame)).frame);
}

function command(command: RemoteControlCommand, overrides: Partial<Parameters<typeof remoteControl>[0]> = {}) {
  return remoteControl({ address: METER, passwordLevel: 2, password: '000000', operatorCode: '00000001', command, deadline: FAR_DEADLINE, ...overrides });
}

describe('meter simulator', () => {
  it('answers only frames to its own address', async () => {
    start([{ address: METER, replyLatencyMs: 1 }, { address: OTHER, replyLatencyMs: 1, energyKWh: 42 }]);
    await expect(ask(readData(OTHER, '00010000'))).resolves.toMatchObject({ value: { kWh: 42 } });
    await expect(line.request(readData('000000000003', '00010000'))).rejects.toMatchObject({ code: 'REPLY_TIMEOUT' });
    expect(simulator.meter(METER).received).toHaveLength(0);
  });

  it('answers the wildcard when it is alone on the line', async () => {
    start([{ address: METER, replyLatencyMs: 1 }]);
    await expect(ask(readAddress())).resolves.toEqual({ kind: 'address', address: METER });
  });

  it('sets every clock from a broadcast and answers none', async () => {
    start([{ address: METER }, { address: OTHER }]);
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    await line.request(broadcastTime(tenMinutesAgo), { expectReply: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const meter of simulator.meters) {
      expect(Math.abs(meter.clock.getTime() - tenMinutesAgo.getTime())).toBeLessThan(1500);
      expect(meter.received).toHaveLength(1);
    }
  });

  it('refuses unknown operators, level 98 (encrypted) commands and trips under keep-power', async () => {
    start([{ address: METER, replyLatencyMs: 1, acceptedOperators: ['00000001'] }]);
    await expect(ask(await command('trip', { operatorCode: '00000009' }))).resolves.toMatchObject({ errors: ['unauthorized'] });
    await expect(ask(await command('trip', { passwordLevel: 0x98 }))).resolves.toMatchObject({ errors: ['unauthorized'] });
    await expect(ask(await command('keep-power-on'))).resolves.toEqual({ kind: 'control-accepted' });
    await expect(ask(await command('trip'))).resolves.toMatchObject({ kind: 'control-error', errors: ['other'] });
    expect(simulator.meter(METER).statusWord3).toBe(0x1000);
  });

  it('answers an unknown DI with "no data"', async () => {
    start([{ address: METER, replyLatencyMs: 1 }]);
    await expect(ask(readData(METER, '02800001'))).resolves.toEqual({ kind: 'read-error', errorByte: 2, errors: ['no-data'] });
  });

  it('applies failNextCommands to commands only, in order', async () => {
    start([{ address: METER, replyLatencyMs: 1 }]);
    const meter = simulator.meter(METER);
    meter.failNextCommands(1, { errorReply: 0x01 });
    meter.failNextCommands(1, 'silence');
    await expect(ask(readData(METER, '04000503'))).resolves.toMatchObject({ kind: 'read-data' });
    await expect(ask(await command('trip'))).resolves.toMatchObject({ errorByte: 1 });
    await expect(line.request(await command('trip'))).rejects.toMatchObject({ code: 'REPLY_TIMEOUT' });
    await expect(ask(await command('trip'))).resolves.toEqual({ kind: 'control-accepted' });
    expect(meter.relayOpen).toBe(true);
  });

  it('reports every frame it receives with its arrival time', async () => {
    start([{ address: METER, replyLatencyMs: 1 }]);
    const seen: string[] = [];
    simulator.meter(METER).onFrame((frame, at) => seen.push(`${frame.control.raw.toString(16)} ${at instanceof Date}`));
    await ask(await command('direct-close'));
    expect(seen).toEqual(['1c true']);
    expect(simulator.meter(METER).commandsReceived()).toEqual([{ command: 'direct-close', at: expect.any(Date) }]);
  });

  it('paces replies like a 2400-baud line when asked to', async () => {
    start([{ address: METER, replyLatencyMs: 0 }], 2400);
    const started = Date.now();
    await ask(readData(METER, '04000503'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(18 * characterTimeMs(2400) - 2);
  });
});

describe('simulated line (demo mode)', () => {
  it('serves a driver at 2400 baud and reports every frame on the bus', async () => {
    const demo = createSimulatedLine([{ address: METER }], { timeouts: { replyTimeoutMs: 100 } });
    const busFrames: string[] = [];
    demo.simulator.onFrame((frame) => busFrames.push(frame.address));
    try {
      const driver = createDriver('dlt645-2007', demo.line, { pollIntervalMs: 20 });
      const target = { address: METER, protocol: 'dlt645-2007', passwordLevel: 2, password: '000000', operatorCode: '00000000' } as const;
      await expect(driver.switchRelay(target, 'trip')).resolves.toMatchObject({ confirmed: true });
      await expect(driver.readStatusWord3({ ...target, address: '000000000009' })).rejects.toMatchObject({ code: 'NO_REPLY' });
      // Trip, status read, date, time; then three tries at a meter that is not there.
      expect(busFrames).toEqual([METER, METER, METER, METER, '000000000009', '000000000009', '000000000009']);
    } finally {
      await demo.close();
    }
  });
});
