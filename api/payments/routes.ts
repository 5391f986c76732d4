import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connection';
import { arrearsOfCustomer } from '../../db/queries/reconnection';
import { recordPayment, StoredPayment } from '../../db/queries/payments';
import { formatFen } from '../../domain/billing/money';
import { HttpError } from '../errors';
import { startReconnectionIfDue } from '../reconnection-trigger';
import { requireServiceToken } from '../service-tokens';
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

/** Payments from outside systems (banks, counters, online): idempotent by paymentId. */
export function paymentRoutes(db: Db, temporal: Client): Router {
  const router = Router();
  router.post('/', requireServiceToken(db), async (req, res, next) => {
    try {
      const parsed = parsePaymentRequest(req.body);
      if (!parsed.ok) {
        throw new HttpError(400, 'INVALID_PAYMENT', parsed.problems.map((p) => p.message).join('; '), parsed.problems);
      }
      const result = await recordPayment(db, parsed.value, `service:${res.locals.serviceName}`);
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
    } catch (err) {
      next(err);
    }
  });
  return router;
}
