import { Router } from 'express';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { releaseReservation } from '../../db/queries/numbers';
import { RELOCATION_KINDS, RELOCATION_STATES, relocationCancelRequest, relocationOrderRequest } from '../../domain/contracts/relocation';
import { can } from '../../domain/permissions';
import { appointmentDateRefusal, chinaDate } from '../../domain/relocation/appointment';
import { checkRealName } from '../../domain/relocation/identity';
import { RELOCATION_WORKFLOW_TYPE, relocationWorkflowId } from '../../workflows/relocation/ids';
import { relocationCancelUpdate } from '../../workflows/relocation/workflow';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asOneOf, asText, idParam, likePattern, type ListSpec, parseListQuery, sendList } from '../lists';
import { parseBody } from '../validate';
import { acceptOrder, type Accepted } from './accept';
import { addressTable, exchangeChoices, relocationLookupRoutes } from './lookups';
import { orderBase, orderDetail, presentOrder } from './present';
import { relocationPolicyInForce } from './policy-in-force';

const UNIQUE_VIOLATION = '23505';
/** The cancel Update's refusals that say the order is past cancelling (the others are bad input). */
const CANCEL_TOO_LATE: readonly string[] = ['ALREADY_INSTALLED', 'ALREADY_CANCELLED'];
/** The cancellation code of an order withdrawn because its workflow could not start (beside the workflow's `cancelled`, `reservation-expired`). */
const NOT_STARTED = 'workflow-not-started';

const spec: ListSpec = {
  resource: 'relocations',
  sorts: { createdAt: 'o.created_at', id: 'o.id', orderNo: 'o.order_no', appointmentDate: 'o.appointment_date' },
  defaultSort: ['createdAt', 'DESC'],
  countUpTo: 1000,
  filters: {
    state: (query, value) => void query.where('o.state', asOneOf(value, 'state', RELOCATION_STATES)),
    kind: (query, value) => void query.where('o.kind', asOneOf(value, 'kind', RELOCATION_KINDS)),
    serviceNo: (query, value) => void query.where('o.service_no', asText(value, 'serviceNo', 20)),
    // An order by its number, its line's number (old or new), the customer's name or the contact's.
    q: (query, value) => {
      const text = asText(value, 'q');
      const pattern = likePattern(text);
      query.where((q) => void q.where('o.order_no', text).orWhere('o.service_no', text).orWhere('o.new_number', text).orWhereILike('cu.name', pattern).orWhereILike('o.contact_name', pattern));
    },
  },
};

/** An order with a fee set by hand needs relocations.override (a supervisor's); any other, relocations.create. */
function hasFeeOverride(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.hasOwn(body, 'feeOverride');
}

/**
 * Relocation orders (市话移机): the clerk's acceptance in one transaction, then the order's
 * workflow (payment, audit, installation) started; the orders' list and page; cancellation
 * before installation through the workflow. Mounted at /api.
 */
export function relocationRoutes(db: Db, temporal: Client): Router {
  const router = Router();
  router.use(relocationLookupRoutes(db));

  async function show(id: number) {
    const row = await orderBase(db).where('o.id', id).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no relocation order ${id}`);
    return orderDetail(db, row);
  }

  /** Starts an order's workflow; one already started (a retry) is fine. */
  async function startOrder(orderNo: string): Promise<void> {
    try {
      await temporal.workflow.start(RELOCATION_WORKFLOW_TYPE, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: relocationWorkflowId(orderNo),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ orderNo }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /**
   * An order whose workflow surely never started is withdrawn: cancelled, its seat and number
   * freed, its key forgotten (sending it again makes a new order). True when it was.
   */
  async function withdrawIfNeverStarted(order: { id: number; orderNo: string }, userId: number): Promise<boolean> {
    try {
      await temporal.workflow.getHandle(relocationWorkflowId(order.orderNo)).describe();
      return false;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) return false;
    }
    return db.transaction(async (trx) => {
      const row = await trx('relocation_orders').where({ id: order.id }).forUpdate().first();
      if (!row || row.state !== 'open') return false;
      await trx('relocation_bookings').where({ order_id: row.id }).delete();
      const released = row.kind === 'cross' && !row.keep_number ? await releaseReservation(trx, { number: row.new_number, reservedBy: row.workflow_id }) : false;
      await trx('relocation_orders').where({ id: row.id }).update({ state: 'cancelled', cancelled_at: trx.fn.now(), cancel_reason: NOT_STARTED, idempotency_key: null });
      const event = { actor: `user:${userId}`, customerId: row.customer_id, workflowId: row.workflow_id, orderNo: row.order_no };
      if (released) await appendEvent(trx, { ...event, type: 'relocation.number_released', data: { number: row.new_number, code: NOT_STARTED } });
      await appendEvent(trx, { ...event, type: 'relocation.cancelled', data: { code: NOT_STARTED, refundedFen: 0, numberReleased: released } });
      return true;
    });
  }

  /** Starts the order's workflow; when it cannot, the order does not stay half-made. */
  async function startOrWithdraw(order: Accepted, userId: number): Promise<void> {
    try {
      await startOrder(order.orderNo);
    } catch (err) {
      if (await withdrawIfNeverStarted(order, userId)) {
        throw new HttpError(503, 'WORKFLOW_NOT_STARTED', `order ${order.orderNo} could not start its process and was withdrawn (its number and slot are free again); send it again`, { orderNo: order.orderNo });
      }
      throw new HttpError(503, 'WORKFLOW_START_UNCERTAIN', `order ${order.orderNo} was recorded but its process may not have started; send the same request again with the same idempotencyKey`, { orderNo: order.orderNo, cause: (err as Error).message });
    }
  }

  router.post(
    '/relocations',
    (req, res, next) => allow('relocations', hasFeeOverride(req.body) ? 'override' : 'create')(req, res, next),
    async (req, res) => {
      const user = currentUser(res);
      const order = parseBody(relocationOrderRequest, req.body, 'INVALID_RELOCATION');
      const key = order.idempotencyKey ? `user:${user.id}:${order.idempotencyKey}` : null;
      const answerEarlier = async (earlier: Accepted) => {
        await startOrWithdraw(earlier, user.id);
        res.status(200).json(await show(earlier.id));
      };
      if (key) {
        const earlier = await db('relocation_orders').where({ idempotency_key: key }).first('id', 'order_no');
        if (earlier) return void (await answerEarlier({ id: earlier.id, orderNo: earlier.order_no, earlier: true }));
      }
      // Read before the transaction: PGlite has one connection, which the transaction holds.
      const [policy, table, exchanges] = await Promise.all([relocationPolicyInForce(db), addressTable(db), exchangeChoices(db)]);
      const now = new Date();
      const today = chinaDate(now.getTime());
      const maxDaysAhead = policy.appointmentDaysAhead;
      const dateRefusal = appointmentDateRefusal(order.appointment.date, today, maxDaysAhead);
      if (dateRefusal) {
        throw new HttpError(400, `APPOINTMENT_${dateRefusal}`, `appointment.date ${order.appointment.date}: from today (${today}) up to ${maxDaysAhead} days ahead`, { date: order.appointment.date, today, max: maxDaysAhead });
      }
      const identity = checkRealName({ holder: order.realName.holder, document: order.realName.document, ...(order.realName.agent ? { agent: order.realName.agent } : {}), today });
      if (!identity.ok) throw new HttpError(400, identity.reason, `real-name registration refused: the ${identity.who}'s document (${identity.reason})`, { who: identity.who, reason: identity.reason });
      let accepted: Accepted;
      try {
        accepted = await db.transaction((trx) =>
          acceptOrder(trx, {
            order,
            realName: { document: identity.document, ...(identity.agent ? { agent: identity.agent } : {}) },
            clerk: { id: user.id, mayOverride: can(user.roles, 'relocations', 'override') },
            key,
            policy,
            addressTable: table,
            exchanges,
            now,
          }),
        );
      } catch (err) {
        // The same key at once for another line: the unique key lets one through; the other answers its order.
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION || !key) throw err;
        const raced = await db('relocation_orders').where({ idempotency_key: key }).first('id', 'order_no');
        if (!raced) throw err;
        return void (await answerEarlier({ id: raced.id, orderNo: raced.order_no, earlier: true }));
      }
      if (accepted.earlier) return void (await answerEarlier(accepted));
      await startOrWithdraw(accepted, user.id);
      res.status(201).json(await show(accepted.id));
    },
  );

  router.get('/relocations', allow('relocations', 'list'), async (req, res) => {
    await sendList(res, spec, parseListQuery(req, spec), orderBase(db), 'o.id', presentOrder);
  });

  router.get('/relocations/:id', allow('relocations', 'show'), async (req, res) => {
    res.json(await show(idParam(req)));
  });

  /** Cancels an order before installation: the workflow releases its number and slot and refunds what was paid. */
  router.post('/relocations/:id/cancel', allow('relocations', 'cancel'), async (req, res) => {
    const user = currentUser(res);
    const id = idParam(req);
    const body = parseBody(relocationCancelRequest, req.body, 'INVALID_CANCEL');
    const row = await db('relocation_orders').where({ id }).first('id', 'order_no', 'state', 'workflow_id');
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no relocation order ${id}`);
    if (row.state !== 'open') throw new HttpError(409, 'RELOCATION_NOT_OPEN', `order ${row.order_no} is ${row.state}; only an open order is cancelled`, { state: row.state });
    try {
      await temporal.workflow.getHandle(row.workflow_id).executeUpdate(relocationCancelUpdate, { args: [{ reason: body.reason, byUserId: user.id }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause as { type?: string; message?: string } | undefined;
        const code = cause?.type || 'CANCEL_REFUSED';
        throw new HttpError(CANCEL_TOO_LATE.includes(code) ? 409 : 400, code, cause?.message ?? 'the process refused the cancellation');
      }
      if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'RELOCATION_NOT_OPEN', `order ${row.order_no} has no running process to cancel`);
      throw err;
    }
    res.json(await show(id));
  });

  return router;
}
