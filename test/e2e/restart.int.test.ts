// `npm start` keeps its data: the real start script runs as its own OS process on a temp
// data folder (PGlite + the Temporal dev server's file), is killed with kill -9 and later
// stopped with Ctrl-C, and each time starts again on the same folder with the case, its
// tasks and the payment still there and the processes going on to their next step.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROLES } from '../../domain/permissions';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'restart-test-token';
const READY = 'Gridflow is running.';

interface Started {
  proc: ChildProcess;
  api: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dataDir: string;
const running: Started[] = [];
/** Seconds from spawn to "running", per start, for the closing log line. */
const startSeconds: number[] = [];

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gridflow-restart-'));
});

afterAll(async () => {
  for (const started of running) {
    if (started.proc.exitCode === null && started.proc.signalCode === null) started.proc.kill('SIGKILL');
    await started.exited;
  }
  // A start killed with -9 leaves its Temporal server behind until the next start stops it: if the test failed in between, stop it here.
  const orphan = path.join(dataDir, 'temporal.pid');
  if (existsSync(orphan)) {
    try {
      process.kill(Number(readFileSync(orphan, 'utf8')), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `tsx scripts/start.ts` as its own process (node --import tsx, so signals reach it and not a wrapper). */
async function spawnStart(): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    GRIDFLOW_DATA_DIR: dataDir,
    GRIDFLOW_TEMPORAL_UI: '0',
    GRIDFLOW_BUILD_UI: '0',
    GRIDFLOW_SERVICE_TOKEN: TOKEN,
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'GRIDFLOW_FRESH']) delete env[name];
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.on('data', (chunk) => (output += chunk));
  proc.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const started = { proc, api: `http://127.0.0.1:${env.PORT}/api`, output: () => output, exited };
  running.push(started);
  return started;
}

/** A start that reports it is running, or the test fails with what it printed. */
async function start(): Promise<Started> {
  const began = Date.now();
  const started = await spawnStart();
  const giveUpAt = Date.now() + 60_000;
  while (!started.output().includes(READY)) {
    if (started.proc.exitCode !== null || Date.now() > giveUpAt) throw new Error(`npm start did not come up:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  startSeconds.push((Date.now() - began) / 1000);
  return started;
}

async function stop(started: Started, signal: NodeJS.Signals) {
  started.proc.kill(signal);
  return started.exited;
}

type Json = Record<string, any>;

/** One HTTP call; `as` is a session cookie or the service token. */
async function call(api: string, method: string, route: string, as: { cookie?: string; token?: string }, body?: unknown): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (as.cookie) headers.cookie = as.cookie;
  if (as.token) headers.authorization = `Bearer ${as.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

async function login(api: string, username: string): Promise<string> {
  const res = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'gridflow-demo' }) });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const openTasks = async (api: string, cookie: string, step: string): Promise<Json[]> => {
  const { body } = await call(api, 'GET', `/tasks?range=${encodeURIComponent('[0,99]')}`, { cookie });
  return (body as unknown as Json[]).filter((task) => task.step === step && task.state === 'open');
};
const outbox = async (api: string, cookie: string): Promise<Json[]> =>
  (await call(api, 'GET', `/outbox?range=${encodeURIComponent('[0,99]')}`, { cookie })).body as unknown as Json[];
const progressOf = async (api: string, cookie: string, workflowId: string): Promise<Json> => (await call(api, 'GET', `/disconnections/${workflowId}`, { cookie })).body.progress;

const PAYMENT = { paymentId: 'RESTART-1', accountNo: 'A3100000002', amount: '45.20', channel: 'bank' };

test('a disconnection case, its tasks and a payment survive kill -9 and Ctrl-C, and the case goes on after each', async () => {
  const began = Date.now();
  // First start: a new folder gets the demo data.
  const first = await start();
  expect(first.output()).toContain(`Data           ${dataDir}`);
  expect(first.output()).toContain('Demo: customer 3100000001');
  // The banner's own command to watch the customer answers, as printed (it once named a path that answered 401).
  const watch = /curl -s (http\S+) -H 'Authorization: Bearer ([^']+)'\n/.exec(first.output());
  expect(watch).not.toBeNull();
  const watched = await fetch(watch![1]!, { headers: { authorization: `Bearer ${watch![2]}` } });
  expect(watched.status).toBe(200);
  expect(await watched.json()).toMatchObject({ customerNo: '3100000001' });
  const collector = await login(first.api, 'collector');
  const applied = await call(first.api, 'POST', '/disconnections', { cookie: collector }, { reason: 'arrears over 100 yuan', filter: { arrearsAbove: 100 } });
  expect(applied.status).toBe(201);
  const { workflowId } = applied.body;
  // 3100000002 is not eligible for remote reconnection: paying opens an on-site task for the collector.
  const paid = await call(first.api, 'POST', '/payments', { token: TOKEN }, PAYMENT);
  expect(paid.status).toBe(201);
  const approver = await login(first.api, 'approver');
  const [approval] = await eventually('the approval task', () => openTasks(first.api, approver, 'disconnection-approval'), (tasks) => tasks.length === 1);
  const [onSite] = await eventually('the on-site reconnection task', () => openTasks(first.api, collector, 'manual-reconnection'), (tasks) => tasks.length === 1);

  // kill -9 while the case waits for its approval: no chance to close anything.
  expect(await stop(first, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

  // Second start on the same folder: nothing seeded again; the payment, sessions, token, case and tasks are still there.
  const second = await start();
  // A second start while this one runs must be refused before it touches the folder (checked below).
  const intruder = await spawnStart();
  // The payment is still stored: the same paymentId answers as a duplicate.
  const again = await call(second.api, 'POST', '/payments', { token: TOKEN }, PAYMENT);
  expect(again.status).toBe(200);
  expect(again.body.duplicate).toBe(true);
  expect(second.output()).toContain('seeded by an earlier start');
  expect(second.output()).toContain('did not stop cleanly');
  const admin = await login(second.api, 'admin');
  const users = await call(second.api, 'GET', `/users?range=${encodeURIComponent('[0,99]')}`, { cookie: admin });
  // The demo has one person per role.
  expect(users.body).toHaveLength(ROLES.length);
  expect((await call(second.api, 'GET', '/auth/me', { cookie: collector })).status).toBe(200);
  expect((await progressOf(second.api, collector, workflowId)).stage).toBe('approval');
  expect((await openTasks(second.api, approver, 'disconnection-approval')).map((task) => task.id)).toEqual([approval!.id]);
  expect((await openTasks(second.api, collector, 'manual-reconnection')).map((task) => task.id)).toEqual([onSite!.id]);

  // The case goes on after the kill: approval leads to the outage notice (never to the protected 3100000007).
  const approved = await call(second.api, 'POST', `/tasks/${approval!.id}/complete`, { cookie: approver }, { result: { decision: 'approve', opinion: 'agreed' } });
  expect(approved.status).toBe(200);
  await eventually('the pre-notice stage', () => progressOf(second.api, collector, workflowId), (progress) => progress.stage === 'pre-notice');
  const notices = (messages: Json[]) => messages.filter((m) => m.purpose === 'outage-notice' && m.recipient.includes('13800000006'));
  await eventually('the outage notice', () => outbox(second.api, admin), (messages) => notices(messages).length === 1);

  expect((await intruder.exited).code).toBe(1);
  expect(intruder.output()).toMatch(/data folder .* is in use by another Gridflow start \(pid \d+\)/);

  // Ctrl-C: a clean stop.
  expect(await stop(second, 'SIGINT')).toEqual({ code: 0, signal: null });

  const third = await start();
  expect(third.output()).not.toContain('did not stop cleanly');
  expect((await progressOf(third.api, collector, workflowId)).stage).toBe('pre-notice');
  const afterStop = await outbox(third.api, admin);
  expect(notices(afterStop)).toHaveLength(1);
  expect(afterStop.filter((m) => m.recipient.includes('13800000007'))).toHaveLength(0);
  // The payment's on-site task completes after the restart and the customer is connected again.
  const reconnectedAt = new Date().toISOString();
  const done = await call(third.api, 'POST', `/tasks/${onSite!.id}/complete`, { cookie: collector }, { result: { reconnectedAt } });
  expect(done.status).toBe(200);
  const customer = await eventually(
    'the customer connected',
    async () => (await call(third.api, 'GET', '/customers/by-number/3100000002', { token: TOKEN })).body,
    (c) => c.supplyStatus === 'connected',
  );
  expect(customer.arrears).toBe('0.00');
  expect(await stop(third, 'SIGINT')).toEqual({ code: 0, signal: null });
  console.log(`restart test took ${Math.round((Date.now() - began) / 1000)} s; starts took ${startSeconds.map((s) => s.toFixed(1)).join(', ')} s`);
}, 180_000);
