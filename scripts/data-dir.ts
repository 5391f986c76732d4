/**
 * The data folder of `npm start`: the PGlite data directory and the Temporal dev server's
 * database file live here, so a restart keeps every case, task and payment. One process at
 * a time: PGlite has no locking of its own and two writers would corrupt it.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** `.data/` in the repository unless GRIDFLOW_DATA_DIR names another folder. */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '../.data');

const LOCK = 'gridflow.lock';
/** Written once the folder holds a seeded database and Temporal state; its absence later means damage. */
const MARKER = 'gridflow-data.json';

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Which embedded parts keep their data in the folder (not PostgreSQL at DATABASE_URL, not Temporal at TEMPORAL_ADDRESS). */
export interface Kept {
  database: boolean;
  temporal: boolean;
}

export interface DataDir {
  path: string;
  /** The PGlite data directory. */
  pgdata: string;
  /** The Temporal dev server's SQLite file. */
  temporalDb: string;
  temporalPidFile: string;
  temporalLog: string;
  /** The saved demo service token, when none is pinned. */
  serviceTokenFile: string;
  /** True when an earlier start held the folder and ended without releasing it (kill -9, crash, power loss). */
  uncleanStop: boolean;
  /** What an earlier start kept here once it had set the folder up; undefined for a new folder. */
  initialised: Kept | undefined;
  /** Records what the folder keeps; later starts then refuse to run on a folder that lost it. */
  markInitialised(kept: Kept): void;
  release(): void;
}

/** Whether `pid` is a live process (signal 0 only checks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's owner if it is still running; a reused pid of another program does not count (Linux). */
function liveOwner(lockFile: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return undefined;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node')) return undefined;
  } catch {
    // No /proc (macOS): trust the pid.
  }
  return pid;
}

/**
 * Takes the data folder for this process. `fresh` deletes it first (after checking nobody
 * uses it). Throws DataDirError when another start holds it.
 */
export function openDataDir(dir: string, options: { fresh?: boolean } = {}): DataDir {
  const root = path.resolve(dir);
  const lockFile = path.join(root, LOCK);
  const busy = (pid: number) =>
    new DataDirError(`the data folder ${root} is in use by another Gridflow start (pid ${pid}); stop that one first (the embedded database allows one process)`);
  const owner = liveOwner(lockFile);
  if (owner !== undefined) throw busy(owner);
  if (options.fresh) rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const uncleanStop = existsSync(lockFile);
  if (uncleanStop) unlinkSync(lockFile);
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (err) {
    // Another start took the lock between our check and now.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw busy(liveOwner(lockFile) ?? 0);
    throw err;
  }
  writeSync(fd, `${process.pid}\n`);
  closeSync(fd);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (existsSync(lockFile) && readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
  };
  // A crash that still runs exit handlers (an uncaught error) releases too; kill -9 cannot.
  process.once('exit', () => {
    try {
      release();
    } catch {
      // Nothing more to do while exiting.
    }
  });
  const marker = path.join(root, MARKER);
  return {
    path: root,
    pgdata: path.join(root, 'pgdata'),
    temporalDb: path.join(root, 'temporal.db'),
    temporalPidFile: path.join(root, 'temporal.pid'),
    temporalLog: path.join(root, 'temporal.log'),
    serviceTokenFile: path.join(root, 'service-token'),
    uncleanStop,
    initialised: readMarker(marker),
    markInitialised(kept) {
      const before = readMarker(marker);
      const merged = { database: kept.database || !!before?.database, temporal: kept.temporal || !!before?.temporal };
      writeFileSync(marker, `${JSON.stringify({ ...merged, initialisedAt: new Date().toISOString() })}\n`);
    },
    release,
  };
}

function readMarker(file: string): Kept | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const { database, temporal } = JSON.parse(readFileSync(file, 'utf8')) as Partial<Kept>;
    return { database: database === true, temporal: temporal === true };
  } catch {
    // Unreadable: assume it kept both, the safe side.
    return { database: true, temporal: true };
  }
}

/**
 * Refuses to go on when the folder lost what an earlier start kept in it (the database's
 * tables, the Temporal file): starting empty would silently drop every case.
 */
export function checkNothingLost(data: DataDir, found: Kept): void {
  const kept = data.initialised;
  if (!kept) return;
  const lost = [
    ...(kept.database && !found.database ? [`the database in ${data.pgdata} is empty or missing`] : []),
    ...(kept.temporal && !found.temporal ? [`the Temporal file ${data.temporalDb} is missing`] : []),
  ];
  if (lost.length === 0) return;
  throw new DataDirError(
    `${lost.join('; ')}, although this folder held Gridflow's data before${data.uncleanStop ? ' (the last start ended without stopping cleanly)' : ''}. ` +
      `Refusing to start empty. Keep a copy of ${data.path} if it matters, then start fresh with \`npm start -- --fresh\` (deletes the folder).`,
  );
}
