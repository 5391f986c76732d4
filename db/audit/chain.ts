import { createHash } from 'node:crypto';
import type { Db } from '../connection';

/**
 * Checks the event log's hash chain (set by the database, db/migrations/009_event_chain.ts)
 * from its first event to its last, recomputing every hash here rather than trusting the
 * database's functions, and checks the daily anchors sent to the auditors against it.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEventText {
  id: string;
  seq: string;
  prev_hash: string;
  hash: string;
  at: string;
  type: string;
  actor: string;
  customer_id: string | null;
  workflow_id: string | null;
  order_no: string | null;
  case_id: string | null;
  task_id: string | null;
  data: string;
  idempotency_key: string | null;
}

export type ChainProblemKind = 'altered' | 'removed' | 'out-of-order' | 'anchor-mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The first event at which the chain breaks (for `removed` at the end: the last one left). */
  eventId: number | null;
  seq: number;
  /** Parameters for the UI's catalog (app.audit.problem.<kind>). */
  params: Record<string, string | number>;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  anchorsChecked: number;
  seconds: number;
  problem?: ChainProblem;
}

const field = (value: string | null) => (value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`);

/** The same canonical text as the database's event_canonical(). */
export function canonicalEvent(e: Omit<ChainedEventText, 'id' | 'hash'>): string {
  return [
    'gridflow-event-v1',
    e.seq,
    e.prev_hash,
    field(e.at),
    field(e.type),
    field(e.actor),
    field(e.customer_id),
    field(e.workflow_id),
    field(e.order_no),
    field(e.case_id),
    field(e.task_id),
    field(e.data),
    field(e.idempotency_key),
  ].join('|');
}

export function eventHash(e: Omit<ChainedEventText, 'id' | 'hash'>): string {
  return createHash('sha256').update(canonicalEvent(e), 'utf8').digest('hex');
}

/** Every column as the text the hash was computed over. */
export const CHAINED_EVENT_COLUMNS = `id::text, seq::text, prev_hash, hash,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, type, actor, customer_id::text,
  workflow_id, order_no, case_id::text, task_id::text, data::text AS data, idempotency_key`;

/** One event against the one before it; undefined when it follows as it should. */
export function checkLink(previous: { seq: number; hash: string } | null, e: ChainedEventText): ChainProblem | undefined {
  const seq = Number(e.seq);
  const eventId = Number(e.id);
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (seq !== expectedSeq) {
    return { kind: 'removed', eventId, seq, params: { from: expectedSeq, to: seq - 1 }, message: `events ${expectedSeq}–${seq - 1} of the chain are missing before event ${eventId} (seq ${seq}): removed` };
  }
  if (e.prev_hash !== (previous?.hash ?? GENESIS_HASH)) {
    return { kind: 'out-of-order', eventId, seq, params: { previous: seq - 1 }, message: `event ${eventId} (seq ${seq}) does not follow the event before it: inserted out of order, or the one before it was replaced` };
  }
  if (eventHash(e) !== e.hash) {
    return { kind: 'altered', eventId, seq, params: {}, message: `event ${eventId} (seq ${seq}) no longer matches its hash: altered after it was written` };
  }
  return undefined;
}

/** Walks the whole chain in pages of `pageSize`; stops at the first problem. */
export async function verifyChain(db: Db, options: { pageSize?: number; onPage?: (checked: number) => void } = {}): Promise<ChainReport> {
  const started = process.hrtime.bigint();
  const pageSize = options.pageSize ?? 10_000;
  const anchors: { day: string; seq: string; hash: string }[] = await db('audit_anchors').orderBy('seq').select(db.raw(`to_char(day, 'YYYY-MM-DD') AS day`), db.raw('seq::text AS seq'), 'hash');
  let anchorIndex = 0;
  let previous: { seq: number; hash: string } | null = null;
  let checked = 0;
  const finish = (problem?: ChainProblem): ChainReport => ({
    ok: !problem,
    checked,
    head: previous,
    anchorsChecked: anchorIndex,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    ...(problem ? { problem } : {}),
  });
  for (;;) {
    const { rows } = (await db.raw(`SELECT ${CHAINED_EVENT_COLUMNS} FROM events WHERE events.seq > ? ORDER BY events.seq LIMIT ?`, [previous?.seq ?? 0, pageSize])) as { rows: ChainedEventText[] };
    for (const e of rows) {
      const problem = checkLink(previous, e);
      if (problem) return finish(problem);
      previous = { seq: Number(e.seq), hash: e.hash };
      checked++;
      const anchor = anchors[anchorIndex];
      if (anchor && Number(anchor.seq) === previous.seq) {
        if (anchor.hash !== e.hash) {
          return finish({ kind: 'anchor-mismatch', eventId: Number(e.id), seq: previous.seq, params: { day: anchor.day }, message: `event ${e.id} (seq ${e.seq}) is not the event the anchor of ${anchor.day} names: the chain was rewritten` });
        }
        anchorIndex++;
      }
    }
    options.onPage?.(checked);
    if (rows.length < pageSize) break;
  }
  const unmet = anchors[anchorIndex];
  if (unmet) {
    return finish({
      kind: 'removed',
      eventId: null,
      seq: (previous?.seq ?? 0) + 1,
      params: { from: (previous?.seq ?? 0) + 1, to: Number(unmet.seq), day: unmet.day },
      message: `the chain ends at seq ${previous?.seq ?? 0}, but the anchor of ${unmet.day} names seq ${unmet.seq}: the last events were removed`,
    });
  }
  return finish();
}
