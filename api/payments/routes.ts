import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connection';
import { arrearsOfCustomer } from '../../db/queries/reconnection';
import { recordPayment, StoredPayment } from '../../db/queries/payments';
import { formatFen } from '../../domain/billing/money';
import { HttpError } from '../errors';
import { startReconnectionIfDue } from '../reconnection-trigger';
import { serviceTokenOr } from '../service-tokens';
import { allow } from '../auth/sessions';
import { asOneOf, asText, ListSpec, parseListQuery, sendList } from '../lists';
import { PAYMENT_CHANNELS } from './validate';
import { parsePaymentRequest } from './validate';

function present(payment: StoredPayment) {
  return {
    paymentId: payment.paymentId,
    accountNo: payment.accountNo,
    amount: formatFen(payment.amountFen),
    channel: payment.channel,
    paidAt: payment.paidAt.toISOString(),
    receivedAt: payment.receivedAt.toISOString(),
  };
}

const listSpec: ListSpec = {
  resource: 'payments',
  sorts: { receivedAt: 'p.received_at', paidAt: 'p.paid_at' },
  defaultSort: ['receivedAt', 'DESC'],
  filters: {
    accountNo: (query, value) => void query.where('a.account_no', asText(value, 'accountNo')),
    channel: (query, value) => void query.where('p.channel', asOneOf(value, 'channel', PAYMENT_CHANNELS)),
  },
};

/** Payments from outside systems (banks, counters, online): idempotent by paymentId. */
export function paymentRoutes(db: Db, temporal: Client): Router {
  const router = Router();
  router.get('/', allow('payments', 'list'), async (req, res) => {
    const base = db('payments as p').join('accounts as a', 'a.id', 'p.account_id').select('p.*', 'a.account_no');
    await sendList(res, listSpec, parseListQuery(req, listSpec), base, 'p.payment_id', (row) => ({
      id: row.payment_id,
      ...present({ paymentId: row.payment_id, accountNo: row.account_no, customerId: 0, amountFen: Number(row.amount_fen), channel: row.channel, paidAt: new Date(row.paid_at), receivedAt: new Date(row.received_at) }),
    }));
  });

  // Machines (bank, counter systems) with a service token; cashiers with a session.
  router.post('/', serviceTokenOr(db, 'payments', 'create'), async (req, res) => {
    const parsed = parsePaymentRequest(req.body);
    if (!parsed.ok) {
      throw new HttpError(400, 'INVALID_PAYMENT', parsed.problems.map((p) => p.message).join('; '), parsed.problems);
    }
    const actor = res.locals.user ? `user:${res.locals.user.id}` : `service:${res.locals.serviceName}`;
    const result = await recordPayment(db, parsed.value, actor);
    if (result.kind === 'unknown-account') {
      throw new HttpError(422, 'UNKNOWN_ACCOUNT', `no account ${parsed.value.accountNo}; the payment was not recorded`);
    }
    if (result.kind === 'conflict') {
      throw new HttpError(409, 'PAYMENT_ID_CONFLICT', `payment ${parsed.value.paymentId} was already recorded with different details; nothing was changed`, present(result.payment));
    }
    // Also on a duplicate: if the first post could not reach Temporal, this one may.
    const reconnection = await startReconnectionIfDue(db, temporal, result.payment.customerId, result.payment.paymentId);
    const arrearsFen = await arrearsOfCustomer(db, result.payment.customerId);
    res.status(result.kind === 'recorded' ? 201 : 200).json({
      payment: present(result.payment),
      duplicate: result.kind === 'duplicate',
      arrears: formatFen(Math.max(arrearsFen, 0)),
      reconnection,
    });
  });
  return router;
}
