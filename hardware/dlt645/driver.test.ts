import { MeterDriverError, type MeterDriver, type MeterTarget } from '../driver';
import { createDriver } from '../registry';
import { type MeterSimulator, type SimulatedMeterConfig, startMeterSimulator } from '../simulator';
import { MeterLine, createInMemoryChannelPair } from '../transport';
import { meterLocalTimeToDate } from './meter-time';

const METER = '000000000001';
const TARGET: MeterTarget = { address: METER, protocol: 'dlt645-2007', passwordLevel: 2, password: '000000', operatorCode: '00000000' };
const QUICK = { confirmTimeoutMs: 300, pollIntervalMs: 20 };

let line: MeterLine;
let simulator: MeterSimulator;
let driver: MeterDriver;

function setUp(meters: SimulatedMeterConfig[] = [{ address: METER, replyLatencyMs: 2 }]): void {
  const [master, bus] = createInMemoryChannelPair();
  line = new MeterLine(master, { replyTimeoutMs: 100, interByteTimeoutMs: 50 });
  simulator = startMeterSimulator(bus, meters);
  driver = createDriver('dlt645-2007', line, QUICK);
}

afterEach(async () => {
  await simulator.stop();
  await line.close();
});

describe('DL/T 645 driver', () => {
  beforeEach(() => setUp());

  it('trips and confirms by status word 3', async () => {
    const result = await driver.switchRelay(TARGET, 'trip');
    expect(result).toMatchObject({ confirmed: true, relayOpen: true, statusWord3: 0x0050 });
    expect(result.confirmedAt).toEqual(expect.any(String));
    // The trip, the confirming status read, then the meter's date and time.
    expect(result.exchanges).toHaveLength(4);
    expect(result.exchanges[0]).toMatchObject({ sentHex: expect.stringMatching(/^FE FE FE FE 68 01 00 00 00 00 00 68 1C 10 /), receivedHex: '68 01 00 00 00 00 00 68 9C 00 6D 16' });
    expect(simulator.meter(METER).relayOpen).toBe(true);
  });

  it('takes the time of the trip from the meter\'s own clock, not the host\'s', async () => {
    simulator.meter(METER).clockOffsetMs = -10 * 60_000;
    const result = await driver.switchRelay(TARGET, 'trip');
    const behindBy = new Date(result.confirmedAt!).getTime() - new Date(result.meterTime!).getTime();
    // The meter keeps whole seconds, 10 minutes behind.
    expect(behindBy).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
    expect(behindBy).toBeLessThan(10 * 60_000 + 1000);
  });

  it('still counts a confirmed trip when the meter will not tell its time', async () => {
    const meter = simulator.meter(METER);
    // Listeners hear a frame before the meter answers it: from the date read on, silence.
    const refuseClock = meter.onFrame(() => {
      const meaning = meter.received[meter.received.length - 1]?.meaning;
      if (meaning?.kind === 'read-data-request' && meaning.di === '04000101') meter.setFault('silence');
    });
    const result = await driver.switchRelay(TARGET, 'trip');
    refuseClock();
    expect(result).toMatchObject({ confirmed: true, relayOpen: true });
    expect(result.meterTime).toBeUndefined();
  });

  it('closes directly and confirms bit 4 cleared', async () => {
    simulator.meter(METER).relayOpen = true;
    await expect(driver.switchRelay(TARGET, 'direct-close')).resolves.toMatchObject({ confirmed: true, relayOpen: false });
  });

  it('confirms close-allowed by bit 6 while the relay stays open', async () => {
    await driver.switchRelay(TARGET, 'trip');
    const result = await driver.switchRelay(TARGET, 'close-allowed');
    expect(result).toMatchObject({ confirmed: true, relayOpen: true, statusWord3: 0x0010 });
    simulator.meter(METER).pressButton();
    await expect(driver.readStatusWord3(TARGET)).resolves.toMatchObject({ relayOpen: false, statusWord3: 0 });
  });

  it('puts the deadline in the frame, in meter time', async () => {
    await driver.switchRelay(TARGET, 'trip', { deadline: new Date('2099-06-30T15:59:59Z') });
    const [command] = simulator.meter(METER).received;
    expect(command?.meaning).toMatchObject({ command: 'trip', deadline: { year: 2099, month: 6, day: 30, hour: 23, minute: 59, second: 59 } });
  });

  it('defaults the deadline to five minutes from now', async () => {
    const before = Date.now();
    await driver.switchRelay(TARGET, 'trip');
    const [command] = simulator.meter(METER).received;
    if (command?.meaning?.kind !== 'remote-control') throw new Error('no command received');
    const deadline = meterLocalTimeToDate(command.meaning.deadline).getTime();
    expect(deadline - before).toBeGreaterThan(299_000);
    expect(deadline - before).toBeLessThanOrEqual(301_000);
  });

  it('reports a wrong password as METER_REFUSED without polling', async () => {
    const result = await driver.switchRelay({ ...TARGET, password: '123456' }, 'trip');
    expect(result).toMatchObject({ confirmed: false, relayOpen: null, failure: { code: 'METER_REFUSED' } });
    expect(result.failure?.message).toContain('unauthorized');
    expect(result.exchanges).toHaveLength(1);
  });

  it('reports an expired deadline as METER_REFUSED', async () => {
    const result = await driver.switchRelay(TARGET, 'trip', { deadline: new Date(Date.now() - 60_000) });
    expect(result.failure?.code).toBe('METER_REFUSED');
    expect(simulator.meter(METER).relayOpen).toBe(false);
  });

  it('sends the command only once when the meter stays silent', async () => {
    simulator.meter(METER).failNextCommands(1, 'silence');
    const result = await driver.switchRelay(TARGET, 'trip');
    expect(result).toMatchObject({ confirmed: false, failure: { code: 'NO_REPLY' } });
    expect(result.exchanges).toEqual([expect.objectContaining({ receivedHex: null })]);
    expect(simulator.meter(METER).commandsReceived()).toHaveLength(1);
  });

  it('reports garbage as BAD_REPLY with the bytes received', async () => {
    simulator.meter(METER).failNextCommands(1, 'garbage');
    const result = await driver.switchRelay(TARGET, 'trip');
    expect(result.failure?.code).toBe('BAD_REPLY');
    expect(result.exchanges[0]?.receivedHex).toMatch(/^[0-9A-F]{2}( [0-9A-F]{2})+$/);
  });

  it('reports a relay that does not move as NOT_CONFIRMED with the last status', async () => {
    simulator.meter(METER).setFault('stuckRelay');
    const result = await driver.switchRelay(TARGET, 'trip');
    expect(result).toMatchObject({ confirmed: false, relayOpen: false, statusWord3: 0x0040, failure: { code: 'NOT_CONFIRMED' } });
    expect(result.exchanges.length).toBeGreaterThan(3);
    expect(simulator.meter(METER).commandsReceived()).toHaveLength(1);
  });

  it('keeps polling until a slow relay moves', async () => {
    await simulator.stop();
    await line.close();
    setUp([{ address: METER, replyLatencyMs: 2, relayDelayMs: 80 }]);
    const result = await driver.switchRelay(TARGET, 'trip');
    expect(result.confirmed).toBe(true);
    expect(result.exchanges.length).toBeGreaterThan(2);
  });

  it('retries a status read that timed out', async () => {
    const meter = simulator.meter(METER);
    meter.setFault('silence');
    setTimeout(() => meter.setFault(null), 150);
    const status = await driver.readStatusWord3(TARGET);
    expect(status).toMatchObject({ relayOpen: false, statusWord3: 0 });
    expect(status.exchanges.length).toBeGreaterThan(1);
    expect(status.exchanges[0]?.receivedHex).toBeNull();
  });

  it('throws a MeterDriverError once all read attempts fail', async () => {
    simulator.meter(METER).setFault('silence');
    const failure = driver.readEnergy(TARGET);
    await expect(failure).rejects.toBeInstanceOf(MeterDriverError);
    await expect(failure).rejects.toMatchObject({ code: 'NO_REPLY', exchanges: [{}, {}, {}] });
  });

  it('reads energy and the address', async () => {
    simulator.meter(METER).energyKWh = 1234.56;
    await expect(driver.readEnergy(TARGET)).resolves.toMatchObject({ kWh: 1234.56 });
    await expect(driver.readAddress()).resolves.toMatchObject({ address: METER });
  });

  it('reads the last trip from the meter\'s own record (1D000101): none before, the trip\'s time by the meter\'s clock after', async () => {
    simulator.meter(METER).clockOffsetMs = -90_000;
    const before = await driver.readLastTripTime(TARGET);
    expect(before.at).toBeNull();
    expect(before.exchanges[0]!.sentHex).toMatch(/ 11 04 34 34 33 50 /);
    const at = Date.now();
    await driver.switchRelay(TARGET, 'trip');
    const after = await driver.readLastTripTime(TARGET);
    // The meter's clock runs 90 s behind: its record says so (to the second), the host's clock does not enter.
    expect(Math.abs(Date.parse(after.at!) - (at - 90_000))).toBeLessThan(2_000);
  });

  it('throws when the meter keeps no trip records', async () => {
    await simulator.stop();
    await line.close();
    setUp([{ address: METER, replyLatencyMs: 2, keepsTripRecords: false }]);
    await expect(driver.readLastTripTime(TARGET)).rejects.toMatchObject({ code: 'METER_REFUSED' });
  });

  it('rejects bad input by throwing', async () => {
    await expect(driver.switchRelay({ ...TARGET, address: '12' }, 'trip')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(driver.switchRelay({ ...TARGET, operatorCode: 'x' }, 'trip')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(driver.switchRelay(TARGET, 'explode' as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('two meters on one bus', () => {
  beforeEach(() => setUp([{ address: METER, replyLatencyMs: 2 }, { address: '000000000002', replyLatencyMs: 2, energyKWh: 7 }]));

  it('commands only the addressed meter', async () => {
    const result = await driver.switchRelay({ ...TARGET, address: '000000000002' }, 'trip');
    expect(result.confirmed).toBe(true);
    expect(simulator.meter('000000000002').relayOpen).toBe(true);
    expect(simulator.meter(METER).relayOpen).toBe(false);
    expect(simulator.meter(METER).received).toHaveLength(0);
  });

  it('leaves the wildcard read unanswered', async () => {
    await expect(driver.readAddress()).rejects.toMatchObject({ code: 'NO_REPLY' });
  });
});
