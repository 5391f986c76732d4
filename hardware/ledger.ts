import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RelayCommand } from './driver';

/**
 * The site's command ledger (issue 15): before a control frame goes on the wire the site worker
 * records its intent durably, and after the meter's reply (or the failure) the result. After any
 * crash the ledger tells, per meter and batch, whether a command was never sent, possibly sent
 * (an intent without a result: the frame may or may not have left), or answered — which is what
 * a reconciliation by read-back needs to decide without commanding a meter twice.
 *
 * One append-only file of JSON lines per site, each write followed by an fsync: a `kill -9`
 * loses nothing written before it; a line torn by the crash itself is ignored when read.
 */

/** Which command of which batch to which meter: stable across retries of the batch's activity. */
export interface LedgerKey {
  /** The workflow and activity that carried the command (`<workflowId>/<activityId>`). */
  batch: string;
  meter: string;
  command: RelayCommand;
}

export interface LedgerIntent extends LedgerKey {
  kind: 'intent';
  /** The activity's attempt that wrote it. */
  attempt: number;
  at: string;
}

export interface LedgerResult extends LedgerKey {
  kind: 'result';
  attempt: number;
  at: string;
  confirmed: boolean;
  relayOpen: boolean | null;
  failure?: { code: string; message: string };
  /** The meter's own clock right after it confirmed, when read. */
  meterTime?: string;
  /** The frames as sent and received (hex), for the auditor. */
  frames: Array<{ sentHex: string; receivedHex?: string }>;
}

/**
 * An attempt of one of the site's activities began: with its task token, so that the worker's
 * next life can fail an attempt its crashed predecessor left running, at once, rather than let
 * the workflow wait for the heartbeat timeout (the site worker announcing itself, issue 15).
 */
export interface LedgerAttemptBegun {
  kind: 'attempt-begun';
  /** `<workflowId>/<activityId>` of the activity. */
  activity: string;
  activityType: string;
  attempt: number;
  /** The attempt's task token, base64. */
  taskToken: string;
  at: string;
}

/** The attempt ended: returned, threw, or was failed on behalf of a crashed worker. */
export interface LedgerAttemptEnded {
  kind: 'attempt-ended';
  activity: string;
  attempt: number;
  at: string;
  /** Failed by the next life of the site worker: the one that began it was gone. */
  abandoned?: boolean;
}

/** Entries of one command to one meter. */
export type LedgerCommandEntry = LedgerIntent | LedgerResult;
export type LedgerEntry = LedgerCommandEntry | LedgerAttemptBegun | LedgerAttemptEnded;

/** What the ledger knows of a meter's command in a batch. */
export type LedgerState =
  | { state: 'never-sent' }
  | { state: 'possibly-sent'; intents: number; lastIntentAt: string }
  | { state: 'answered'; intents: number; result: LedgerResult };

export interface CommandLedger {
  record(entry: LedgerEntry): Promise<void>;
  /** Every command entry of a batch, in the order written (a torn last line left out). */
  entriesOf(batch: string): Promise<LedgerCommandEntry[]>;
  /** Attempts begun and never ended: those a crashed worker left running. */
  unfinishedAttempts(): Promise<LedgerAttemptBegun[]>;
  close(): Promise<void>;
}

/** Folds a batch's entries into each meter's state: the last result answers; intents after it mean possibly sent again. */
export function ledgerStateOf(entries: readonly LedgerCommandEntry[], meter: string, command: RelayCommand): LedgerState {
  let intents = 0;
  let lastIntentAt: string | undefined;
  let result: LedgerResult | undefined;
  let pendingSinceResult = false;
  for (const entry of entries) {
    if (entry.meter !== meter || entry.command !== command) continue;
    if (entry.kind === 'intent') {
      intents++;
      lastIntentAt = entry.at;
      pendingSinceResult = true;
    } else {
      result = entry;
      pendingSinceResult = false;
    }
  }
  if (intents === 0 && !result) return { state: 'never-sent' };
  if (result && !pendingSinceResult) return { state: 'answered', intents, result };
  return { state: 'possibly-sent', intents, lastIntentAt: lastIntentAt! };
}

/** Parses the ledger file's text: whole JSON lines only (the crash may have torn the last). */
export function parseLedger(text: string): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as LedgerEntry;
      if (isEntry(entry)) entries.push(entry);
    } catch {
      // A line torn by a crash mid-write: the write never completed, so it never counted.
    }
  }
  return entries;
}

function isEntry(entry: LedgerEntry): boolean {
  switch (entry?.kind) {
    case 'intent':
    case 'result':
      return typeof entry.batch === 'string' && typeof entry.meter === 'string';
    case 'attempt-begun':
      return typeof entry.activity === 'string' && typeof entry.taskToken === 'string' && Number.isInteger(entry.attempt);
    case 'attempt-ended':
      return typeof entry.activity === 'string' && Number.isInteger(entry.attempt);
    default:
      return false;
  }
}

function isCommandEntry(entry: LedgerEntry): entry is LedgerCommandEntry {
  return entry.kind === 'intent' || entry.kind === 'result';
}

/** Attempts with a beginning and no end, in the order begun. */
export function unfinishedAttemptsOf(entries: readonly LedgerEntry[]): LedgerAttemptBegun[] {
  const open = new Map<string, LedgerAttemptBegun>();
  for (const entry of entries) {
    if (entry.kind === 'attempt-begun') open.set(`${entry.activity}#${entry.attempt}`, entry);
    else if (entry.kind === 'attempt-ended') open.delete(`${entry.activity}#${entry.attempt}`);
  }
  return [...open.values()];
}

/** The ledger as an append-only file, each entry synced to disk before `record` returns. */
export async function openFileLedger(path: string): Promise<CommandLedger> {
  await mkdir(dirname(path), { recursive: true });
  const handle: FileHandle = await open(path, 'a');
  // A torn last line from an earlier crash: start the next entry on a line of its own.
  const existing = await readFile(path, 'utf8');
  if (existing.length > 0 && !existing.endsWith('\n')) await handle.write('\n');
  let writing: Promise<void> = Promise.resolve();
  return {
    record(entry) {
      // One write at a time, in order, each synced: entries of concurrent lines never interleave.
      const next = writing.then(async () => {
        await handle.write(`${JSON.stringify(entry)}\n`);
        await handle.datasync();
      });
      writing = next.catch(() => undefined);
      return next;
    },
    async entriesOf(batch) {
      await writing;
      return parseLedger(await readFile(path, 'utf8')).filter((entry): entry is LedgerCommandEntry => isCommandEntry(entry) && entry.batch === batch);
    },
    async unfinishedAttempts() {
      await writing;
      return unfinishedAttemptsOf(parseLedger(await readFile(path, 'utf8')));
    },
    async close() {
      await writing;
      await handle.close();
    },
  };
}

/** A ledger kept in memory: for tests of callers and sites configured without a ledger file. */
export function memoryLedger(): CommandLedger & { entries: LedgerEntry[] } {
  const entries: LedgerEntry[] = [];
  return {
    entries,
    async record(entry) {
      entries.push(entry);
    },
    async entriesOf(batch) {
      return entries.filter((entry): entry is LedgerCommandEntry => isCommandEntry(entry) && entry.batch === batch);
    },
    async unfinishedAttempts() {
      return unfinishedAttemptsOf(entries);
    },
    async close() {},
  };
}
