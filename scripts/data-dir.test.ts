import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkNothingLost, DataDirError, openDataDir } from './data-dir';

let dir: string;
let other: ChildProcess | undefined;

beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gridflow-data-')), 'data');
});

afterEach(() => {
  other?.kill('SIGKILL');
  other = undefined;
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

/** Another node process, as a second `npm start` would be. */
function anotherNode(): Promise<number> {
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return new Promise((resolve) => other!.once('spawn', () => resolve(other!.pid!)));
}

test('a new folder is made and locked with our pid, and released on stop', () => {
  const data = openDataDir(dir);
  expect(readFileSync(path.join(dir, 'gridflow.lock'), 'utf8').trim()).toBe(String(process.pid));
  expect(data).toMatchObject({ pgdata: path.join(dir, 'pgdata'), temporalDb: path.join(dir, 'temporal.db'), uncleanStop: false, initialised: undefined });
  data.release();
  expect(existsSync(path.join(dir, 'gridflow.lock'))).toBe(false);
});

test('a folder held by another running process is refused, and left as it is even with fresh', async () => {
  mkdirSync(dir);
  const pid = await anotherNode();
  writeFileSync(path.join(dir, 'gridflow.lock'), `${pid}\n`);
  writeFileSync(path.join(dir, 'keep-me'), 'data');
  expect(() => openDataDir(dir, { fresh: true })).toThrow(new DataDirError(`the data folder ${dir} is in use by another Gridflow start (pid ${pid}); stop that one first (the embedded database allows one process)`));
  expect(existsSync(path.join(dir, 'keep-me'))).toBe(true);
});

test('a lock left by a process that died (kill -9) is taken over and reported as an unclean stop', async () => {
  mkdirSync(dir);
  const pid = await anotherNode();
  other!.kill('SIGKILL');
  await new Promise((resolve) => other!.once('exit', resolve));
  writeFileSync(path.join(dir, 'gridflow.lock'), `${pid}\n`);
  const data = openDataDir(dir);
  expect(data.uncleanStop).toBe(true);
  expect(readFileSync(path.join(dir, 'gridflow.lock'), 'utf8').trim()).toBe(String(process.pid));
  data.release();
});

test('fresh deletes what the folder held', () => {
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'temporal.db'), 'old');
  openDataDir(dir, { fresh: true }).release();
  expect(existsSync(path.join(dir, 'temporal.db'))).toBe(false);
});

test('a folder that kept the database and Temporal refuses to go on without either', () => {
  const first = openDataDir(dir);
  checkNothingLost(first, { database: false, temporal: false });
  first.markInitialised({ database: true, temporal: true });
  first.release();

  const again = openDataDir(dir);
  expect(again.initialised).toEqual({ database: true, temporal: true });
  expect(() => checkNothingLost(again, { database: true, temporal: true })).not.toThrow();
  expect(() => checkNothingLost(again, { database: false, temporal: true })).toThrow(/the database in .* is empty or missing.*Refusing to start empty/);
  expect(() => checkNothingLost(again, { database: true, temporal: false })).toThrow(/the Temporal file .* is missing/);
  again.release();
});

test('a folder that only kept Temporal (DATABASE_URL was set) does not ask for a database', () => {
  const first = openDataDir(dir);
  first.markInitialised({ database: false, temporal: true });
  first.release();
  const again = openDataDir(dir);
  expect(() => checkNothingLost(again, { database: false, temporal: true })).not.toThrow();
  again.release();
});
