import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { startMeterSimulator } from '../hardware/simulator';
import { createInMemoryChannelPair } from '../hardware/transport';
import { siteLinesOver } from '../workers/hardware';
import { memoryLedger } from '../hardware/ledger';
import { refusingLedger } from '../test/support/ledger';
import { BatchRelayResult, createMeterActivities, type ReadBack } from './meters';

const QUICK_DRIVER = { confirmTimeoutMs: 500, pollIntervalMs: 10, timeouts: { replyTimeoutMs: 200, interByteTimeoutMs: 50 } };
const meter = (address: string, line = 'line-1') => ({ address, protocol: 'dlt645-2007' as const, passwordLevel: 2, password: '000000', operatorCode: '00000000', line });

describe('switchRelays (a batch of one line)', () => {
  it('trips each meter in turn, and a meter that fails fails alone', async () => {
    const [master, bus] = createInMemoryChannelPair();
    const simulator = startMeterSimulator(bus, [
      { address: '000000000101', relayOpen: false, replyLatencyMs: 1 },
      { address: '000000000102', relayOpen: false, replyLatencyMs: 1 },
      { address: '000000000103', relayOpen: false, replyLatencyMs: 1 },
    ]);
    simulator.meter('000000000102').setFault('silence');
    const lines = siteLinesOver('site-a', [{ name: 'line-1', channel: master }], QUICK_DRIVER);
    const heartbeats: unknown[] = [];
    const env = new MockActivityEnvironment();
    env.on('heartbeat', (details) => heartbeats.push(details));
    try {
      const results: BatchRelayResult[] = await env.run(createMeterActivities(lines).switchRelays, {
        meters: [meter('000000000101'), meter('000000000102'), meter('000000000103'), meter('000000000104', 'line-9')],
        command: 'trip' as const,
        validityMinutes: 5,
      });

      expect(results.map((r) => [r.confirmed, r.failure?.code ?? null])).toEqual([
        [true, null],
        [false, 'NO_REPLY'],
        [true, null],
        [false, 'UnknownLine'],
      ]);
      expect(results[1]!.exchanges.length).toBeGreaterThan(0);
      expect(simulator.meter('000000000101').relayOpen).toBe(true);
      expect(simulator.meter('000000000103').relayOpen).toBe(true);
      // One command at a time: the third meter heard its trip only after the second timed out.
      const first = simulator.meter('000000000101').commandsReceived()[0]!.at.getTime();
      const third = simulator.meter('000000000103').commandsReceived()[0]!.at.getTime();
      expect(third - first).toBeGreaterThanOrEqual(QUICK_DRIVER.timeouts.replyTimeoutMs);
      // Progress after each meter, so a stuck site worker is noticed by its heartbeat timeout.
      expect(heartbeats).toEqual([1, 2, 3, 4]);
    } finally {
      await lines.close();
      await simulator.stop();
    }
  });

  it('keeps each command whole on its line when two batches share it', async () => {
    const [master, bus] = createInMemoryChannelPair();
    const addresses = ['000000000201', '000000000202', '000000000203', '000000000204'];
    const simulator = startMeterSimulator(bus, addresses.map((address) => ({ address, relayOpen: false, replyLatencyMs: 2, relayDelayMs: 15 })));
    const onBus: string[] = [];
    simulator.onFrame((frame) => onBus.push(frame.address));
    const lines = siteLinesOver('site-a', [{ name: 'line-1', channel: master }], QUICK_DRIVER);
    const activities = createMeterActivities(lines);
    try {
      const [first, second] = (await Promise.all([
        new MockActivityEnvironment().run(activities.switchRelays, { meters: [meter(addresses[0]!), meter(addresses[1]!)], command: 'trip' as const, validityMinutes: 5 }),
        new MockActivityEnvironment().run(activities.switchRelays, { meters: [meter(addresses[2]!), meter(addresses[3]!)], command: 'trip' as const, validityMinutes: 5 }),
      ])) as [BatchRelayResult[], BatchRelayResult[]];
      expect([...first, ...second].every((result: BatchRelayResult) => result.confirmed)).toBe(true);
      // A trip, its status polls (the relay takes 15 ms) and the clock reads: one meter's
      // frames in one unbroken run, never another meter's frame in between.
      const runs = onBus.filter((address, i) => address !== onBus[i - 1]);
      expect(runs.sort()).toEqual([...addresses].sort());
      expect(onBus.length).toBeGreaterThan(addresses.length * 4);
    } finally {
      await lines.close();
      await simulator.stop();
    }
  });

  it('sends no further command once cancelled mid-batch, and drops a command still queued on the line', async () => {
    const [master, bus] = createInMemoryChannelPair();
    const addresses = Array.from({ length: 6 }, (_, i) => `00000000030${i + 1}`);
    const simulator = startMeterSimulator(bus, addresses.map((address) => ({ address, relayOpen: false, replyLatencyMs: 2, relayDelayMs: 30 })));
    const lines = siteLinesOver('site-a', [{ name: 'line-1', channel: master }], QUICK_DRIVER);
    const activities = createMeterActivities(lines);
    // Frames counted on the meters' side of the line, not in Gridflow's own records.
    let frames = 0;
    simulator.onFrame(() => frames++);
    const batch = new MockActivityEnvironment();
    const queuedBehind = new MockActivityEnvironment();
    try {
      const running = batch.run(activities.switchRelays, { meters: addresses.slice(0, 4).map((a) => meter(a)), command: 'trip' as const, validityMinutes: 5 });
      // Another batch shares the line: its commands take turns with the first batch's
      // (1, 5, 2, 6...), so when meter 2 hears its trip, meter 6's command waits in the queue.
      const waiting = queuedBehind.run(activities.switchRelays, { meters: addresses.slice(4).map((a) => meter(a)), command: 'trip' as const, validityMinutes: 5 });
      // Both are cancelled in the middle of meter 2's exchange: its first frame after the trip.
      await new Promise<void>((resolve) => {
        const stop = simulator.onFrame((frame) => {
          if (frame.address !== addresses[1] || simulator.meter(addresses[1]!).commandsReceived().length === 0) return;
          stop();
          batch.cancel();
          queuedBehind.cancel();
          resolve();
        });
      });

      await expect(running).rejects.toBeInstanceOf(CancelledFailure);
      await expect(waiting).rejects.toBeInstanceOf(CancelledFailure);
      const afterCancel = frames;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(frames).toBe(afterCancel);
      const commanded = addresses.map((address) => simulator.meter(address).commandsReceived().length);
      // The meter in hand when the cancel came finishes its exchange; nothing after it is
      // sent, and meter 6's queued command is dropped.
      expect(commanded).toEqual([1, 1, 0, 0, 1, 0]);
    } finally {
      await lines.close();
      await simulator.stop();
    }
  });

  it('drops a single command cancelled while it waits for the line', async () => {
    const [master, bus] = createInMemoryChannelPair();
    const simulator = startMeterSimulator(bus, [
      { address: '000000000401', relayOpen: false, replyLatencyMs: 2, relayDelayMs: 50 },
      { address: '000000000402', relayOpen: false, replyLatencyMs: 2 },
    ]);
    const lines = siteLinesOver('site-a', [{ name: 'line-1', channel: master }], QUICK_DRIVER);
    const activities = createMeterActivities(lines);
    const single = new MockActivityEnvironment();
    try {
      const first = new MockActivityEnvironment().run(activities.switchRelays, { meters: [meter('000000000401')], command: 'trip' as const, validityMinutes: 5 });
      const queued = single.run(activities.switchRelay, { meter: meter('000000000402'), command: 'trip' as const, validityMinutes: 5 });
      single.cancel();
      await expect(queued).rejects.toBeInstanceOf(CancelledFailure);
      await first;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(simulator.meter('000000000402').received).toHaveLength(0);
    } finally {
      await lines.close();
      await simulator.stop();
    }
  });
});

describe('the command ledger and the read-back', () => {
  it('records each command’s intent before its frame and its result after; the read-back tells each meter’s ledger state and relay', async () => {
    const [master, bus] = createInMemoryChannelPair();
    const simulator = startMeterSimulator(bus, [
      { address: '000000000301', relayOpen: false, replyLatencyMs: 1 },
      { address: '000000000302', relayOpen: false, replyLatencyMs: 1 },
      { address: '000000000303', relayOpen: false, replyLatencyMs: 1 },
    ]);
    const lines = siteLinesOver('site-a', [{ name: 'line-1', channel: master }], QUICK_DRIVER);
    const ledger = memoryLedger();
    const activities = createMeterActivities(lines, ledger);
    const info = { activityId: '5', attempt: 1, workflowExecution: { workflowId: 'disconnection-9-batch-1', runId: 'r1' } };
    try {
      // The batch's meters 1 and 2 (meter 3 is in the batch but was never reached).
      await new MockActivityEnvironment(info).run(activities.switchRelays, { meters: [meter('000000000301'), meter('000000000302')], command: 'trip' as const, validityMinutes: 5 });
      expect(ledger.entries.map((e) => (e.kind === 'intent' || e.kind === 'result' ? [e.kind, e.meter, e.batch] : [e.kind, e.activity, e.attempt]))).toEqual([
        // The attempt itself, with its task token: a crash leaves it begun and never ended.
        ['attempt-begun', 'disconnection-9-batch-1/5', 1],
        ['intent', '000000000301', 'disconnection-9-batch-1/5'],
        ['result', '000000000301', 'disconnection-9-batch-1/5'],
        ['intent', '000000000302', 'disconnection-9-batch-1/5'],
        ['result', '000000000302', 'disconnection-9-batch-1/5'],
        ['attempt-ended', 'disconnection-9-batch-1/5', 1],
      ]);
      expect(ledger.entries[0]).toMatchObject({ activityType: expect.any(String), taskToken: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) });
      const sent = simulator.meter('000000000301').commandsReceived()[0]!.at.getTime();
      expect(new Date(ledger.entries[1]!.at).getTime()).toBeLessThanOrEqual(sent);
      expect(ledger.entries[2]).toMatchObject({ confirmed: true, relayOpen: true, frames: expect.arrayContaining([expect.objectContaining({ sentHex: expect.stringMatching(/^FE FE FE FE 68 .* 68 1C /) })]) });
      // Meter 2's result and the attempt's end lost (as if the worker died between its command and the reply).
      ledger.entries.splice(4);
      expect(await ledger.unfinishedAttempts()).toEqual([ledger.entries[0]]);
      simulator.meter('000000000303').setFault('silence');

      const before = [1, 2, 3].map((n) => simulator.meter(`00000000030${n}`).commandsReceived().length);
      const found: ReadBack[] = await new MockActivityEnvironment({ ...info, activityId: '6' }).run(activities.readBackMeters, {
        batch: 'disconnection-9-batch-1/5',
        command: 'trip' as const,
        meters: [meter('000000000301'), meter('000000000302'), meter('000000000303')],
      });
      expect(found.map((f) => [f.meter, f.ledger.state, f.relayOpen, f.failure?.code ?? null])).toEqual([
        ['000000000301', 'answered', true, null],
        ['000000000302', 'possibly-sent', true, null],
        ['000000000303', 'never-sent', null, 'NO_REPLY'],
      ]);
      // An open relay's trip time from the meter's own record: meter 2's, whose result the ledger lost, included.
      const tripped = simulator.meter('000000000302').lastTrip!.at.getTime();
      expect(Math.abs(Date.parse(found[1]!.trippedAt!) - tripped)).toBeLessThan(1_000);
      expect(found[2]!.trippedAt).toBeUndefined();
      // Reads only: no meter heard another control command.
      expect([1, 2, 3].map((n) => simulator.meter(`00000000030${n}`).commandsReceived().length)).toEqual(before);
    } finally {
      await lines.close();
      await simulator.stop();
    }
  });

  it('answers a read-back with what each meter said: garbage and a dropped line are failures with their reason, never a command', async () => {
    const [master, bus] = createInMemoryChannelPair();
    const simulator = startMeterSimulator(bus, [
      { address: '000000000311', relayOpen: true, replyLatencyMs: 1 },
      { address: '000000000312', relayOpen: false, replyLatencyMs: 1 },
      { address: '000000000313', relayOpen: true, replyLatencyMs: 1 },
    ]);
    simulator.meter('000000000312').setFault('garbage');
    const lines = siteLinesOver('site-a', [{ name: 'line-1', channel: master }], QUICK_DRIVER);
    const activities = createMeterActivities(lines, memoryLedger());
    // The line drops as the third meter's read goes out: its bus end stops answering for good.
    simulator.meter('000000000313').onFrame(() => void simulator.stop());
    try {
      const found: ReadBack[] = await new MockActivityEnvironment().run(activities.readBackMeters, {
        batch: 'disconnection-9-batch-2/5',
        command: 'trip' as const,
        meters: [meter('000000000311'), meter('000000000312'), meter('000000000313')],
      });
      expect(found.map((f) => [f.meter, f.relayOpen, f.failure?.code ?? null])).toEqual([
        ['000000000311', true, null],
        ['000000000312', null, expect.any(String)],
        ['000000000313', null, 'NO_REPLY'],
      ]);
      expect(found[1]!.failure!.message.length).toBeGreaterThan(0);
      expect(simulator.meters.map((m) => m.commandsReceived().length)).toEqual([0, 0, 0]);
    } finally {
      await lines.close();
      await simulator.stop();
    }
  });

  it('gives the line to a read-back before a command already waiting for it', async () => {
    const [master, bus] = createInMemoryChannelPair();
    const addresses = ['000000000321', '000000000322', '000000000323'];
    const simulator = startMeterSimulator(bus, addresses.map((address) => ({ address, relayOpen: false, replyLatencyMs: 5 })));
    const onBus: string[] = [];
    simulator.onFrame((frame) => onBus.push(`${frame.control.func === 0x1c ? 'command' : 'read'} ${frame.address}`));
    const lines = siteLinesOver('site-a', [{ name: 'line-1', channel: master }], QUICK_DRIVER);
    const activities = createMeterActivities(lines, memoryLedger());
    const trip = (activityId: string, address: string) => new MockActivityEnvironment({ activityId }).run(activities.switchRelays, { meters: [meter(address)], command: 'trip' as const, validityMinutes: 5 });
    try {
      // Meter 1's command holds the line; meter 2's batch queues behind it, then a read-back of meter 3.
      const first = trip('1', addresses[0]!);
      await new Promise<void>((resolve) => {
        const stop = simulator.onFrame(() => (stop(), resolve()));
      });
      const second = trip('2', addresses[1]!);
      await new Promise((resolve) => setImmediate(resolve));
      const readBack = new MockActivityEnvironment({ activityId: '3' }).run(activities.readBackMeters, { batch: 'elsewhere/1', command: 'trip' as const, meters: [meter(addresses[2]!)] });
      await Promise.all([first, second, readBack]);
      const at = (what: string) => onBus.indexOf(what);
      // Meter 1's command and its confirming reads stay whole; then the read-back; then meter 2's command.
      expect(at('read 000000000323')).toBeGreaterThan(onBus.lastIndexOf('read 000000000321'));
      expect(at('read 000000000323')).toBeLessThan(at('command 000000000322'));
    } finally {
      await lines.close();
      await simulator.stop();
    }
  });

  it('sends nothing when the ledger cannot record the attempt: the activity fails before any frame, for the workflow to read back', async () => {
    const [master, bus] = createInMemoryChannelPair();
    const simulator = startMeterSimulator(bus, [{ address: '000000000331', relayOpen: false, replyLatencyMs: 1 }]);
    const lines = siteLinesOver('site-a', [{ name: 'line-1', channel: master }], QUICK_DRIVER);
    const ledger = refusingLedger();
    ledger.refuseNextAttempts(1);
    const activities = createMeterActivities(lines, ledger);
    try {
      await expect(new MockActivityEnvironment().run(activities.switchRelays, { meters: [meter('000000000331')], command: 'trip' as const, validityMinutes: 5 })).rejects.toThrow(/cannot be written/);
      expect(simulator.meter('000000000331').commandsReceived()).toEqual([]);
      expect(ledger.entries).toEqual([]);
    } finally {
      await lines.close();
      await simulator.stop();
    }
  });
});
