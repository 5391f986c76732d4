import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import knex from 'knex';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { createApp } from '../../api/app';
import { issueServiceToken } from '../../api/service-tokens';
import { connect, Db, DbRow, migrateToLatest } from '../../db/connection';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { FunctionCode } from '../../hardware/dlt645/function-codes';
import { RECONNECTION_SWEEP_SCHEDULE_ID } from '../../workflows/reconnection/ids';
import { MeterSimulator, openSimulatorOnSerialPort } from '../../hardware/simulator';
import { listen } from '../support/http';
import { ALWAYS_OPEN_POLICY, SCALE_SITE, seedScaleCustomers } from '../support/scale';
import { openPtyPair, PtyPair } from '../support/socat';
import {
  CountingSmtpServer,
  PrivatePostgres,
  sleep,
  startCountingSmtpServer,
  startTemporalServer,
  tempDir,
  TemporalServer,
  WorkerProcess,
  workerProcess,
} from './parts';

/** The size of every run: the issue asks for at least 200 customers and 20 payments. */
export const CASE_CUSTOMERS = 200;
export const PAYMENTS = 20;
const LINES = 4;
const BAUD_RATE = 9600;
const PROTECTED_EVERY = 50;
/** Close commands a reconnection may send (the policy's maxCommands); a trip is sent at most once. */
const MAX_CLOSE_COMMANDS = 3;
const PASSWORD = 'faults-password-1';
/** A payment every so often from approval on, so that payments land before, during and after the fault. */
const PAYMENT_EVERY_MS = 3_500;
/**
 * Everything, fault included, must be over by then: longer than the product's own recovery
 * timers (a crashed sender's outbox claim lasts a minute, a silent site worker is noticed
 * in half of one), so a run fails on what is lost or done twice, not on a promised delay.
 */
export const RUN_TIMEOUT_MS = 5 * 60_000;

export interface RunningParts {
  postgres: PrivatePostgres;
  temporal: TemporalServer;
  central: WorkerProcess;
  hardware: WorkerProcess;
  smtp: CountingSmtpServer;
}

/** What a scenario does to one part, and where in the run it strikes. */
export interface Fault {
  name: string;
  /**
   * Phases it may strike in, one picked at random: 'notices' while the pre-notice SMS go
   * out (the first SMS delivered starts it), 'commands' while meters are being tripped (the
   * first trip frame at a meter starts it).
   */
  during: Array<'notices' | 'commands'>;
  /** Strikes somewhere in this many ms after the phase starts. */
  spreadMs: number;
  /** The kind of progress that shows the part is back: a meter frame, an SMS, or the case's record (events, SMS marked sent). */
  progress: 'frame' | 'sms' | 'record';
  /** It stops a part every run shares (the private PostgreSQL): it runs alone, after the others. */
  exclusive?: boolean;
  /** Every meter answers throughout: the fault must send nobody to a meter (issue 15's read-back). */
  noSiteVisits?: boolean;
  /** Takes the part down; resolves when it is down. */
  strike(parts: RunningParts, run: RunWatch): Promise<void>;
  /** Brings it back; resolves when it is up again. */
  restore(parts: RunningParts): Promise<void>;
}

/** Live observations from the far side of every part, shared with the fault while it waits. */
export interface RunWatch {
  /** Resolves at the next control frame any meter receives. */
  nextControlFrame(): Promise<void>;
}

export interface RunResult {
  scenario: string;
  customers: number;
  /** Customers with exactly one final outcome (case customers) or power back (payers). */
  outcomes: number;
  extraFrames: number;
  duplicateSms: number;
  /** SMS expected and never delivered. */
  missingSms: number;
  lostPayments: number;
  /** Cases (disconnection and reconnection) still running, or workflows that did not complete. */
  unfinished: number;
  /** Tasks that send a person to a meter (manual outage entry, reconnection on site): every meter answers, so each was caused by the fault. */
  siteVisits: number;
  /**
   * Of those, trips the ledger says were possibly sent whose relay read back closed: the one
   * attempt the policy allows was spent (issue 15's rule), so a person goes. A kill that lands
   * between another line's intent and its frame leaves such a meter.
   */
  siteVisitsNotEffective: number;
  /** Meters settled by reading them back after a failed command batch (the site's ledger and status word 3). */
  readBack: number;
  /** From the part being back to the case's (or the meters', or the SMS gateway's) next progress. */
  recoverSeconds: number | null;
  runSeconds: number;
  /** Where the fault struck: its phase and how long after the phase began. */
  phase: 'notices' | 'commands';
  strikeAfterMs: number;
  problems: string[];
}

/**
 * One disconnection case of 200 customers and 20 payments on real parts, with `fault`
 * struck at a random moment; then counts, from outside Gridflow, what each customer,
 * meter, phone and payment got.
 */
export async function runScenario(
  postgres: PrivatePostgres,
  fault: Fault,
  random: () => number,
  log: (line: string) => void = () => undefined,
  /** Strike in this phase rather than one picked at random (to reproduce a run). */
  phaseOverride?: 'notices' | 'commands',
): Promise<RunResult> {
  const dir = tempDir('run');
  const dbName = `gridflow_faults_${Date.now()}`;
  const admin = connect(postgres.url);
  await admin.raw(`CREATE DATABASE ${dbName}`);
  await admin.destroy();
  const dbUrl = postgres.url.replace(/\/postgres$/, `/${dbName}`);
  const db = quietDb(dbUrl);
  const cleanups: Array<() => Promise<unknown>> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };
  const setupStartedAt = Date.now();
  try {
    // The slow starts side by side: the database, the Temporal server, the SMTP server, the lines.
    const ptys: PtyPair[] = [];
    cleanups.push(async () => Promise.all(ptys.map((pty) => pty.close())));
    const [seed, temporal, smtp] = await Promise.all([
      migrateToLatest(db).then(() => seedRun(db)),
      startTemporalServer(dir).then((server) => (cleanups.push(() => server.stop()), server)),
      startCountingSmtpServer().then((server) => (cleanups.push(() => server.close()), server)),
      (async () => {
        for (let i = 0; i < LINES; i++) ptys.push(await openPtyPair());
      })(),
    ]);
    log(`${fault.name}: seeded ${CASE_CUSTOMERS} customers and ${PAYMENTS} payers, Temporal up, in ${((Date.now() - setupStartedAt) / 1000).toFixed(1)} s`);

    // Meters on socat ptys: the far end of each line is a simulator in this process.
    const frames = new Map<string, number>();
    const frameAt: number[] = [];
    /** Trip frames at the case's meters: the first one starts the command phase. */
    const tripAt: number[] = [];
    const caseMeterAddresses = new Set(seed.caseMeters.map((m) => m.address));
    const frameWaiters: Array<() => void> = [];
    const simulators: MeterSimulator[] = [];
    cleanups.push(async () => Promise.all(simulators.map((s) => s.stop())));
    for (const [i, pty] of ptys.entries()) {
      const line = `line-${i + 1}`;
      const meters = [
        ...seed.caseMeters.filter((m) => m.line === line).map((m) => ({ address: m.address, relayOpen: false, replyLatencyMs: 5 })),
        ...seed.payers.filter((p) => p.line === line).map((p) => ({ address: p.meterAddress, relayOpen: true, replyLatencyMs: 5 })),
      ];
      const simulator = await openSimulatorOnSerialPort(pty.a, meters, { baudRate: BAUD_RATE });
      simulator.onFrame((frame) => {
        if (frame.control.func !== FunctionCode.RemoteControl) return;
        frames.set(frame.address, (frames.get(frame.address) ?? 0) + 1);
        frameAt.push(Date.now());
        if (caseMeterAddresses.has(frame.address)) tripAt.push(Date.now());
        for (const wake of frameWaiters.splice(0)) wake();
      });
      simulators.push(simulator);
    }
    const siteFile = path.join(dir, 'site.json');
    writeFileSync(siteFile, JSON.stringify({ site: SCALE_SITE, lines: ptys.map((pty, i) => ({ name: `line-${i + 1}`, path: pty.b, baudRate: BAUD_RATE })) }));

    const workerEnv = { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default' };
    const central = workerProcess('central worker', 'workers/central.ts', {
      ...workerEnv,
      DATABASE_URL: dbUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMS_EMAIL_DOMAIN: 'sms.faults.test',
    }, path.join(dir, 'central.log'), /central worker on /);
    // The site's command ledger lives with the run: it outlives the worker's kill -9, not the run.
    const hardware = workerProcess('hardware worker', 'workers/hardware.ts', { ...workerEnv, GRIDFLOW_SITE_CONFIG: siteFile, GRIDFLOW_LEDGER_DIR: path.join(dir, 'ledger') }, path.join(dir, 'hardware.log'), /hardware worker for site /);
    // The run is measured by then: no need to wait for a graceful shutdown.
    cleanups.push(() => central.kill9(), () => hardware.kill9());
    await Promise.all([central.start(), hardware.start()]);
    log(`${fault.name}: parts up in ${((Date.now() - setupStartedAt) / 1000).toFixed(1)} s`);
    const parts: RunningParts = { postgres, temporal, central, hardware, smtp };

    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });
    const api = await listen(createApp({ db, temporal: client, gateway: outboxOnlyGateway, log: { error() {}, warn() {} } }));
    cleanups.push(() => api.close());
    const http = httpClient(api.baseUrl);

    // Apply and approve through the API, as people do.
    const applicant = await http.logIn('applicant');
    const applied = await http.call('POST', '/api/disconnections', { reason: '欠费超过两个月（故障演练）', filter: { arrearsAbove: 0, segmentCode: 'SEG-SCALE' } }, applicant);
    if (applied.status !== 201) throw new Error(`application answered ${applied.status}: ${JSON.stringify(applied.body)}`);
    const workflowId: string = applied.body.workflowId;
    const approver = await http.logIn('approver');
    const approvalTask = await until(async () => (await db('tasks').where({ workflow_id: workflowId, step: 'disconnection-approval', state: 'open' }).first('id'))?.id, 60_000);
    // The task row can be seen a moment before the workflow takes its completion: try again, as a person would.
    await until(async () => {
      const approved = await http.call('POST', `/api/tasks/${approvalTask}/complete`, { result: { decision: 'approve', opinion: '同意' } }, approver);
      if (approved.status === 200) return true;
      if (approved.status !== 409) throw new Error(`approval answered ${approved.status}: ${JSON.stringify(approved.body)}`);
      return undefined;
    }, 30_000, 500);
    const startedAt = Date.now();
    log(`${fault.name}: case ${workflowId} approved`);

    // The case's own progress, seen from the database, for the 'record' kind: its events and its SMS marked sent.
    const caseId = Number(await until(async () => (await db('cases').where({ workflow_id: workflowId }).first('id'))?.id, 30_000));
    const recordAt: number[] = [];
    let lastRecord = '';
    let watching = true;
    const recordWatch = (async () => {
      while (watching) {
        try {
          const events = await db('events').where({ case_id: caseId }).max({ id: 'id' }).first();
          const sent = await db('outbox').where({ case_id: caseId, state: 'sent' }).count({ n: '*' }).first();
          const signature = `${events?.id ?? 0}:${sent?.n ?? 0}`;
          if (signature !== lastRecord) {
            lastRecord = signature;
            recordAt.push(Date.now());
          }
        } catch {
          // The database may be the part that is down.
        }
        await sleep(200);
      }
    })();
    cleanups.push(async () => {
      watching = false;
      await recordWatch;
    });

    // Payments from a bank system: it posts each one until the API acknowledges it.
    const token = await issueServiceToken(db, 'faults-bank');
    const acknowledged = new Set<string>();
    const paying = (async () => {
      for (const [i, payer] of seed.payers.entries()) {
        if (i > 0) await sleep(PAYMENT_EVERY_MS);
        void postUntilAcknowledged(http, token, payer).then((paymentId) => acknowledged.add(paymentId));
      }
    })();

    // Executors and collectors do their part: enter outage times, reconnect on site.
    const executor = await http.logIn('executor');
    let doing = true;
    const people = (async () => {
      while (doing) {
        try {
          const open = await db('tasks').where({ state: 'open' }).whereIn('step', ['manual-outage-entry', 'manual-reconnection']).select('id', 'step');
          for (const task of open) {
            const now = new Date().toISOString();
            const result = task.step === 'manual-outage-entry' ? { outageAt: now, note: '现场确认已停电' } : { reconnectedAt: now, note: '现场复电' };
            await http.call('POST', `/api/tasks/${task.id}/complete`, { result }, executor).catch(() => undefined);
          }
        } catch {
          // Down parts answer errors; people try again.
        }
        await sleep(1000);
      }
    })();
    cleanups.push(async () => {
      doing = false;
      await people;
    });

    // The fault, at a random moment of its phase.
    const watch: RunWatch = { nextControlFrame: () => new Promise<void>((resolve) => frameWaiters.push(resolve)) };
    const picked = fault.during[Math.floor(random() * fault.during.length)]!;
    const phase = phaseOverride ?? picked;
    const phaseStart = phase === 'notices' ? await until(async () => smtp.deliveredAt[0], 120_000, 20) : await until(async () => tripAt[0], 180_000, 20);
    const strikeAfterMs = Math.round(random() * fault.spreadMs);
    await sleep(Math.max(0, phaseStart + strikeAfterMs - Date.now()));
    const struckAt = Date.now();
    await fault.strike(parts, watch);
    log(`${fault.name}: struck ${strikeAfterMs} ms into the ${phase} phase`);
    await fault.restore(parts);
    const backAt = Date.now();
    log(`${fault.name}: part back after ${((backAt - struckAt) / 1000).toFixed(1)} s`);

    // The end: every case and reconnection closed, every payer powered, no workflow running.
    await paying;
    const settled = await until(async () => {
      if (acknowledged.size < PAYMENTS) return undefined;
      const running = await db('cases').where({ state: 'running' }).count({ n: '*' }).first().catch(() => ({ n: 1 }));
      const dark = await db('customers').whereIn('customer_no', seed.payers.map((p) => p.customerNo)).where({ supply_status: 'disconnected' }).count({ n: '*' }).first().catch(() => ({ n: 1 }));
      const reconnecting = await db('cases').where({ type: 'reconnection' }).count({ n: '*' }).first().catch(() => ({ n: 0 }));
      return Number(running!.n) === 0 && Number(dark!.n) === 0 && Number(reconnecting!.n) >= PAYMENTS ? true : undefined;
    }, RUN_TIMEOUT_MS - (Date.now() - startedAt), 500).catch(() => false);
    const runSeconds = (Date.now() - startedAt) / 1000;
    doing = false;
    await people;
    // Anything still on its way to a meter or a phone arrives now, or never.
    await sleep(2000);

    const at = (t: number | undefined) => (t === undefined ? '-' : `+${((t - startedAt) / 1000).toFixed(1)} s`);
    log(`${fault.name}: first trip ${at(tripAt[0])}, struck ${at(struckAt)}, back ${at(backAt)}, last trip ${at(tripAt[tripAt.length - 1])}, settled ${at(startedAt + runSeconds * 1000)}`);
    const progressAt = { frame: frameAt, sms: smtp.deliveredAt, record: recordAt }[fault.progress];
    const firstAfter = progressAt.find((at) => at >= backAt);
    const result = await measure({ db, client, seed, frames, smtp, acknowledged, workflowId });
    const problems = [...result.problems];
    if (!settled) problems.push(`the run did not settle within ${RUN_TIMEOUT_MS / 60_000} min`);
    return {
      scenario: fault.name,
      ...result,
      problems,
      recoverSeconds: firstAfter === undefined ? null : (firstAfter - backAt) / 1000,
      runSeconds,
      phase,
      strikeAfterMs,
    };
  } finally {
    await cleanup();
    await db.destroy();
    const dropper = connect(postgres.url);
    await dropper.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await dropper.destroy();
    if (!process.env.FAULTS_KEEP_LOGS) (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    else log(`logs kept in ${dir}`);
  }
}

interface Seed {
  caseMeters: Array<{ customerNo: string; address: string; line: string; protected: boolean }>;
  payers: Array<{ customerNo: string; accountNo: string; meterAddress: string; line: string; phone: string }>;
}

async function seedRun(db: Db): Promise<Seed> {
  await db('settings').insert([
    // Notice a minute ahead (the least the policy allows), no forbidden window, a window of 40.
    { key: 'disconnection', value: JSON.stringify({ ...ALWAYS_OPEN_POLICY, commandWindow: 40 }) },
    // A failed close command is tried again a minute later; the sweep looks every minute.
    { key: 'reconnection', value: JSON.stringify({ sweepIntervalMinutes: 1, retryIntervalMinutes: 1, maxCommands: MAX_CLOSE_COMMANDS }) },
  ]).onConflict('key').merge();
  await insertUser(db, { username: 'applicant', roles: ['collector'], password: PASSWORD });
  await insertUser(db, { username: 'approver', roles: ['approver'], password: PASSWORD });
  await insertUser(db, { username: 'executor', roles: ['executor', 'collector'], password: PASSWORD });
  const scale = await seedScaleCustomers(db, { count: CASE_CUSTOMERS, lines: LINES, protectedEvery: PROTECTED_EVERY, smsEvery: 1 });
  const caseMeters = scale.customers.map((c, i) => ({ customerNo: c.customerNo, address: c.meterAddress, line: c.line, protected: (i + 1) % PROTECTED_EVERY === 0 }));
  const payers: Seed['payers'] = [];
  for (let i = 0; i < PAYMENTS; i++) {
    const customerNo = `P-${String(i + 1).padStart(4, '0')}`;
    const meterAddress = `8${String(i + 1).padStart(11, '0')}`;
    const line = `line-${(i % LINES) + 1}`;
    const phone = `1370000${String(i).padStart(4, '0')}`;
    const seeded = await insertCustomer(db, {
      customerNo,
      phone,
      supplyStatus: 'disconnected',
      segment: { code: 'SEG-PAY', collectorPhone: '13900000002' },
      meter: { address: meterAddress, site: SCALE_SITE, line },
      dueBillsFen: [10_000],
    });
    payers.push({ customerNo, accountNo: seeded.accountNo, meterAddress, line, phone });
  }
  return { caseMeters, payers };
}

async function measure(input: {
  db: Db;
  client: Client;
  seed: Seed;
  frames: Map<string, number>;
  smtp: CountingSmtpServer;
  acknowledged: Set<string>;
  workflowId: string;
}): Promise<Omit<RunResult, 'scenario' | 'recoverSeconds' | 'runSeconds' | 'phase' | 'strikeAfterMs'>> {
  const { db, seed, frames, smtp } = input;
  const problems: string[] = [];
  const caseRow = await db('cases').where({ workflow_id: input.workflowId }).first('id', 'state');

  // Each case customer: exactly one outcome row, in a final state that fits the customer.
  const rows: DbRow[] = await db('disconnection_outcomes as o').join('customers as c', 'c.id', 'o.customer_id').where('o.case_id', caseRow.id).select('c.customer_no', 'o.state');
  const byCustomer = new Map<string, string[]>();
  for (const row of rows) byCustomer.set(row.customer_no, [...(byCustomer.get(row.customer_no) ?? []), row.state]);
  let outcomes = 0;
  for (const meter of seed.caseMeters) {
    const states = byCustomer.get(meter.customerNo) ?? [];
    const expected = meter.protected ? 'excluded' : 'disconnected';
    if (states.length === 1 && states[0] === expected) outcomes++;
    else problems.push(`${meter.customerNo}: outcomes [${states.join(', ')}], expected one "${expected}"`);
  }
  // Each payer: power back, and one reconnection case that ended.
  const payerRows: DbRow[] = await db('customers as c')
    .leftJoin('cases as k', function joinCases() {
      this.on('k.customer_id', 'c.id').andOnVal('k.type', 'reconnection');
    })
    .whereIn('c.customer_no', seed.payers.map((p) => p.customerNo))
    .select('c.customer_no', 'c.supply_status', 'k.state');
  for (const payer of seed.payers) {
    const mine = payerRows.filter((row) => row.customer_no === payer.customerNo);
    if (mine.length === 1 && mine[0]!.supply_status === 'connected' && mine[0]!.state === 'completed') outcomes++;
    else problems.push(`${payer.customerNo}: ${mine.map((row) => `${row.supply_status}/${row.state ?? 'no case'}`).join(', ')}, expected connected with one completed reconnection case`);
  }

  // Control frames as the meters counted them: one trip per case meter (none when protected), at most maxCommands closes.
  let extraFrames = 0;
  for (const meter of seed.caseMeters) {
    const extra = (frames.get(meter.address) ?? 0) - (meter.protected ? 0 : 1);
    if (extra > 0) {
      extraFrames += extra;
      problems.push(`meter ${meter.address} (${meter.customerNo}) received ${frames.get(meter.address)} control frames`);
    }
  }
  for (const payer of seed.payers) {
    const extra = (frames.get(payer.meterAddress) ?? 0) - MAX_CLOSE_COMMANDS;
    if (extra > 0) {
      extraFrames += extra;
      problems.push(`meter ${payer.meterAddress} (${payer.customerNo}) received ${frames.get(payer.meterAddress)} control frames`);
    }
  }

  // SMS as the gateway counted them: every message once, none missing.
  let duplicateSms = 0;
  for (const [messageId, count] of smtp.deliveries) {
    if (count > 1) {
      duplicateSms += count - 1;
      problems.push(`SMS ${messageId} delivered ${count} times`);
    }
  }
  const expectedSms = seed.caseMeters.filter((m) => !m.protected).length + PAYMENTS;
  const missingSms = Math.max(0, expectedSms - smtp.deliveries.size);
  if (missingSms > 0) problems.push(`${missingSms} of ${expectedSms} SMS never delivered`);

  // Payments: each acknowledged one stored exactly once, with its one event.
  const stored: DbRow[] = await db('payments').whereIn('payment_id', seed.payers.map((p) => paymentIdOf(p.customerNo))).select('payment_id');
  const lostPayments = seed.payers.filter((p) => !stored.some((row) => row.payment_id === paymentIdOf(p.customerNo))).length + (PAYMENTS - input.acknowledged.size);
  if (lostPayments > 0) problems.push(`${lostPayments} payments lost (${stored.length} stored, ${input.acknowledged.size} acknowledged)`);
  if (stored.length > PAYMENTS) problems.push(`${stored.length} payment rows for ${PAYMENTS} payments`);

  // Every case ended, and Temporal agrees: no workflow still running, none failed. The
  // periodic sweep is paused first, and one already under way given a moment to finish.
  await input.client.schedule.getHandle(RECONNECTION_SWEEP_SCHEDULE_ID).pause('fault run measured');
  await until(async () => {
    const running = [];
    for await (const info of input.client.workflow.list({ query: `WorkflowType = 'reconnectionSweep' AND ExecutionStatus = 'Running'` })) running.push(info);
    return running.length === 0 ? true : undefined;
  }, 30_000, 500).catch(() => undefined);
  const openCases = Number((await db('cases').whereNot({ state: 'completed' }).count({ n: '*' }).first())!.n);
  let unfinished = openCases;
  if (openCases > 0) problems.push(`${openCases} cases not completed`);
  for await (const info of input.client.workflow.list({ query: `ExecutionStatus != 'Completed' AND ExecutionStatus != 'ContinuedAsNew'` })) {
    unfinished++;
    problems.push(`workflow ${info.workflowId} (${info.type}) is ${info.status.name}`);
  }
  // Site visits: every meter of the run answers, so a person sent to one is the fault's doing.
  const siteVisits = Number((await db('tasks').whereIn('step', ['manual-outage-entry', 'manual-reconnection']).count({ n: '*' }).first())!.n);
  const siteVisitsNotEffective = Number((await db('tasks').where({ step: 'manual-outage-entry' }).whereRaw("payload->'failure'->>'code' = 'TRIP_NOT_EFFECTIVE'").count({ n: '*' }).first())!.n);
  const readBack = Number((await db('events').whereRaw("data->'readBack' IS NOT NULL").count({ n: '*' }).first())!.n);
  return { customers: CASE_CUSTOMERS + PAYMENTS, outcomes, extraFrames, duplicateSms, missingSms, lostPayments, unfinished, siteVisits, siteVisitsNotEffective, readBack, problems };
}

/** The test side's own pool, which keeps quiet while the database is down on purpose. */
function quietDb(url: string): Db {
  const quiet = () => undefined;
  return knex({ client: 'pg', connection: url, pool: { min: 0, max: 10 }, log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
}

const paymentIdOf = (customerNo: string) => `FAULTS-${customerNo}`;

/** A bank's system: the same payment again after any error, until the API acknowledges it. */
async function postUntilAcknowledged(http: HttpClient, token: string, payer: Seed['payers'][number]): Promise<string> {
  const paymentId = paymentIdOf(payer.customerNo);
  for (;;) {
    try {
      const res = await http.call('POST', '/api/payments', { paymentId, accountNo: payer.accountNo, amount: '100.00', channel: 'bank' }, undefined, token);
      if (res.status === 201 || res.status === 200) return paymentId;
      if (res.status < 500) throw new Error(`payment ${paymentId} refused: ${res.status} ${JSON.stringify(res.body)}`);
    } catch (err) {
      if ((err as Error).message.includes('refused:')) throw err;
    }
    await sleep(500);
  }
}

type HttpClient = ReturnType<typeof httpClient>;

function httpClient(baseUrl: string) {
  async function call(method: string, url: string, body?: unknown, cookie?: string, token?: string): Promise<{ status: number; body: DbRow }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${baseUrl}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }
  return {
    call,
    async logIn(username: string): Promise<string> {
      const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
      if (res.status !== 200) throw new Error(`log-in of ${username} answered ${res.status}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
  };
}

async function until<T>(read: () => Promise<T | undefined | null>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const value = await read().catch((err: unknown) => void (lastError = err));
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms${lastError ? `; last: ${(lastError as Error).message}` : ''}`);
    await sleep(everyMs);
  }
}
