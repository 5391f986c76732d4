import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect as connectTcp, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { SMTPServer } from 'smtp-server';

/**
 * The real parts the fault suite kills and restarts: a private PostgreSQL, a Temporal dev
 * server on a database file, the workers as OS processes, and an SMTP server that counts
 * each message it is handed.
 */
const REPO = path.resolve(__dirname, '../..');
const run = promisify(execFile);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `gridflow-faults-${prefix}-`));
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a private instance, so stopping it leaves the shared test server alone.

export interface PrivatePostgres {
  /** Admin URL of the instance (database "postgres"). */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin/initdb'))) : [];
  const version = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error('the fault suite needs PostgreSQL server binaries in /usr/lib/postgresql/<version>/bin (apt-get install postgresql)');
  return path.join(root, version, 'bin');
}

/** initdb refuses to run as root: run the server's tools as the postgres OS user then. */
function asServerUser(file: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const dir = tempDir('pg');
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    chmodSync(dir, 0o700);
  }
  const port = await freePort();
  const pgCtl = (...args: string[]) => run(...asServerUser(path.join(bin, 'pg_ctl'), ['-D', data, ...args]), { timeout: 60_000 });
  await run(...asServerUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']), { timeout: 60_000 });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const start = async () => void (await pgCtl('-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start'));
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // Immediate: no checkpoint, no goodbye to clients, as if the server had crashed.
    stop: async () => void (await pgCtl('-m', 'immediate', 'stop')),
    start,
    async destroy() {
      await pgCtl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no OS user ${user}`);
  return Number(line.split(':')[2]);
}

function gidOf(user: string): number {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  return Number(line!.split(':')[3]);
}

// ---------------------------------------------------------------------------------------------
// Temporal: the dev server on a database file, so a restart keeps every workflow.

export interface TemporalServer {
  address: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTemporalServer(dir: string): Promise<TemporalServer> {
  const binary = path.join(REPO, '.tools/bin/temporal');
  if (!existsSync(binary)) throw new Error('no pinned Temporal CLI in .tools/bin: run bash scripts/ensure-tools.sh');
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--db-filename', path.join(dir, 'temporal.db'), '--ip', '127.0.0.1', '--port', String(port),
    '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--headless', '--log-level', 'error'];
  let child: ChildProcess | undefined;
  const start = async () => {
    const log = openSync(path.join(dir, 'temporal.log'), 'a');
    child = spawn(binary, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    await waitForTemporal(address, child);
  };
  await start();
  return {
    address,
    async stop() {
      if (!child || exited(child)) return;
      child.kill('SIGTERM');
      if (!(await waitExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 5_000);
      }
    },
    start,
  };
}

async function waitForTemporal(address: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    if (exited(child)) throw new Error(`the Temporal dev server exited (${child.exitCode ?? child.signalCode})`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > until) throw new Error(`the Temporal dev server on ${address} did not answer within 60 s`);
      await sleep(200);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Workers: workers/central.ts and workers/hardware.ts main(), each its own OS process.

export interface WorkerProcess {
  readonly name: string;
  /** kill -9: no shutdown, no goodbye to Temporal, whatever it was doing is cut off. */
  kill9(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `node --import tsx <file>` (one process, so a kill -9 leaves no child behind) and
 * waits for the line the worker prints once it polls.
 */
export function workerProcess(name: string, file: string, env: Record<string, string>, logFile: string, readyLine: RegExp): WorkerProcess {
  let child: ChildProcess | undefined;
  const start = async () => {
    const log = openSync(logFile, 'a');
    child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', log] });
    closeSync(log);
    const started = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 120 s; see ${logFile}`)), 120_000);
      started.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (readyLine.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code ?? signal}) before it was ready; see ${logFile}`));
      });
    });
    started.removeAllListeners('exit');
  };
  return {
    name,
    start,
    async kill9() {
      if (!child || exited(child)) return;
      child.kill('SIGKILL');
      await waitExit(child, 5_000);
    },
    async stop() {
      if (!child || exited(child)) return;
      child.kill('SIGTERM');
      if (!(await waitExit(child, 15_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 5_000);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// SMTP: the SMS gateway, counting deliveries per message, on a port it keeps across outages.

export interface CountingSmtpServer {
  port: number;
  /** Deliveries per Message-ID (the sender's idempotency key, hashed). */
  deliveries: Map<string, number>;
  /** Every delivery's instant, for the recovery figure. */
  deliveredAt: number[];
  /**
   * Down: the gateway stops answering, as a hung or frozen server does. Connections are
   * taken by the kernel but get no greeting; those still open when it is back are served
   * then, so a sender that gave up on one may find its message delivered after all.
   */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Closes it for good. */
  close(): Promise<void>;
}

export async function startCountingSmtpServer(): Promise<CountingSmtpServer> {
  const deliveries = new Map<string, number>();
  const deliveredAt: number[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = /^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? `(no Message-ID) ${raw.length}:${raw.slice(-80)}`;
        deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
        deliveredAt.push(Date.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const innerPort = (smtp.server.address() as { port: number }).port;

  // The public port: a pass-through to the SMTP server while up, a silent holder while down.
  let up = true;
  const held: Socket[] = [];
  const open = new Set<Socket>();
  const serve = (client: Socket) => {
    if (client.destroyed) return;
    const server = connectTcp(innerPort, '127.0.0.1');
    open.add(server);
    server.once('close', () => open.delete(server));
    client.pipe(server).pipe(client);
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
  };
  const front = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (up) serve(client);
    else held.push(client);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', () => resolve()));
  const port = (front.address() as { port: number }).port;
  return {
    port,
    deliveries,
    deliveredAt,
    async stop() {
      up = false;
    },
    async start() {
      up = true;
      for (const client of held.splice(0)) serve(client);
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
