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

export type LedgerEntry = LedgerIntent | LedgerResult;

/** What the ledger knows of a meter's command in a batch. */
export type LedgerState =
  | { state: 'never-sent' }
  | { state: 'possibly-sent'; intents: number; lastIntentAt: string }
  | { state: 'answered'; intents: number; result: LedgerResult };

export interface CommandLedger {
  record(entry: LedgerEntry): Promise<void>;
  /** Every entry of a batch, in the order written (a torn last line left out). */
  entriesOf(batch: string): Promise<LedgerEntry[]>;
  close(): Promise<void>;
}

/** Folds a batch's entries into each meter's state: the last result answers; intents after it mean possibly sent again. */
export function ledgerStateOf(entries: readonly LedgerEntry[], meter: string, command: RelayCommand): LedgerState {
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
      if ((entry.kind === 'intent' || entry.kind === 'result') && typeof entry.batch === 'string' && typeof entry.meter === 'string') entries.push(entry);
    } catch {
      // A line torn by a crash mid-write: the write never completed, so it never counted.
    }
  }
  return entries;
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
      return parseLedger(await readFile(path, 'utf8')).filter((entry) => entry.batch === batch);
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
      return entries.filter((entry) => entry.batch === batch);
    },
    async close() {},
  };
}
