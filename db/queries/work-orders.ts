import type { Knex } from 'knex';
import { formatOrderNo, ORDER_SEQUENCES } from '../../domain/workorders/numbering';
import { appendEvent } from '../events';

/**
 * Opens the disconnection order (停电工单) of each customer of a case run, once: a retried
 * activity finds the orders it made. Each new order's `work_order.opened` is written in the
 * caller's transaction. Answers customer id → order number.
 */
export async function openDisconnectionOrders(
  trx: Knex.Transaction,
  input: { caseId: number; workflowId: string; runId: string; customerIds: number[] },
): Promise<Map<number, string>> {
  const orders = new Map<number, string>();
  if (input.customerIds.length === 0) return orders;
  const find = async (ids: number[]) => {
    const rows: Array<{ customer_id: number; order_no: string }> = await trx('work_orders')
      .where({ workflow_run_id: input.runId, kind: 'disconnection' })
      .whereIn('customer_id', ids)
      .select('customer_id', 'order_no');
    for (const row of rows) orders.set(row.customer_id, row.order_no);
  };
  await find(input.customerIds);
  const missing = input.customerIds.filter((id) => !orders.has(id));
  if (missing.length === 0) return orders;

  const { rows: serials } = await trx.raw(`SELECT nextval('${ORDER_SEQUENCES.disconnection}') AS serial FROM generate_series(1, ?)`, [missing.length]);
  const inserted: Array<{ customer_id: number; order_no: string }> = await trx('work_orders')
    .insert(
      missing.map((customerId, i) => ({
        order_no: formatOrderNo('disconnection', Number(serials[i].serial)),
        kind: 'disconnection',
        customer_id: customerId,
        case_id: input.caseId,
        workflow_id: input.workflowId,
        workflow_run_id: input.runId,
        reason: 'arrears',
      })),
    )
    .onConflict(['workflow_run_id', 'kind', 'customer_id'])
    .ignore()
    .returning(['customer_id', 'order_no']);
  for (const row of inserted) {
    orders.set(row.customer_id, row.order_no);
    await appendEvent(trx, {
      type: 'work_order.opened',
      actor: `workflow:${input.workflowId}`,
      customerId: row.customer_id,
      workflowId: input.workflowId,
      orderNo: row.order_no,
      caseId: input.caseId,
      data: { kind: 'disconnection', reason: 'arrears' },
      idempotencyKey: `work_order.opened:${row.order_no}`,
    });
  }
  // Another attempt inserted some first: theirs stand.
  const raced = missing.filter((id) => !orders.has(id));
  if (raced.length > 0) await find(raced);
  return orders;
}

/**
 * Closes the open order `where` picks, with its `work_order.closed` in the caller's
 * transaction; an order already closed (a retried activity) is left as it is.
 */
export async function closeWorkOrder(
  trx: Knex.Transaction,
  where: Record<string, string | number>,
  close: { state: 'completed' | 'failed' | 'cancelled'; outcome: string; code?: string },
): Promise<void> {
  const [row] = await trx('work_orders')
    .where({ ...where, state: 'open' })
    .update({ state: close.state, outcome: close.outcome, ...(close.code ? { reason: close.code } : {}), closed_at: trx.fn.now() })
    .returning(['order_no', 'kind', 'customer_id', 'case_id', 'workflow_id']);
  if (!row) return;
  await appendEvent(trx, {
    type: 'work_order.closed',
    actor: `workflow:${row.workflow_id}`,
    customerId: row.customer_id,
    workflowId: row.workflow_id,
    orderNo: row.order_no,
    caseId: row.case_id,
    data: { kind: row.kind, outcome: close.outcome, ...(close.code ? { code: close.code } : {}) },
    idempotencyKey: `work_order.closed:${row.order_no}`,
  });
}

/**
 * Closes a customer's open disconnection order in a case once their outcome is final:
 * completed when they were disconnected, cancelled when excluded (the exclusion's code, e.g.
 * PROTECTED or REMOVED, becomes the order's reason).
 * Cases from before these orders have none, and nothing happens.
 */
export function closeDisconnectionOrder(
  trx: Knex.Transaction,
  input: { caseId: number; customerId: number; outcome: 'disconnected' } | { caseId: number; customerId: number; outcome: 'excluded'; code: string },
): Promise<void> {
  return closeWorkOrder(
    trx,
    { case_id: input.caseId, customer_id: input.customerId, kind: 'disconnection' },
    input.outcome === 'disconnected' ? { state: 'completed', outcome: 'disconnected' } : { state: 'cancelled', outcome: 'excluded', code: input.code },
  );
}
