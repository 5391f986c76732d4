import type { Db } from '../connection';
import { appendEvent } from '../events';

export interface StoredPayment {
  paymentId: string;
  accountNo: string;
  customerId: number;
  amountFen: number;
  channel: string;
  paidAt: Date;
  receivedAt: Date;
}

export type RecordPaymentResult =
  | { kind: 'recorded'; payment: StoredPayment }
  | { kind: 'duplicate'; payment: StoredPayment }
  | { kind: 'conflict'; payment: StoredPayment }
  | { kind: 'unknown-account' };

async function findPayment(db: Db, paymentId: string): Promise<StoredPayment | undefined> {
  const row = await db('payments as p')
    .join('accounts as a', 'a.id', 'p.account_id')
    .where('p.payment_id', paymentId)
    .first('p.payment_id', 'a.account_no', 'a.customer_id', 'p.amount_fen', 'p.channel', 'p.paid_at', 'p.received_at');
  return row && {
    paymentId: row.payment_id,
    accountNo: row.account_no,
    customerId: row.customer_id,
    amountFen: Number(row.amount_fen),
    channel: row.channel,
    paidAt: new Date(row.paid_at),
    receivedAt: new Date(row.received_at),
  };
}

/**
 * Stores a payment once. The same paymentId again is a duplicate (counted once) when it
 * says the same thing, and a conflict when it does not: a payer system reusing an id for a
 * different payment must hear about it rather than lose money silently.
 */
export async function recordPayment(
  db: Db,
  payment: { paymentId: string; accountNo: string; amountFen: number; channel: string; paidAt: Date | null },
  actor: string,
): Promise<RecordPaymentResult> {
  const account = await db('accounts').where({ account_no: payment.accountNo }).first('id', 'customer_id');
  if (!account) return { kind: 'unknown-account' };

  const inserted = await db.transaction(async (trx) => {
    const rows = await trx('payments')
      .insert({
        payment_id: payment.paymentId,
        account_id: account.id,
        amount_fen: payment.amountFen,
        channel: payment.channel,
        paid_at: payment.paidAt ?? trx.fn.now(),
      })
      .onConflict('payment_id')
      .ignore()
      .returning('payment_id');
    if (rows.length === 0) return false;
    await appendEvent(trx, {
      type: 'payment.received',
      actor,
      customerId: account.customer_id,
      data: { paymentId: payment.paymentId, accountNo: payment.accountNo, amountFen: payment.amountFen, channel: payment.channel },
    });
    return true;
  });

  const stored = (await findPayment(db, payment.paymentId))!;
  if (inserted) return { kind: 'recorded', payment: stored };
  const same =
    stored.accountNo === payment.accountNo &&
    stored.amountFen === payment.amountFen &&
    stored.channel === payment.channel &&
    (payment.paidAt === null || stored.paidAt.getTime() === payment.paidAt.getTime());
  return { kind: same ? 'duplicate' : 'conflict', payment: stored };
}
