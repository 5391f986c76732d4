import { Router } from 'express';
import type { Db } from '../../db/connection';
import { arrearsOfCustomer } from '../../db/queries/reconnection';
import { formatFen } from '../../domain/billing/money';
import { HttpError } from '../errors';
import { requireServiceToken } from '../service-tokens';

/** One customer's state and recent history, for machines and for watching a reconnection. */
export function customerRoutes(db: Db): Router {
  const router = Router();
  router.get('/:customerNo', requireServiceToken(db), async (req, res, next) => {
    try {
      const customer = await db('customers').where({ customer_no: req.params.customerNo }).first();
      if (!customer) throw new HttpError(404, 'CUSTOMER_NOT_FOUND', `no customer ${req.params.customerNo}`);
      const [arrearsFen, orders, events, messages] = await Promise.all([
        arrearsOfCustomer(db, customer.id),
        db('work_orders').where({ customer_id: customer.id }).orderBy('opened_at', 'desc').limit(20),
        db('events').where({ customer_id: customer.id }).orderBy('id', 'desc').limit(50),
        db('outbox').where({ customer_id: customer.id }).orderBy('id', 'desc').limit(20),
      ]);
      res.json({
        customerNo: customer.customer_no,
        name: customer.name,
        supplyStatus: customer.supply_status,
        arrears: formatFen(Math.max(arrearsFen, 0)),
        remoteReconnectEligible: customer.remote_reconnect_eligible,
        lastOutageAt: customer.last_outage_at,
        lastReconnectedAt: customer.last_reconnected_at,
        workOrders: orders.map((o) => ({ orderNo: o.order_no, kind: o.kind, state: o.state, outcome: o.outcome, openedAt: o.opened_at, closedAt: o.closed_at })),
        messages: messages.map((m) => ({ channel: m.channel, recipient: m.recipient, body: m.body, state: m.state, sentAt: m.sent_at })),
        events: events.map((e) => ({ at: e.at, type: e.type, actor: e.actor, orderNo: e.order_no, data: e.data })),
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
