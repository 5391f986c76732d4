import type { Knex } from 'knex';
import { appendEvent } from '../events';
import { policyVersionInForce } from './policies';
import { DEFAULT_REVISIT_POLICY, parseRevisitPolicy, type RatedProcess, type RatingSource, type RevisitPolicy } from '../../domain/revisit/policy';
import { formatRevisitNo, REVISIT_SEQUENCE } from '../../domain/revisit/numbering';
import { reviewVerdict } from '../../domain/revisit/verdict';
import { revisitWorkflowId } from '../../workflows/revisit/ids';

/** The order a rating judges, found by its number; only finished work can be rated. */
export type RatedOrder = { kind: 'found'; caseId: number | null; customerId: number | null } | { kind: 'unknown' } | { kind: 'not-finished'; state: string };

/** What each process calls finished: a closed (or done) repair, an installed relocation, a completed reconnection. */
export async function ratedOrder(db: Knex | Knex.Transaction, process: RatedProcess, orderNo: string): Promise<RatedOrder> {
  const row =
    process === 'repair'
      ? await db('repair_orders').where({ order_no: orderNo }).first('state', 'case_id', 'customer_id')
      : process === 'relocation'
        ? await db('relocation_orders').where({ order_no: orderNo }).first('state', 'case_id', 'customer_id')
        : await db('work_orders as w')
            .leftJoin('cases as c', 'c.workflow_id', 'w.workflow_id')
            .where('w.order_no', orderNo)
            .whereIn('w.kind', ['auto_reconnection', 'manual_reconnection'])
            .first('w.state', 'c.id as case_id', 'w.customer_id');
  if (!row) return { kind: 'unknown' };
  const finished = process === 'repair' ? ['closed', 'done'] : process === 'relocation' ? ['installed'] : ['completed'];
  if (!finished.includes(row.state)) return { kind: 'not-finished', state: row.state };
  return { kind: 'found', caseId: row.case_id ?? null, customerId: row.customer_id ?? null };
}

export interface NewRating {
  process: RatedProcess;
  orderNo: string;
  caseId: number | null;
  customerId: number | null;
  rating: number | null;
  comment: string | null;
  source: RatingSource;
  recordedById: number | null;
  actor: string;
  idempotencyKey: string | null;
}

export interface RecordedRating {
  ratingId: number;
  bad: boolean;
  reasons: string[];
  /** The revisit the rating opened or joined (one per order and customer), when it is bad. */
  revisit: { id: number; revisitNo: string; opened: boolean } | null;
  /** A redelivery: the rating was recorded before with this key. */
  earlier: boolean;
}

/**
 * Records a rating with its verdict (domain/revisit/verdict.ts) and, when it is bad, opens the
 * order's revisit for this customer or joins the one already open; `rating.recorded` and
 * `revisit.opened` in the same transaction. A key sent before answers the first rating.
 * Two bad ratings of one order at once: the unique index lets one revisit in, the other joins it.
 */
export async function recordRating(trx: Knex.Transaction, input: NewRating, policy: RevisitPolicy): Promise<RecordedRating> {
  if (input.idempotencyKey) {
    const earlier = await trx('ratings as r').leftJoin('revisits as v', 'v.id', 'r.revisit_id').where('r.idempotency_key', input.idempotencyKey).first('r.id', 'r.bad', 'r.bad_reasons', 'v.id as revisit_id', 'v.revisit_no');
    if (earlier) {
      return {
        ratingId: earlier.id,
        bad: earlier.bad,
        reasons: earlier.bad_reasons,
        revisit: earlier.revisit_id ? { id: earlier.revisit_id, revisitNo: earlier.revisit_no, opened: false } : null,
        earlier: true,
      };
    }
  }
  const verdict = reviewVerdict({ process: input.process, rating: input.rating, comment: input.comment }, policy);
  let revisit: RecordedRating['revisit'] = null;
  if (verdict.bad) {
    const serial = Number((await trx.raw('SELECT nextval(?::regclass) AS n', [REVISIT_SEQUENCE])).rows[0].n);
    const revisitNo = formatRevisitNo(serial);
    const inserted = await trx.raw(
      `INSERT INTO revisits (revisit_no, process, order_ref, customer_id, workflow_id, reasons)
       VALUES (?, ?, ?, ?, ?, ?::text[])
       ON CONFLICT (process, order_ref, COALESCE(customer_id, 0)) DO NOTHING
       RETURNING id`,
      [revisitNo, input.process, input.orderNo, input.customerId, revisitWorkflowId(revisitNo), verdict.reasons],
    );
    if (inserted.rows.length > 0) {
      revisit = { id: inserted.rows[0].id, revisitNo, opened: true };
    } else {
      const existing = await trx('revisits').where({ process: input.process, order_ref: input.orderNo }).andWhereRaw('COALESCE(customer_id, 0) = ?', [input.customerId ?? 0]).first('id', 'revisit_no');
      revisit = { id: existing.id, revisitNo: existing.revisit_no, opened: false };
    }
  }
  const [{ id: ratingId }] = await trx('ratings')
    .insert({
      process: input.process,
      order_ref: input.orderNo,
      case_id: input.caseId,
      customer_id: input.customerId,
      rating: input.rating,
      comment: input.comment,
      source: input.source,
      recorded_by_id: input.recordedById,
      actor: input.actor,
      bad: verdict.bad,
      bad_reasons: verdict.reasons,
      revisit_id: revisit?.id ?? null,
      idempotency_key: input.idempotencyKey,
    })
    .returning('id');
  await appendEvent(trx, {
    type: 'rating.recorded',
    actor: input.actor,
    customerId: input.customerId,
    caseId: input.caseId,
    orderNo: input.orderNo,
    data: {
      ratingId,
      process: input.process,
      rating: input.rating,
      ...(input.comment ? { comment: input.comment } : {}),
      source: input.source,
      bad: verdict.bad,
      ...(verdict.reasons.length ? { badReasons: verdict.reasons } : {}),
      ...(verdict.keyword ? { keyword: verdict.keyword } : {}),
      ...(revisit ? { revisitNo: revisit.revisitNo } : {}),
    },
  });
  if (revisit?.opened) {
    await appendEvent(trx, {
      type: 'revisit.opened',
      actor: input.actor,
      customerId: input.customerId,
      orderNo: revisit.revisitNo,
      workflowId: revisitWorkflowId(revisit.revisitNo),
      data: { revisitNo: revisit.revisitNo, process: input.process, ratedOrderNo: input.orderNo, ratingId, reasons: verdict.reasons },
    });
  }
  return { ratingId, bad: verdict.bad, reasons: verdict.reasons, revisit, earlier: false };
}

/** The number of the order's revisit for this customer, while it is open. */
export async function openRevisitOf(db: Knex | Knex.Transaction, process: RatedProcess, orderNo: string, customerId: number | null): Promise<string | undefined> {
  const row = await db('revisits').where({ process, order_ref: orderNo, state: 'open' }).andWhereRaw('COALESCE(customer_id, 0) = ?', [customerId ?? 0]).first('revisit_no');
  return row?.revisit_no;
}

/**
 * The revisit policy in force, for whoever records a rating (another process's activity, the
 * SMS gateway's endpoint): published versions were checked when published; one that no longer
 * parses gives way to the defaults rather than losing the customer's rating.
 */
export async function revisitPolicyIn(db: Knex | Knex.Transaction): Promise<RevisitPolicy> {
  try {
    return parseRevisitPolicy((await policyVersionInForce(db, 'revisit'))?.value ?? {});
  } catch {
    return DEFAULT_REVISIT_POLICY;
  }
}

/** The open revisit whose recovery survey went to this phone and is not answered yet (the newest). */
export async function revisitAwaitingSurvey(db: Knex | Knex.Transaction, phone: string): Promise<{ id: number; revisitNo: string; customerId: number | null } | undefined> {
  const row = await db('revisits').where({ survey_phone: phone, state: 'open' }).whereNull('recovered').whereNotNull('survey_sent_at').orderBy('survey_sent_at', 'desc').first('id', 'revisit_no', 'customer_id');
  return row ? { id: row.id, revisitNo: row.revisit_no, customerId: row.customer_id } : undefined;
}
