// The transport, driver and simulator over a real serial stack: the serialport package
// on both ends of a socat pseudo-terminal pair, with 2400 baud 8E1 settings.
import { openPtyPair, type PtyPair } from '../test/support/socat';
import { readData } from './dlt645';
import { type MeterDriver, type MeterTarget } from './driver';
import { createDriver } from './registry';
import { type MeterSimulator, type SimulatedMeterConfig, openSimulatorOnSerialPort } from './simulator';
import { LineError, MeterLine, openSerialChannel } from './transport';

const METER = '000000000001';
const NEIGHBOUR = '000000000002';
const TARGET: MeterTarget = { address: METER, protocol: 'dlt645-2007', passwordLevel: 2, password: '000000', operatorCode: '00000000' };
const CONFIRM = { confirmTimeoutMs: 1000, pollIntervalMs: 50 };

let pty: PtyPair;
let simulator: MeterSimulator;
let line: MeterLine;
let driver: MeterDriver;

async function openBench(meters: SimulatedMeterConfig[]): Promise<void> {
  pty = await openPtyPair();
  simulator = await openSimulatorOnSerialPort(pty.b, meters, { lineTiming: { baudRate: 2400 } });
  line = new MeterLine(await openSerialChannel({ path: pty.a }), { replyTimeoutMs: 300, interByteTimeoutMs: 100 });
  driver = createDriver('dlt645-2007', line, CONFIRM);
}

afterEach(async () => {
  await line?.close();
  await simulator?.stop();
  await pty?.close();
});

describe('a meter line on a serial port', () => {
  beforeEach(() => openBench([{ address: METER, energyKWh: 1234.56, replyPreamble: 2 }]));

  it('sends a request and decodes the reply', async () => {
    const reply = await line.request(readData(METER, '00010000'));
    expect(reply.frame).toMatchObject({ address: METER, control: { raw: 0x91 } });
    expect(reply.received.subarray(0, 2)).toEqual(Buffer.from([0xfe, 0xfe]));
  });

  it('keeps one request in flight while callers pile up', async () => {
    const meter = simulator.meter(METER);
    const arrivals: number[] = [];
    meter.onFrame((_frame, at) => arrivals.push(at.getTime()));
    const replies = await Promise.all([1, 2, 3].map(() => line.request(readData(METER, '04000503')).then(() => Date.now())));
    expect(arrivals).toHaveLength(3);
    // Each request reached the meter only after the previous reply was back.
    expect(arrivals[1]).toBeGreaterThanOrEqual(replies[0]! - 5);
    expect(arrivals[2]).toBeGreaterThanOrEqual(replies[1]! - 5);
  });

  it('times out on a silent meter', async () => {
    simulator.meter(METER).setFault('silence');
    const started = Date.now();
    await expect(line.request(readData(METER, '04000503'))).rejects.toMatchObject({ code: 'REPLY_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports garbage, then recovers on the next request', async () => {
    const meter = simulator.meter(METER);
    meter.setFault('garbage');
    const failure = await line.request(readData(METER, '04000503')).catch((error: LineError) => error);
    expect(failure).toBeInstanceOf(LineError);
    expect(failure).toMatchObject({ code: 'INTER_BYTE_TIMEOUT' });
    expect((failure as LineError).received.length).toBeGreaterThan(0);
    meter.setFault(null);
    await expect(line.request(readData(METER, '04000503'))).resolves.toMatchObject({ frame: { address: METER } });
  });
});

describe('the DL/T 645 driver on a serial port', () => {
  beforeEach(() => openBench([{ address: METER }]));

  it('trips, and status word 3 confirms the relay open', async () => {
    const result = await driver.switchRelay(TARGET, 'trip');
    expect(result).toMatchObject({ confirmed: true, relayOpen: true });
    expect(result.failure).toBeUndefined();
    expect(simulator.meter(METER).relayOpen).toBe(true);
  });

  it('fails, fails, then succeeds across three attempts, each a single command frame', async () => {
    const meter = simulator.meter(METER);
    meter.relayOpen = true;
    meter.failNextCommands(1, 'silence');
    meter.failNextCommands(1, { errorReply: 0x01 });

    const attempts = [];
    for (let attempt = 0; attempt < 3; attempt++) attempts.push(await driver.switchRelay(TARGET, 'direct-close'));

    expect(attempts.map((result) => result.failure?.code ?? 'CONFIRMED')).toEqual(['NO_REPLY', 'METER_REFUSED', 'CONFIRMED']);
    const commands = meter.commandsReceived();
    expect(commands.map((c) => c.command)).toEqual(['direct-close', 'direct-close', 'direct-close']);
    expect(Date.parse(attempts[2]!.confirmedAt!)).toBeGreaterThanOrEqual(commands[2]!.at.getTime());
    expect(meter.relayOpen).toBe(false);
  });

  it('reports a stuck relay as NOT_CONFIRMED after sending the command once', async () => {
    const meter = simulator.meter(METER);
    meter.setFault('stuckRelay');
    const result = await driver.switchRelay(TARGET, 'trip', { confirmTimeoutMs: 400 });
    expect(result).toMatchObject({ confirmed: false, relayOpen: false, failure: { code: 'NOT_CONFIRMED' } });
    expect(meter.commandsReceived()).toHaveLength(1);
  });

  it('reports an expired deadline as METER_REFUSED', async () => {
    const result = await driver.switchRelay(TARGET, 'trip', { deadline: new Date(Date.now() - 1000) });
    expect(result).toMatchObject({ confirmed: false, failure: { code: 'METER_REFUSED' } });
    expect(result.exchanges[0]?.receivedHex).toBe('68 01 00 00 00 00 00 68 DC 01 37 E5 16');
    expect(simulator.meter(METER).relayOpen).toBe(false);
  });
});

describe('two meters on one serial bus', () => {
  beforeEach(() => openBench([{ address: METER }, { address: NEIGHBOUR, relayOpen: true }]));

  it('switches each meter independently; exactly one close frame reaches the neighbour', async () => {
    const closing = driver.switchRelay({ ...TARGET, address: NEIGHBOUR }, 'direct-close');
    const tripping = driver.switchRelay(TARGET, 'trip');
    await expect(Promise.all([closing, tripping])).resolves.toMatchObject([{ confirmed: true }, { confirmed: true }]);

    expect(simulator.meter(METER).relayOpen).toBe(true);
    expect(simulator.meter(NEIGHBOUR).relayOpen).toBe(false);
    expect(simulator.meter(NEIGHBOUR).commandsReceived()).toEqual([{ command: 'direct-close', at: expect.any(Date) }]);
    expect(simulator.meter(METER).commandsReceived()).toEqual([{ command: 'trip', at: expect.any(Date) }]);
  });

  it('gets no answer to the wildcard address read', async () => {
    await expect(driver.readAddress()).rejects.toMatchObject({ code: 'NO_REPLY' });
  });
});
