import { Router } from 'express';
import type { Knex } from 'knex';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { REPAIR_CALL_STATES, type RepairCall, repairCallAbandonRequest, repairCallExecuteRequest, repairCallRequest } from '../../domain/contracts/repair-calls';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asBoolean, asId, asOneOf, asText, idParam, iso, type ListSpec, parseListQuery, sendList } from '../lists';
import { parseBody } from '../validate';

const UNIQUE_VIOLATION = '23505';

/** The queue's filters; `mine` needs the person asking. */
function listSpec(userId: number): ListSpec {
  return {
    resource: 'repair_calls',
    sorts: { dueAt: 'c.due_at', id: 'c.id' },
    defaultSort: ['dueAt', 'ASC'],
    filters: {
      state: (query, value) => void query.where('c.state', asOneOf(value, 'state', REPAIR_CALL_STATES)),
      // Due: its time has come (or, false, not yet).
      due: (query, value) => void query.whereRaw(asBoolean(value, 'due') ? 'c.due_at <= now()' : 'c.due_at > now()'),
      orderNo: (query, value) => void query.where('r.order_no', asText(value, 'orderNo')),
      orderId: (query, value) => void query.where('c.order_id', asId(value, 'orderId')),
      mine: (query, value) => void (asBoolean(value, 'mine') ? query.where('c.scheduled_by_id', userId) : query.whereNot('c.scheduled_by_id', userId)),
    },
  };
}

function base(db: Db | Knex.Transaction) {
  return db('repair_calls as c')
    .join('repair_orders as r', 'r.id', 'c.order_id')
    .leftJoin('customers as cu', 'cu.id', 'r.customer_id')
    .join('users as sb', 'sb.id', 'c.scheduled_by_id')
    .leftJoin('users as hb', 'hb.id', 'c.handled_by_id')
    .select('c.*', 'r.order_no', 'r.place', 'r.contact_phone', 'cu.name as customer_name', 'sb.display_name as scheduled_by_name', 'hb.display_name as handled_by_name');
}

function present(row: DbRow, now: number): RepairCall {
  const dueAt = new Date(row.due_at);
  return {
    id: row.id,
    orderId: row.order_id,
    orderNo: row.order_no,
    customerName: row.customer_name ?? null,
    contactPhone: row.contact_phone ?? null,
    place: row.place,
    dueAt: dueAt.toISOString(),
    overdue: row.state === 'scheduled' && dueAt.getTime() < now,
    note: row.note ?? null,
    state: row.state,
    reason: row.reason ?? null,
    scheduledByName: row.scheduled_by_name,
    handledByName: row.handled_by_name ?? null,
    handledAt: iso(row.handled_at),
  };
}

/**
 * Scheduled outbound calls (预约呼叫): an agent promises a caller a call back on a repair
 * order; the agents' queue shows the calls due, each made (done) or abandoned with a reason.
 * Mounted at /api by api/repair/routes.ts.
 */
export function repairCallRoutes(db: Db): Router {
  const router = Router();
  const show = async (id: number) => present(await base(db).where('c.id', id).first(), Date.now());

  router.post('/repair_orders/:id/calls', allow('repair_calls', 'create'), async (req, res) => {
    const user = currentUser(res);
    const orderId = idParam(req);
    const body = parseBody(repairCallRequest, req.body, 'INVALID_CALL');
    const key = body.idempotencyKey ? `user:${user.id}:${body.idempotencyKey}` : null;
    const earlier = async () => (key ? await db('repair_calls').where({ idempotency_key: key }).first('id') : undefined);
    const first = await earlier();
    if (first) return void res.status(200).json(await show(first.id));
    let callId: number;
    try {
      callId = await db.transaction(async (trx) => {
        const order = await trx('repair_orders').where({ id: orderId }).forUpdate().first('id', 'order_no', 'customer_id', 'case_id', 'workflow_id', 'state');
        if (!order) throw new HttpError(404, 'NOT_FOUND', `no repair order ${orderId}`);
        if (order.state === 'done') throw new HttpError(409, 'ORDER_DONE', `repair order ${order.order_no} is rated and finished; no call is scheduled on it`, { state: order.state });
        const [row] = await trx('repair_calls')
          .insert({ order_id: orderId, due_at: new Date(body.dueAt), note: body.note ?? null, scheduled_by_id: user.id, idempotency_key: key })
          .returning(['id', 'due_at']);
        await appendEvent(trx, {
          type: 'repair.call_scheduled',
          actor: `user:${user.id}`,
          workflowId: order.workflow_id,
          orderNo: order.order_no,
          caseId: order.case_id,
          customerId: order.customer_id,
          data: { callId: row.id, dueAt: new Date(row.due_at).toISOString(), ...(body.note ? { note: body.note } : {}) },
        });
        return row.id as number;
      });
    } catch (err) {
      // The same key twice at once: the first insert wins, the other answers its call.
      const raced = (err as { code?: string }).code === UNIQUE_VIOLATION ? await earlier() : undefined;
      if (!raced) throw err;
      return void res.status(200).json(await show(raced.id));
    }
    res.status(201).json(await show(callId));
  });

  router.get('/repair_calls', allow('repair_calls', 'list'), async (req, res) => {
    const spec = listSpec(currentUser(res).id);
    const now = Date.now();
    await sendList(res, spec, parseListQuery(req, spec), base(db), 'c.id', (row) => present(row, now));
  });

  /** Makes or abandons a scheduled call: its row locked, its event in the same transaction. */
  async function handle(callId: number, userId: number, outcome: { state: 'done'; note?: string } | { state: 'abandoned'; reason: string }): Promise<void> {
    await db.transaction(async (trx) => {
      const call = await trx('repair_calls').where({ id: callId }).forUpdate().first('id', 'order_id', 'state');
      if (!call) throw new HttpError(404, 'NOT_FOUND', `no scheduled call ${callId}`);
      if (call.state !== 'scheduled') throw new HttpError(409, 'CALL_NOT_SCHEDULED', `call ${callId} is ${call.state} already`, { state: call.state });
      const order = await trx('repair_orders').where({ id: call.order_id }).first('order_no', 'customer_id', 'case_id', 'workflow_id');
      await trx('repair_calls')
        .where({ id: callId })
        .update({ state: outcome.state, reason: outcome.state === 'abandoned' ? outcome.reason : null, handled_by_id: userId, handled_at: trx.fn.now() });
      await appendEvent(trx, {
        type: outcome.state === 'done' ? 'repair.call_done' : 'repair.call_abandoned',
        actor: `user:${userId}`,
        workflowId: order.workflow_id,
        orderNo: order.order_no,
        caseId: order.case_id,
        customerId: order.customer_id,
        data: { callId, ...(outcome.state === 'abandoned' ? { reason: outcome.reason } : outcome.note ? { note: outcome.note } : {}) },
      });
    });
  }

  router.post('/repair_calls/:id/execute', allow('repair_calls', 'update'), async (req, res) => {
    const user = currentUser(res);
    const callId = idParam(req);
    const body = parseBody(repairCallExecuteRequest, req.body, 'INVALID_CALL');
    await handle(callId, user.id, { state: 'done', ...(body.note ? { note: body.note } : {}) });
    res.json(await show(callId));
  });

  router.post('/repair_calls/:id/abandon', allow('repair_calls', 'update'), async (req, res) => {
    const user = currentUser(res);
    const callId = idParam(req);
    const body = parseBody(repairCallAbandonRequest, req.body, 'INVALID_CALL');
    await handle(callId, user.id, { state: 'abandoned', reason: body.reason });
    res.json(await show(callId));
  });

  return router;
}
