import type { Knex } from 'knex';
import { appendEvent } from '../db/events';

/*
 * 差评返工: a revisit after a bad review sends the rated order back to whoever did it
 * (activities/revisit.ts reopenRatedOrder): a done repair to its crew, an installed relocation
 * to its installation team; their own workflows redo it (workflows/repair, workflows/relocation).
 */

/** A done repair order sent back to its crew by a revisit: what its rework workflow starts with. */
export interface RepairReopened {
  orderId: number;
  orderNo: string;
  /** The order's own case, where the rework continues (none for an order that never had one). */
  caseId: number | null;
  /** The order's loop count after the reopening. */
  loop: number;
  crew: { userId: number; name: string };
}

/** Why a rated repair order cannot go back to its crew. */
export type RepairReopenRefusal = 'ORDER_NOT_DONE' | 'NO_CREW_MEMBER' | 'ORDER_NOT_FOUND';

/** The order's crew member if the order can be reopened: done (rated), with an active crew member on record. */
async function reopenableRepair(db: Knex | Knex.Transaction, orderNo: string, lock: boolean) {
  const query = db('repair_orders').where({ order_no: orderNo }).first('id', 'order_no', 'customer_id', 'case_id', 'state', 'loop_count', 'crew_user_id');
  const order = lock ? await query.forUpdate() : await query;
  if (!order) return { refused: 'ORDER_NOT_FOUND' as const };
  if (order.state !== 'done') return { refused: 'ORDER_NOT_DONE' as const, order };
  const crew = order.crew_user_id ? await db('users').where({ id: order.crew_user_id, active: true }).first('id', 'display_name') : undefined;
  if (!crew) return { refused: 'NO_CREW_MEMBER' as const, order };
  return { order, crew: { userId: crew.id as number, name: crew.display_name as string } };
}

/** A repair order a revisit reopened, read again (a retry after the reopening committed). */
export async function reopenedRepair(db: Knex | Knex.Transaction, orderNo: string): Promise<RepairReopened> {
  const order = await db('repair_orders as r').leftJoin('users as u', 'u.id', 'r.crew_user_id').where('r.order_no', orderNo).first('r.id', 'r.order_no', 'r.case_id', 'r.loop_count', 'r.crew_user_id', 'u.display_name');
  return { orderId: order.id, orderNo: order.order_no, caseId: order.case_id ?? null, loop: order.loop_count, crew: { userId: order.crew_user_id, name: order.display_name } };
}

/** Whether a revisit could send this repair order back to its crew now. */
export async function repairReopenable(db: Knex, orderNo: string): Promise<boolean> {
  return !('refused' in (await reopenableRepair(db, orderNo, false)));
}

/**
 * 差评返工: a revisit sends a done repair order back to its crew, counted as a loop, in the
 * revisit's transaction; `repair.reopened` names the revisit. Refused (nothing changed) unless
 * the order is done and its crew member still active.
 */
export async function reopenRepairForRevisit(
  trx: Knex.Transaction,
  input: { orderNo: string; revisitNo: string; reason: string; byUserId: number; workflowId: string },
): Promise<{ ok: true; order: RepairReopened } | { ok: false; code: RepairReopenRefusal }> {
  const found = await reopenableRepair(trx, input.orderNo, true);
  if ('refused' in found) return { ok: false, code: found.refused! };
  const { order, crew } = found;
  const [row] = await trx('repair_orders')
    .where({ id: order.id })
    .update({ state: 'open', closed_at: null, fixed_at: null, loop_count: trx.raw('loop_count + 1'), handler_user_id: crew.userId })
    .returning('loop_count');
  await appendEvent(trx, {
    type: 'repair.reopened',
    actor: `user:${input.byUserId}`,
    workflowId: input.workflowId,
    orderNo: order.order_no,
    caseId: order.case_id,
    customerId: order.customer_id,
    data: { revisitNo: input.revisitNo, reason: input.reason, crewName: crew.name },
    idempotencyKey: `repair.reopened:${order.order_no}:${input.revisitNo}`,
  });
  return { ok: true, order: { orderId: order.id, orderNo: order.order_no, caseId: order.case_id ?? null, loop: row.loop_count, crew } };
}

/** A relocation sent back to its installation team by a revisit: what its rework starts with. */
export interface RelocationReopened {
  orderId: number;
  orderNo: string;
  caseId: number | null;
}

/** Why an installed relocation cannot go back to its team. */
export type RelocationReopenRefusal = 'ORDER_NOT_DONE' | 'ORDER_NOT_FOUND';

async function reopenableRelocation(db: Knex | Knex.Transaction, orderNo: string, lock: boolean) {
  const query = db('relocation_orders').where({ order_no: orderNo }).first('id', 'order_no', 'customer_id', 'case_id', 'state');
  const order = lock ? await query.forUpdate() : await query;
  if (!order) return { refused: 'ORDER_NOT_FOUND' as const };
  if (order.state !== 'installed') return { refused: 'ORDER_NOT_DONE' as const, order };
  return { order };
}

/** A relocation a revisit reopened, read again (a retry after the reopening committed). */
export async function reopenedRelocation(db: Knex | Knex.Transaction, orderNo: string): Promise<RelocationReopened> {
  const order = await db('relocation_orders').where({ order_no: orderNo }).first('id', 'order_no', 'case_id');
  return { orderId: order.id, orderNo: order.order_no, caseId: order.case_id ?? null };
}

/** Whether a revisit could send this relocation back to its installation team now: installed. */
export async function relocationReopenable(db: Knex, orderNo: string): Promise<boolean> {
  return !('refused' in (await reopenableRelocation(db, orderNo, false)));
}

/**
 * 差评返工: a revisit sends an installed relocation back to its installation team, in the
 * revisit's transaction; `relocation.reopened` names the revisit. The order stays installed
 * (its number has moved); the team's redo is recorded as `relocation.redone`.
 */
export async function reopenRelocationForRevisit(
  trx: Knex.Transaction,
  input: { orderNo: string; revisitNo: string; reason: string; byUserId: number; workflowId: string },
): Promise<{ ok: true; order: RelocationReopened } | { ok: false; code: RelocationReopenRefusal }> {
  const found = await reopenableRelocation(trx, input.orderNo, true);
  if ('refused' in found) return { ok: false, code: found.refused! };
  const { order } = found;
  await appendEvent(trx, {
    type: 'relocation.reopened',
    actor: `user:${input.byUserId}`,
    workflowId: input.workflowId,
    orderNo: order.order_no,
    caseId: order.case_id,
    customerId: order.customer_id,
    data: { revisitNo: input.revisitNo, reason: input.reason },
    idempotencyKey: `relocation.reopened:${order.order_no}:${input.revisitNo}`,
  });
  return { ok: true, order: { orderId: order.id, orderNo: order.order_no, caseId: order.case_id ?? null } };
}
