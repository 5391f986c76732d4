/**
 * The pinned Temporal CLI's dev server on a database file, started as our own child so that
 * its pid is known: a start after kill -9 finds the orphan still holding the file and stops it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { alive } from './data-dir';

export interface DevServerOptions {
  cli: string;
  dbFile: string;
  pidFile: string;
  logFile: string;
  port: number;
  /** Undefined runs it without the web UI. */
  uiPort?: number;
  namespace: string;
}

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (!alive(pid)) return true;
  return !alive(pid);
}

/**
 * Stops the server an earlier start left on the same file (its parent died by kill -9), if
 * any; call it before choosing ports, as the orphan still holds the old ones. Returns its pid.
 */
export async function stopOrphanedDevServer(options: Pick<DevServerOptions, 'pidFile' | 'dbFile'>): Promise<number | undefined> {
  if (!existsSync(options.pidFile)) return undefined;
  const pid = Number(readFileSync(options.pidFile, 'utf8').trim());
  unlinkSync(options.pidFile);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  try {
    // A reused pid of another program must not be killed (Linux; elsewhere trust the file).
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(options.dbFile)) return undefined;
  } catch {
    // No /proc.
  }
  process.kill(pid, 'SIGTERM');
  if (!(await waitGone(pid, 10_000))) process.kill(pid, 'SIGKILL');
  await waitGone(pid, 5_000);
  return pid;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const log = openSync(options.logFile, 'a');
  const args = ['server', 'start-dev', '--db-filename', options.dbFile, '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn'];
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  args.push(...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  // Its own process group: Ctrl-C reaches only us, and we stop the server after the workers.
  const child: ChildProcess = spawn(options.cli, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid!;
  writeFileSync(options.pidFile, `${pid}\n`);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited (${signal ?? code})`));
  // A crash that still runs exit handlers takes the server along; it cannot wait, and SQLite survives a kill.
  const onExit = () => {
    if (exited === undefined) process.kill(pid, 'SIGKILL');
  };
  process.once('exit', onExit);

  const address = `127.0.0.1:${options.port}`;
  const stop = async () => {
    process.off('exit', onExit);
    if (exited === undefined) {
      process.kill(pid, 'SIGTERM');
      if (!(await waitGone(pid, 10_000))) process.kill(pid, 'SIGKILL');
    }
    if (existsSync(options.pidFile) && readFileSync(options.pidFile, 'utf8').trim() === String(pid)) unlinkSync(options.pidFile);
  };

  // Ready when the frontend answers for our namespace (creating it takes a moment after the port opens).
  for (const giveUpAt = Date.now() + 60_000; ; await sleep(250)) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`the Temporal dev server ${exited} on ${options.dbFile}:\n${tail(options.logFile)}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: options.namespace });
        break;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > giveUpAt) {
        await stop();
        throw new Error(`the Temporal dev server did not answer on ${address} within a minute (${(err as Error).message}); see ${options.logFile}`);
      }
    }
  }
  return { address, uiUrl: options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`, stop };
}
