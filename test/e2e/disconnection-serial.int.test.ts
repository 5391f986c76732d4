// A disconnection case end to end over real serial lines: a Temporal time-skipping server,
// PostgreSQL, and a site with two RS-485 lines, each a socat pty pair opened by the
// `serialport` package at 2400 baud 8E1 on both ends, a meter simulator on the far end.
// Some meters trip, some fail in different ways, one customer is protected.
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { DataIdentifier, decodeFrame, interpretReply, interpretRequest } from '../../hardware/dlt645';
import type { FrameExchange } from '../../hardware/driver';
import { parseHex } from '../../hardware/hex';
import { type MeterSimulator, type SimulatedMeterConfig, startMeterSimulator } from '../../hardware/simulator';
import { type ByteChannel, DEFAULT_LINE_TIMEOUTS, openSerialChannel, withLineTiming } from '../../hardware/transport';
import { siteLinesOver } from '../../workers/hardware';
import { completeTaskUpdate } from '../../workflows/human/wait-for-person';
import { disconnectionCase, disconnectionProgressQuery } from '../../workflows/disconnection/case';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { createTestDatabase, TestDatabase } from '../support/database';
import { RunningGridflow, startGridflow } from '../support/gridflow';
import { openPtyPair, PtyPair } from '../support/socat';
import { createTimeSkippingEnv } from '../support/temporal';

const HOUR = 3600_000;
const CHINA = 8 * HOUR;
const BAUD = 2400;
const SITE = 'serial-site';
const PRE_NOTICE_MINUTES = 60;

type Behaviour = 'trips' | 'silent' | 'refuses' | 'stuck' | 'protected';

interface PlannedMeter {
  customerNo: string;
  address: string;
  line: 'rs485-1' | 'rs485-2';
  behaves: Behaviour;
}

/** Each customer's meter and how it behaves on its line. */
const PLAN: PlannedMeter[] = [
  { customerNo: 'S-1', address: '000000000801', line: 'rs485-1', behaves: 'trips' },
  { customerNo: 'S-2', address: '000000000802', line: 'rs485-1', behaves: 'silent' },
  { customerNo: 'S-3', address: '000000000803', line: 'rs485-1', behaves: 'protected' },
  { customerNo: 'S-4', address: '000000000804', line: 'rs485-1', behaves: 'trips' },
  { customerNo: 'S-5', address: '000000000805', line: 'rs485-2', behaves: 'trips' },
  { customerNo: 'S-6', address: '000000000806', line: 'rs485-2', behaves: 'refuses' },
  { customerNo: 'S-7', address: '000000000807', line: 'rs485-2', behaves: 'stuck' },
];
const LINES = ['rs485-1', 'rs485-2'] as const;
const FAILURE_CODE: Partial<Record<Behaviour, string>> = { silent: 'NO_REPLY', refuses: 'METER_REFUSED', stuck: 'NOT_CONFIRMED' };
const planned = (...kinds: Behaviour[]) => PLAN.filter((p) => kinds.includes(p.behaves));

/** What crossed one line, in the order the simulator saw it: a request arrived, a reply went out. */
type BusEntry = { kind: 'request'; address: string; at: number } | { kind: 'reply'; at: number };

interface SimulatedLine {
  simulator: MeterSimulator;
  bus: BusEntry[];
  stop(): Promise<void>;
}

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let ptys: PtyPair[] = [];
let lines: Record<string, SimulatedLine>;
let gridflow: RunningGridflow;
const users: Record<'applicant' | 'approver' | 'executor', number> = { applicant: 0, approver: 0, executor: 0 };

beforeAll(async () => {
  [env, t, ...ptys] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), openPtyPair(), openPtyPair()]);
  users.applicant = await insertUser(t.db, { username: 'applicant', roles: ['collector'] });
  users.approver = await insertUser(t.db, { username: 'approver', roles: ['approver'] });
  users.executor = await insertUser(t.db, { username: 'executor', roles: ['executor'] });
  // One approval level; weekends and holidays allowed, so the only forbidden windows are the
  // night and the 16:00 cut-off, which the test's clock (09:00 China, commands at 10:00) avoids.
  const policy = {
    approvalLevels: [{ name: '供电所长审批', approverRoles: ['approver'] }],
    forbiddenWindows: { weekendsForbidden: false, holidays: [], workdayOverrides: [] },
    preNoticeMinutes: PRE_NOTICE_MINUTES,
  };
  await t.db('settings').where({ key: 'disconnection' }).update({ value: JSON.stringify(policy) });

  lines = {};
  for (const [i, name] of LINES.entries()) {
    const meters = PLAN.filter((p) => p.line === name).map(({ address, behaves }) => meterConfig(address, behaves));
    lines[name] = await simulateLine(ptys[i]!.a, meters);
  }
  for (const p of planned('silent')) lines[p.line]!.simulator.meter(p.address).setFault('silence');
  for (const p of planned('stuck')) lines[p.line]!.simulator.meter(p.address).setFault('stuckRelay');

  // The hardware worker's side, as openSiteLines builds it, but with a 2 s confirmation so
  // the stuck relay costs 2 s instead of production's 30; line timeouts stay the defaults.
  const channels = [];
  for (const [i, name] of LINES.entries()) {
    channels.push({ name, channel: await openSerialChannel({ path: ptys[i]!.b, baudRate: BAUD, dataBits: 8, parity: 'even', stopBits: 1 }) });
  }
  const siteLines = siteLinesOver(SITE, channels, { confirmTimeoutMs: 2000, pollIntervalMs: 100 });
  gridflow = await startGridflow({ env, db: t.db, meters: [], lines: siteLines, simulator: bothLines(Object.values(lines)) });
});

afterAll(async () => {
  await gridflow?.stop();
  await Promise.all(ptys.map((pty) => pty.close()));
  await env?.teardown();
  await t?.drop();
});

/** The meters' clocks run 7 minutes behind the site's: the outage time must be the meter's. */
const METER_CLOCK_OFFSET_MS = -7 * 60_000;

function meterConfig(address: string, behaves: Behaviour): SimulatedMeterConfig {
  // The refusing meter was re-keyed on site and the archive still holds the old password.
  return { address, replyLatencyMs: 20, replyPreamble: 2, clockOffsetMs: METER_CLOCK_OFFSET_MS, ...(behaves === 'refuses' ? { password: '123456' } : {}) };
}

/**
 * The meters of one line behind the pty end at `path`, replies paced like 2400 baud. Every
 * request the simulator decodes and every reply it starts to send is logged in order, so
 * the test can see whether the master ever spoke before the bus was free.
 */
async function simulateLine(path: string, meters: SimulatedMeterConfig[]): Promise<SimulatedLine> {
  const serial = await openSerialChannel({ path, baudRate: BAUD, dataBits: 8, parity: 'even', stopBits: 1 });
  const paced = withLineTiming(serial, BAUD);
  const bus: BusEntry[] = [];
  const logged: ByteChannel = {
    write(bytes) {
      // Logged when the reply starts: the master cannot have it before then.
      bus.push({ kind: 'reply', at: Date.now() });
      return paced.write(bytes);
    },
    onData: (listener) => paced.onData(listener),
    close: () => paced.close(),
  };
  const simulator = startMeterSimulator(logged, meters);
  simulator.onFrame((frame, at) => bus.push({ kind: 'request', address: frame.address, at: at.getTime() }));
  return {
    simulator,
    bus,
    async stop() {
      await simulator.stop();
      await logged.close();
    },
  };
}

/** The simulators of both lines seen as one, as startGridflow wants a single simulator. */
function bothLines(of: SimulatedLine[]): MeterSimulator {
  return {
    meters: of.flatMap((line) => line.simulator.meters),
    meter(address) {
      const line = of.find((l) => l.simulator.meters.some((m) => m.address === address));
      if (!line) throw new Error(`no simulated meter ${address} on any line`);
      return line.simulator.meter(address);
    },
    onFrame(listener) {
      const offs = of.map((line) => line.simulator.onFrame(listener));
      return () => offs.forEach((off) => off());
    },
    async stop() {
      await Promise.all(of.map((line) => line.stop()));
    },
  };
}

const meterOf = (p: PlannedMeter) => gridflow.simulator.meter(p.address);

/** Moves the test server's clock forward to the next given hour of the day in China. */
async function skipToChinaHour(hour: number): Promise<void> {
  const now = await env.currentTimeMs();
  const localMidnight = Math.floor((now + CHINA) / (24 * HOUR)) * 24 * HOUR - CHINA;
  let target = localMidnight + hour * HOUR;
  if (target <= now) target += 24 * HOUR;
  await env.sleep(target - now);
}

/** Polls `read` until `done` holds; the workflows run in real time while the test waits. */
async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True once the case has started its pre-notice timer, so skipping time is sure to fire it. */
async function preNoticeTimerStarted(handle: WorkflowHandle): Promise<boolean> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).some((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0) === PRE_NOTICE_MINUTES * 60);
}

const frameOf = (hex: string) => decodeFrame(parseHex(hex));

/**
 * Half duplex: after each request the addressed meter's reply goes out before the next
 * request arrives, or — for a meter that never answers — the master first waits out its
 * reply timeout. Returns the breaches, readable in a failure message.
 */
function halfDuplexBreaches(bus: BusEntry[], silent: Set<string>): string[] {
  const breaches: string[] = [];
  bus.forEach((entry, i) => {
    const next = bus[i + 1];
    if (entry.kind === 'reply') {
      if (bus[i - 1]?.kind !== 'request') breaches.push(`#${i}: a reply with no request before it`);
    } else if (!silent.has(entry.address)) {
      if (next && next.kind !== 'reply') breaches.push(`#${i}: request to ${next.address} arrived before ${entry.address} answered`);
    } else if (next?.kind === 'request' && next.at - entry.at < DEFAULT_LINE_TIMEOUTS.replyTimeoutMs - 100) {
      // The master's timer starts when its write drains, a little before the frame is decoded here.
      breaches.push(`#${i}: request to ${next.address} only ${next.at - entry.at} ms after one to silent ${entry.address}`);
    }
  });
  return breaches;
}

it('disconnects the customers whose meters trip, sends the failures to executors, never trips the protected, and archives', async () => {
  await skipToChinaHour(9);
  const customers = new Map<string, number>();
  for (const p of PLAN) {
    const { customerId } = await insertCustomer(t.db, {
      customerNo: p.customerNo,
      supplyStatus: 'connected',
      protected: p.behaves === 'protected',
      meter: { address: p.address, site: SITE, line: p.line },
      dueBillsFen: [45000],
    });
    customers.set(p.customerNo, customerId);
  }
  await t.db('customers').where({ customer_no: planned('protected')[0]!.customerNo }).update({ protection_reason: '居家氧疗 home oxygen therapy' });
  const idOf = (p: PlannedMeter) => customers.get(p.customerNo)!;
  const customer = (p: PlannedMeter) => t.db('customers').where({ id: idOf(p) }).first();
  const eventsOf = (p: PlannedMeter, type: string) => t.db('events').where({ customer_id: idOf(p), type }).orderBy('id');

  const handle = await env.client.workflow.start(disconnectionCase, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: 'disconnection-case-serial',
    args: [{ applicantId: users.applicant, reason: '欠费超过两个月', customerNos: PLAN.map((p) => p.customerNo), title: '串口线路欠费停电' }],
  });

  // Approval, by someone other than the applicant.
  const approval = await eventually(
    'the approval task',
    () => t.db('tasks').where({ workflow_id: handle.workflowId, step: 'disconnection-approval', state: 'open' }).first(),
    (row) => row !== undefined,
  );
  await handle.executeUpdate(completeTaskUpdate, {
    args: [{ taskId: Number(approval.id), by: { userId: users.approver, roles: ['approver'] }, result: { decision: 'approve', opinion: '同意停电' } }],
  });
  const { id: caseId } = await t.db('cases').where({ workflow_id: handle.workflowId }).first('id');

  // Pre-notice: texts go out and nothing reaches a meter until the notice period has passed.
  await eventually('the pre-notice timer', () => preNoticeTimerStarted(handle), (started) => started);
  const noticed = await t.db('outbox').where({ purpose: 'outage-notice' }).pluck('customer_id');
  expect(noticed).toEqual(expect.arrayContaining(planned('trips', 'silent', 'refuses', 'stuck').map(idOf)));
  expect(gridflow.simulator.meters.flatMap((m) => m.received)).toHaveLength(0);
  await env.sleep(PRE_NOTICE_MINUTES * 60_000);

  // Commands: the three failed customers each get a manual-entry task.
  const failing = planned('silent', 'refuses', 'stuck');
  const tasks = await eventually(
    'a manual outage entry task for each failed trip',
    () => t.db('tasks').where({ case_id: caseId, step: 'manual-outage-entry', state: 'open' }),
    (rows) => rows.length >= failing.length,
  );
  const midway = await eventually(
    'the case to count the remote trips and the exclusion',
    () => handle.query(disconnectionProgressQuery),
    (p) => p.disconnected === planned('trips').length && p.excluded === 1,
  );
  expect(midway).toMatchObject({ stage: 'commands', total: PLAN.length, disconnected: 3, manualEntry: 0, excluded: 1 });

  // Every meter but the protected one got exactly one trip frame: a failed trip is never resent.
  for (const p of PLAN) {
    expect(meterOf(p).commandsReceived().map((c) => c.command)).toEqual(p.behaves === 'protected' ? [] : ['trip']);
  }

  for (const p of planned('trips')) {
    const meter = meterOf(p);
    expect(meter.relayOpen).toBe(true);
    const row = await customer(p);
    expect(row.supply_status).toBe('disconnected');
    // The outage time is the meter's own clock once it confirmed the trip (read back over the
    // line, whole seconds), neither the site's clock nor the workflow's, which the test
    // server has moved hours ahead.
    const outageAt = new Date(row.last_outage_at).getTime();
    expect(outageAt).toBeGreaterThanOrEqual(meter.commandsReceived()[0]!.at.getTime() + METER_CLOCK_OFFSET_MS - 1000);
    expect(outageAt).toBeLessThanOrEqual(meter.received.at(-1)!.at.getTime() + METER_CLOCK_OFFSET_MS + 1000);
    const [confirmed] = await eventsOf(p, 'meter.command.confirmed');
    expect(confirmed.data).toMatchObject({ outageTimeFrom: 'meter', outageAt: new Date(outageAt).toISOString() });
    // The audit trail holds every frame that reached the meter.
    expect(confirmed.data.exchanges).toHaveLength(meter.received.length);
    const [disconnected] = await eventsOf(p, 'customer.disconnected');
    expect(disconnected.data).toMatchObject({ via: 'remote' });
    expect(new Date(disconnected.data.outageAt).getTime()).toBe(outageAt);
  }

  for (const p of failing) {
    const meter = meterOf(p);
    expect(meter.relayOpen).toBe(false);
    expect(await customer(p)).toMatchObject({ supply_status: 'connected', last_outage_at: null });
    const failed = await eventsOf(p, 'meter.command.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].case_id).toBe(caseId);
    expect(failed[0].data.failure).toMatchObject({ code: FAILURE_CODE[p.behaves] });
    const exchanges: FrameExchange[] = failed[0].data.exchanges;
    expect(exchanges).toHaveLength(meter.received.length);
    const [trip, ...polls] = exchanges;
    expect(frameOf(trip!.sentHex).address).toBe(p.address);
    expect(interpretRequest(frameOf(trip!.sentHex))).toMatchObject({ kind: 'remote-control', command: 'trip' });
    if (p.behaves === 'silent') {
      expect(trip!.receivedHex).toBeNull();
    } else if (p.behaves === 'refuses') {
      expect(interpretReply(frameOf(trip!.receivedHex!))).toMatchObject({ kind: 'control-error', errors: ['unauthorized'] });
    } else {
      // Accepted, then status word 3 kept showing the relay closed until the driver gave up.
      expect(interpretReply(frameOf(trip!.receivedHex!))).toEqual({ kind: 'control-accepted' });
      expect(polls.length).toBeGreaterThan(1);
      for (const poll of polls) {
        expect(interpretRequest(frameOf(poll.sentHex))).toMatchObject({ kind: 'read-data-request', di: DataIdentifier.StatusWord3 });
        expect(interpretReply(frameOf(poll.receivedHex!))).toMatchObject({ value: { type: 'status-word-3', status: { relayOpen: false } } });
      }
    }
    const task = tasks.find((row) => row.customer_id === idOf(p));
    expect(task).toMatchObject({ candidate_roles: ['executor'], payload: { customerNo: p.customerNo, meterAddress: p.address, failure: { code: FAILURE_CODE[p.behaves] } } });
  }
  expect(tasks).toHaveLength(failing.length);

  // The protected customer: not a single frame on the bus, connected, and the verdict says why.
  for (const p of planned('protected')) {
    expect(meterOf(p).received).toHaveLength(0);
    expect(await customer(p)).toMatchObject({ supply_status: 'connected' });
    const verdicts = await eventsOf(p, 'disconnection.verdict');
    expect(verdicts.map((e) => e.data)).toEqual([expect.objectContaining({ verdict: 'never', code: 'PROTECTED', reason: expect.stringContaining('home oxygen therapy') })]);
    expect(await t.db('tasks').where({ customer_id: idOf(p) })).toHaveLength(0);
  }

  // Executors enter the outage time found on site, each task on the workflow that opened it.
  const entered = new Map<number, string>();
  for (const task of tasks) {
    const outageAt = new Date(await env.currentTimeMs()).toISOString();
    entered.set(task.customer_id, outageAt);
    await env.client.workflow.getHandle(task.workflow_id).executeUpdate(completeTaskUpdate, {
      args: [{ taskId: Number(task.id), by: { userId: users.executor, roles: ['executor'] }, result: { outageAt, note: '现场拉闸' } }],
    });
  }

  const final = { stage: 'archived', total: PLAN.length, disconnected: 6, manualEntry: 3, excluded: 1 };
  await expect(handle.result()).resolves.toMatchObject(final);
  await expect(handle.query(disconnectionProgressQuery)).resolves.toMatchObject(final);
  expect(await t.db('cases').where({ id: caseId }).first()).toMatchObject({ state: 'completed', current_step: 'archived' });
  for (const p of failing) {
    const row = await customer(p);
    expect(row.supply_status).toBe('disconnected');
    expect(new Date(row.last_outage_at).toISOString()).toBe(entered.get(idOf(p)));
    const [disconnected] = await eventsOf(p, 'customer.disconnected');
    expect(disconnected.data).toMatchObject({ via: 'manual-entry', byUserId: users.executor });
  }
  expect(await t.db('tasks').where({ case_id: caseId, step: 'manual-outage-entry' }).pluck('state')).toEqual(['completed', 'completed', 'completed']);

  // Each line carried only its own meters' frames, one request on the bus at a time, and one
  // command at a time: a meter's trip and its confirmation polls are never split by another's.
  const silent = new Set(planned('silent').map((p) => p.address));
  for (const name of LINES) {
    const { bus } = lines[name]!;
    const addressed = bus.flatMap((e) => (e.kind === 'request' ? [e.address] : []));
    const turns = addressed.filter((address, i) => address !== addressed[i - 1]);
    expect([...turns].sort()).toEqual(PLAN.filter((p) => p.line === name && p.behaves !== 'protected').map((p) => p.address));
    expect(halfDuplexBreaches(bus, silent)).toEqual([]);
  }
});
