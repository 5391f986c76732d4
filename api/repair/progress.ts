import { Router } from 'express';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import type { EventType } from '../../domain/events';
import { type RepairProgress, type RepairProgressKind, repairProgressRequest } from '../../domain/contracts/repair-progress';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { idParam, iso } from '../lists';
import { parseBody } from '../validate';

const UNIQUE_VIOLATION = '23505';
const EVENT_OF: Record<RepairProgressKind, EventType> = { departed: 'repair.crew_departed', arrived: 'repair.crew_arrived', step: 'repair.step_recorded' };

/** The order's progress rows, oldest first, people by name. */
export async function repairProgressOf(db: Db, orderId: number): Promise<RepairProgress[]> {
  const rows = await db('repair_progress as p').join('users as u', 'u.id', 'p.by_user_id').where('p.order_id', orderId).orderBy('p.id').limit(500).select('p.*', 'u.display_name');
  return rows.map((row) => ({ id: Number(row.id), kind: row.kind, loop: row.loop, text: row.text ?? null, byName: row.display_name, at: iso(row.at)! }));
}

/**
 * The crew member's progress as it happens (usable from a phone): leaving for the site,
 * arriving (the SLA's arrival stage: the first arrival is kept on the order), and repair
 * steps in between. Only the crew member who accepted the open order records it; leaving
 * and arriving are once per round (a callback rejection starts another).
 */
export function repairProgressRoutes(db: Db): Router {
  const router = Router();

  router.post('/repair_orders/:id/progress', allow('repair_orders', 'report'), async (req, res) => {
    const user = currentUser(res);
    const orderId = idParam(req);
    const body = parseBody(repairProgressRequest, req.body, 'INVALID_PROGRESS');
    const recorded = await db.transaction(async (trx) => {
      const order = await trx('repair_orders').where({ id: orderId }).forUpdate().first('id', 'order_no', 'customer_id', 'case_id', 'workflow_id', 'state', 'crew_user_id', 'responded_at', 'loop_count');
      if (!order) throw new HttpError(404, 'NOT_FOUND', `no repair order ${orderId}`);
      if (order.crew_user_id !== user.id) throw new HttpError(403, 'NOT_YOUR_ORDER', `repair order ${order.order_no} is not dispatched to you`);
      if (order.state !== 'open') throw new HttpError(409, 'ORDER_NOT_OPEN', `repair order ${order.order_no} is ${order.state}; nothing more is recorded on it`, { state: order.state });
      if (!order.responded_at) throw new HttpError(409, 'NOT_ACCEPTED', `accept repair order ${order.order_no} first`);
      if (body.kind !== 'step') {
        const earlier = await trx('repair_progress').where({ order_id: orderId, loop: order.loop_count, kind: body.kind }).first('id');
        if (earlier) throw new HttpError(409, body.kind === 'arrived' ? 'ALREADY_ARRIVED' : 'ALREADY_DEPARTED', `already recorded for this round of ${order.order_no}`);
      }
      const [row] = await trx('repair_progress')
        .insert({ order_id: orderId, kind: body.kind, loop: order.loop_count, text: body.kind === 'step' ? body.text : null, by_user_id: user.id })
        .returning(['id', 'at']);
      if (body.kind === 'arrived') await trx('repair_orders').where({ id: orderId }).update({ arrived_at: trx.raw('coalesce(arrived_at, ?)', [row.at]) });
      await appendEvent(trx, {
        type: EVENT_OF[body.kind],
        actor: `user:${user.id}`,
        workflowId: order.workflow_id,
        orderNo: order.order_no,
        caseId: order.case_id,
        customerId: order.customer_id,
        data: { progressId: Number(row.id), loop: order.loop_count, ...(body.kind === 'step' ? { text: body.text } : {}) },
      });
      return { id: Number(row.id), kind: body.kind, loop: order.loop_count, text: body.kind === 'step' ? body.text : null, byName: user.displayName, at: iso(row.at)! } satisfies RepairProgress;
    }).catch((err) => {
      // Two taps at once: the second waits on the order's row, so this is only a safety net.
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new HttpError(409, body.kind === 'arrived' ? 'ALREADY_ARRIVED' : 'ALREADY_DEPARTED', 'already recorded for this round');
      throw err;
    });
    res.status(201).json(recorded);
  });

  return router;
}
