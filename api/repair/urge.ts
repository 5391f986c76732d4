import { Router } from 'express';
import type { Knex } from 'knex';
import type { MessageGateway } from '../../activities/messaging/gateway';
import { type MessageToSend, queueMessage, sendOnce } from '../../activities/messaging/send-once';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { repairUrgeRequest } from '../../domain/contracts/repair';
import { renderTemplate } from '../../domain/messages/template';
import { REPAIR_PRIORITIES, type RepairPriority } from '../../domain/repair/policy';
import { repairPolicyInForce } from './policy-in-force';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { idParam } from '../lists';
import { parseBody } from '../validate';

/** The purposes of urge texts in the outbox: the handler's, and the supervisor's once a period. */
export const REPAIR_URGED_PURPOSE = 'repair-urged';
export const REPAIR_URGE_SUPERVISOR_PURPOSE = 'repair-urge-supervisor';
/** Role candidates texted at most (a dispatch-stage order is offered to every dispatcher). */
const MAX_ROLE_HANDLERS = 50;

/** One level up (low → normal → high → urgent); urgent stays. */
export function raisedPriority(priority: RepairPriority): RepairPriority {
  const index = REPAIR_PRIORITIES.indexOf(priority);
  return REPAIR_PRIORITIES[Math.max(0, index - 1)]!;
}

/** tasks.priority of an order's priority, as the workflow sets it (1 urgent, 2 high, 3 normal and low). */
const taskPriorityOf = (priority: RepairPriority) => (priority === 'urgent' ? 1 : priority === 'high' ? 2 : 3);

interface Person {
  id: number;
  display_name: string;
  phone: string | null;
  supervisor_id: number | null;
}

const PERSON = ['id', 'display_name', 'phone', 'supervisor_id'] as const;

/**
 * Who holds the order now: the open task's assignee, else its candidate users, else the
 * active users of its candidate roles; with no open task (between steps), the order's handler.
 */
async function handlersOf(trx: Knex.Transaction, task: { assignee_id: number | null; candidate_user_ids: number[]; candidate_roles: string[] } | undefined, handlerUserId: number | null): Promise<Person[]> {
  const people = () => trx('users').where('active', true).orderBy('id').select(...PERSON);
  if (!task) return handlerUserId ? await people().where('id', handlerUserId) : [];
  if (task.assignee_id) return await people().where('id', task.assignee_id);
  if (task.candidate_user_ids.length) return await people().whereIn('id', task.candidate_user_ids);
  if (task.candidate_roles.length) return await people().whereRaw('roles && ?::text[]', [task.candidate_roles]).whereNotNull('phone').limit(MAX_ROLE_HANDLERS);
  return [];
}

/**
 * 催单: a customer calls to urge an open repair order. The urge is counted, the order's
 * priority (and its open task's) rises one level, the current handler is texted unless texted
 * for this order within the quiet interval, and once the urges within the period pass the
 * threshold the handler's supervisor is texted, once a period. Urges of one order wait for
 * each other on its row. Mounted at /api by api/repair/routes.ts.
 */
export function repairUrgeRoutes(db: Db, gateway: MessageGateway, showOrder: (id: number) => Promise<object>): Router {
  const router = Router();

  router.post('/repair_orders/:id/urge', allow('repair_orders', 'urge'), async (req, res) => {
    const user = currentUser(res);
    const orderId = idParam(req);
    const reason = parseBody(repairUrgeRequest, req.body, 'INVALID_URGE').reason ?? '';
    const { urge: policy } = await repairPolicyInForce(db);
    const outcome = await db.transaction(async (trx) => {
      const order = await trx('repair_orders').where({ id: orderId }).forUpdate().first('id', 'order_no', 'place', 'priority', 'state', 'case_id', 'customer_id', 'workflow_id', 'handler_user_id');
      if (!order) throw new HttpError(404, 'NOT_FOUND', `no repair order ${orderId}`);
      if (order.state !== 'open') throw new HttpError(409, 'ORDER_NOT_OPEN', `repair order ${order.order_no} is ${order.state}; only an open order can be urged`, { state: order.state });
      const task = order.case_id
        ? await trx('tasks').where({ case_id: order.case_id, state: 'open' }).orderBy('id', 'desc').forUpdate().first('id', 'assignee_id', 'candidate_user_ids', 'candidate_roles', 'priority')
        : undefined;
      const handlers = await handlersOf(trx, task, order.handler_user_id);

      const [{ urge_count: urgeCount }] = await trx('repair_orders').where({ id: order.id }).increment('urge_count', 1).returning('urge_count');
      const priorityBefore = order.priority as RepairPriority;
      const priorityAfter = raisedPriority(priorityBefore);
      if (priorityAfter !== priorityBefore) await trx('repair_orders').where({ id: order.id }).update({ priority: priorityAfter });
      if (task && taskPriorityOf(priorityAfter) < task.priority) await trx('tasks').where({ id: task.id }).update({ priority: taskPriorityOf(priorityAfter) });

      // Whoever was texted for this order within the quiet interval is counted, not texted again.
      const quiet = (minutes: number) => trx.raw('now() - make_interval(mins => ?)', [minutes]);
      const recentlyTexted = new Set<number>(
        policy.quietMinutes > 0
          ? (await trx('repair_urges').where('order_id', order.id).andWhere('at', '>', quiet(policy.quietMinutes)).select(trx.raw('unnest(texted_user_ids) AS user_id'))).map((row: { user_id: number }) => row.user_id)
          : [],
      );
      const reachable = handlers.filter((person) => person.phone);
      const texted = reachable.filter((person) => !recentlyTexted.has(person.id));
      const throttled = reachable.filter((person) => recentlyTexted.has(person.id));

      // More urges than the threshold within the period: the handler's supervisor, once a period.
      const inPeriod = await trx('repair_urges').where('order_id', order.id).andWhere('at', '>', quiet(policy.periodMinutes)).select(trx.raw('count(*)::int AS n'), trx.raw('count(supervisor_notified_id)::int AS notified')).first();
      let supervisor: Person | undefined;
      if (inPeriod.n + 1 > policy.supervisorAfter && inPeriod.notified === 0) {
        const supervisorIds = handlers.map((person) => person.supervisor_id).filter((id): id is number => id !== null);
        if (supervisorIds.length) supervisor = await trx('users').where('active', true).whereNotNull('phone').whereIn('id', supervisorIds).orderBy('id').first(...PERSON);
      }
      const supervised = supervisor ? handlers.find((person) => person.supervisor_id === supervisor!.id) : undefined;

      await trx('repair_urges').insert({
        order_id: order.id,
        by_user_id: user.id,
        reason: reason || null,
        priority_before: priorityBefore,
        priority_after: priorityAfter,
        texted_user_ids: texted.map((person) => person.id),
        supervisor_notified_id: supervisor?.id ?? null,
      });

      const values = { orderNo: order.order_no, place: order.place, urgeCount: String(urgeCount) };
      const common = { channel: 'sms' as const, caseId: order.case_id ?? undefined, customerId: order.customer_id ?? undefined, workflowId: order.workflow_id, actor: `user:${user.id}` };
      const messages: MessageToSend[] = texted.map((person) => ({
        ...common,
        idempotencyKey: `sms:repair-urge:${order.id}:${urgeCount}:${person.id}`,
        recipient: person.phone!,
        body: renderTemplate(policy.handlerTemplate, { ...values, reason }),
        purpose: REPAIR_URGED_PURPOSE,
      }));
      if (supervisor) {
        messages.push({
          ...common,
          idempotencyKey: `sms:repair-urge-supervisor:${order.id}:${urgeCount}:${supervisor.id}`,
          recipient: supervisor.phone!,
          body: renderTemplate(policy.supervisorTemplate, { ...values, handlerName: supervised?.display_name ?? '' }),
          purpose: REPAIR_URGE_SUPERVISOR_PURPOSE,
        });
      }
      // Queued with the urge, so the next urge sees it; delivered once the urge is committed.
      for (const message of messages) await queueMessage(trx, message);

      const names = (people: Person[]) => people.map((person) => person.display_name);
      const answer = { texted: names(texted), throttled: names(throttled), supervisorNotified: supervisor?.display_name ?? null };
      await appendEvent(trx, {
        type: 'repair.urged',
        actor: `user:${user.id}`,
        customerId: order.customer_id,
        workflowId: order.workflow_id,
        orderNo: order.order_no,
        caseId: order.case_id,
        taskId: task?.id ?? null,
        // People by id under person keys (domain/people.ts): the back office shows their names.
        data: {
          by: user.displayName,
          ...(reason ? { reason } : {}),
          urgeCount,
          priorityBefore,
          priorityAfter,
          texted: texted.map((person) => person.id),
          throttled: throttled.map((person) => person.id),
          supervisorNotified: supervisor?.id ?? null,
        },
      });
      return { messages, answer };
    });

    let undelivered = 0;
    for (const message of outcome.messages) {
      try {
        await sendOnce(db, gateway, message);
      } catch {
        // The urge stands; the outbox keeps the message pending with its error.
        undelivered += 1;
      }
    }
    res.json({ ...(await showOrder(orderId)), ...outcome.answer, ...(undelivered ? { undeliveredSms: undelivered } : {}) });
  });

  return router;
}
