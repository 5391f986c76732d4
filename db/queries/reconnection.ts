import type { Db } from '../connection';

/**
 * Disconnected customers who owe nothing and have no reconnection order open: the ones a
 * reconnection workflow should start for. Shared by the payment endpoint and the sweep so
 * both apply one rule. An open order means a workflow or a collector is already on it.
 */
export async function customersDueForReconnection(
  db: Db,
  options: { customerIds?: number[]; limit?: number } = {},
): Promise<Array<{ customerId: number; customerNo: string }>> {
  const query = db('customers as c')
    .select('c.id as customerId', 'c.customer_no as customerNo')
    .where('c.supply_status', 'disconnected')
    .whereRaw('COALESCE((SELECT SUM(a.arrears_fen) FROM account_arrears a WHERE a.customer_id = c.id), 0) <= 0')
    .whereNotExists(
      db('work_orders as w').select(db.raw('1')).whereRaw('w.customer_id = c.id').andWhere('w.state', 'open'),
    )
    .orderBy('c.id')
    .limit(options.limit ?? 1000);
  if (options.customerIds) query.whereIn('c.id', options.customerIds);
  return query;
}

export async function arrearsOfCustomer(db: Db, customerId: number): Promise<number> {
  const row = await db('account_arrears').where({ customer_id: customerId }).sum({ arrears: 'arrears_fen' }).first();
  return Number(row?.arrears ?? 0);
}
