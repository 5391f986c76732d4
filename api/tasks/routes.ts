import { Router } from 'express';
import type { EventType } from '../../domain/events';
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { MessageGateway } from '../../activities/messaging/gateway';
import { MessageToSend, queueMessage, sendOnce } from '../../activities/messaging/send-once';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { isRole, Role } from '../../domain/permissions';
import { taskAssignRequest, taskCompleteRequest, taskDelegateRequest, taskNoteRequest, taskUrgeRequest } from '../../domain/contracts/tasks';
import { isCandidate } from '../../domain/tasks/escalation';
import { taskSettingsInForce } from '../../db/queries/policies';
import { renderTemplate } from '../../domain/messages/template';
import { completeTaskUpdate } from '../../workflows/human/wait-for-person';
import { allow, currentUser, SessionUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { idParam, parseListQuery, sendList } from '../lists';
import { parseBody } from '../validate';
import { peopleIn } from '../events/people';
import { presentTask, scopeTasksTo, taskBase, taskListSpec, TaskRecord } from './queries';

const REFUSALS: Record<string, number> = { TASK_NOT_OPEN: 409, NOT_A_CANDIDATE: 403, NOT_ALLOWED: 403, INVALID_RESULT: 400 };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The inbox and what people do with tasks: claim, release, assign, delegate, complete, notes, urging. */
export function taskRoutes(db: Db, temporal: Client, gateway: MessageGateway): Router {
  const router = Router();

  async function visibleTask(id: number, user: SessionUser): Promise<TaskRecord> {
    const row = await scopeTasksTo(taskBase(db).where('t.id', id), user).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no task ${id} in your view`);
    const task = presentTask(row);
    // The people its details name (an applicant, the users offered it), by name.
    return { ...task, people: await peopleIn(db, [task.payload, task.result, { candidateUserIds: task.candidateUserIds }]) };
  }

  async function openTask(id: number, user: SessionUser): Promise<TaskRecord> {
    const task = await visibleTask(id, user);
    if (task.state !== 'open') throw new HttpError(409, 'TASK_NOT_OPEN', `task ${id} is ${task.state}`);
    return task;
  }

  async function rolesOf(userId: unknown): Promise<{ userId: number; roles: Role[]; phone: string | null; active: boolean } | undefined> {
    // Not an id a user could have (PostgreSQL integers stop below 2^31): nobody, not a database error.
    const id = typeof userId === 'string' && /^\d{1,10}$/.test(userId) ? Number(userId) : userId;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id >= 2 ** 31) return undefined;
    const row = await db('users').where({ id }).first('id', 'roles', 'phone', 'active');
    return row && { userId: row.id, roles: row.roles.filter(isRole), phone: row.phone, active: row.active };
  }

  function candidatesOf(task: TaskRecord) {
    return { candidateRoles: task.candidateRoles.filter(isRole), candidateUserIds: task.candidateUserIds };
  }

  /** Logs a task action in the transaction that made it. */
  async function record(trx: Knex.Transaction, task: TaskRecord, type: EventType & `task.${string}`, user: SessionUser, data: Record<string, unknown>): Promise<void> {
    await appendEvent(trx, { type, actor: `user:${user.id}`, caseId: task.caseId, taskId: task.id, data: { by: user.displayName, ...data } });
  }

  /** Free text a person typed, cut to a length without splitting a character. */
  function cut(text: string | null | undefined, max: number): string {
    return [...(text ?? '')].slice(0, max).join('');
  }

  const taskSettings = () => taskSettingsInForce(db);

  router.get('/', allow('tasks', 'list'), async (req, res) => {
    const user = currentUser(res);
    const spec = taskListSpec(user);
    await sendList(res, spec, parseListQuery(req, spec), scopeTasksTo(db('tasks as t'), user), 't.id', presentTask, (ids) => taskBase(db).whereIn('t.id', ids as number[]));
  });

  router.get('/:id', allow('tasks', 'show'), async (req, res) => {
    res.json(await visibleTask(idParam(req), currentUser(res)));
  });

  router.post('/:id/claim', allow('tasks', 'claim'), async (req, res) => {
    const user = currentUser(res);
    const task = await openTask(idParam(req), user);
    if (!isCandidate(candidatesOf(task), { userId: user.id, roles: user.roles })) {
      throw new HttpError(403, 'NOT_A_CANDIDATE', 'this task is not offered to you');
    }
    await db.transaction(async (trx) => {
      const claimed = await trx('tasks').where({ id: task.id, state: 'open' }).where((q) => void q.whereNull('assignee_id').orWhere('assignee_id', user.id)).update({ assignee_id: user.id });
      if (claimed === 0) throw new HttpError(409, 'TASK_TAKEN', `task ${task.id} was taken by ${task.assigneeName ?? 'someone else'}`);
      await record(trx, task, 'task.claimed', user, {});
    });
    res.json(await visibleTask(task.id, user));
  });

  router.post('/:id/release', allow('tasks', 'release'), async (req, res) => {
    const user = currentUser(res);
    const task = await openTask(idParam(req), user);
    if (task.assigneeId !== user.id) throw new HttpError(409, 'NOT_YOURS', 'only the person holding a task can release it');
    await db.transaction(async (trx) => {
      const released = await trx('tasks').where({ id: task.id, state: 'open', assignee_id: user.id }).update({ assignee_id: null, acting_for_id: null });
      if (released === 0) throw new HttpError(409, 'NOT_YOURS', 'only the person holding an open task can release it');
      await record(trx, task, 'task.released', user, {});
    });
    res.json(presentTask(await taskBase(db).where('t.id', task.id).first()));
  });

  router.post('/:id/assign', allow('tasks', 'assign'), async (req, res) => {
    const user = currentUser(res);
    const task = await openTask(idParam(req), user);
    const body = parseBody(taskAssignRequest, req.body, 'UNKNOWN_USER', (field) => (field === 'reason' ? 'INVALID_REASON' : undefined));
    const target = await rolesOf(body.userId);
    if (!target?.active) throw new HttpError(400, 'UNKNOWN_USER', 'assign to an active user: send {userId}');
    if (!isCandidate(candidatesOf(task), target)) {
      throw new HttpError(400, 'NOT_A_CANDIDATE', `user ${target.userId} has none of the roles this task needs (${task.candidateRoles.join(', ') || 'named users only'})`);
    }
    const reason = cut(body.reason, 500);
    await db.transaction(async (trx) => {
      const assigned = await trx('tasks').where({ id: task.id, state: 'open' }).update({ assignee_id: target.userId, acting_for_id: null });
      if (assigned === 0) throw new HttpError(409, 'TASK_NOT_OPEN', `task ${task.id} is no longer open`);
      await record(trx, task, 'task.assigned', user, { to: target.userId, reason: reason || undefined });
    });
    res.json(presentTask(await taskBase(db).where('t.id', task.id).first()));
  });

  router.post('/:id/delegate', allow('tasks', 'delegate'), async (req, res) => {
    const user = currentUser(res);
    const task = await openTask(idParam(req), user);
    if (task.assigneeId !== user.id) throw new HttpError(409, 'NOT_YOURS', 'claim the task before delegating it');
    const target = await rolesOf(parseBody(taskDelegateRequest, req.body, 'UNKNOWN_USER').userId);
    if (!target?.active || target.userId === user.id) throw new HttpError(400, 'UNKNOWN_USER', 'delegate to another active user: send {userId}');
    // Someone the task is not offered to could never complete it, and it would sit with them.
    if (!isCandidate(candidatesOf(task), target)) {
      throw new HttpError(400, 'NOT_A_CANDIDATE', `user ${target.userId} has none of the roles this task needs (${task.candidateRoles.join(', ') || 'named users only'})`);
    }
    // The delegate acts for the holder, whose right to the task carries over.
    await db.transaction(async (trx) => {
      const delegated = await trx('tasks').where({ id: task.id, state: 'open', assignee_id: user.id }).update({ assignee_id: target.userId, acting_for_id: task.actingForId ?? user.id });
      if (delegated === 0) throw new HttpError(409, 'NOT_YOURS', `task ${task.id} is no longer open and yours`);
      await record(trx, task, 'task.delegated', user, { to: target.userId, actingFor: task.actingForId ?? user.id });
    });
    res.json(presentTask(await taskBase(db).where('t.id', task.id).first()));
  });

  router.post('/:id/complete', allow('tasks', 'complete'), async (req, res) => {
    const user = currentUser(res);
    const task = await openTask(idParam(req), user);
    if (task.assigneeId !== null && task.assigneeId !== user.id) {
      throw new HttpError(409, 'TASK_TAKEN', `task ${task.id} is held by ${task.assigneeName}`);
    }
    const { result } = parseBody(taskCompleteRequest, req.body, 'INVALID_RESULT');
    const actingFor = task.assigneeId === user.id && task.actingForId ? await rolesOf(task.actingForId) : undefined;
    const row = await db('tasks').where({ id: task.id }).first('workflow_id', 'workflow_run_id');
    try {
      await temporal.workflow.getHandle(row.workflow_id, row.workflow_run_id).executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, by: { userId: user.id, roles: user.roles }, actingFor: actingFor && { userId: actingFor.userId, roles: actingFor.roles }, result }],
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
        // The finer code (e.g. OWN_APPLICATION, TIME_IN_FUTURE) and its parameters let the UI say why in the reader's language.
        const { reason, params } = (cause?.details?.[0] ?? {}) as { reason?: unknown; params?: unknown };
        const details = typeof reason === 'string' ? { reason, ...(isPlainObject(params) ? { params } : {}) } : undefined;
        throw new HttpError(REFUSALS[cause?.type ?? ''] ?? 400, cause?.type ?? 'REFUSED', cause?.message ?? 'the process refused the completion', details);
      }
      if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'TASK_NOT_OPEN', 'the process this task belonged to has ended');
      throw err;
    }
    res.json(await visibleTask(task.id, user));
  });

  router.post('/:id/notes', allow('tasks', 'note'), async (req, res) => {
    const user = currentUser(res);
    const task = await visibleTask(idParam(req), user);
    const { text } = parseBody(taskNoteRequest, req.body, 'INVALID_NOTE');
    await db.transaction((trx) => record(trx, task, 'task.note', user, { text }));
    res.status(201).json({ taskId: task.id, text, by: user.displayName });
  });

  router.post('/:id/urge', allow('tasks', 'urge'), async (req, res) => {
    const user = currentUser(res);
    const task = await openTask(idParam(req), user);
    const reason = cut(parseBody(taskUrgeRequest, req.body, 'INVALID_REASON').reason, 200);
    const settings = await taskSettings();
    const intervalMinutes = settings.urgeSmsIntervalMinutes;
    const texts = await db.transaction(async (trx) => {
      // Urges of one task wait for each other here, so two at once cannot both decide to text.
      const locked = await trx('tasks').where({ id: task.id, state: 'open' }).forUpdate().first('assignee_id', 'candidate_user_ids');
      if (!locked) throw new HttpError(409, 'TASK_NOT_OPEN', `task ${task.id} is no longer open`);
      const handlerIds: number[] = locked.assignee_id ? [locked.assignee_id] : locked.candidate_user_ids;
      const handlers = handlerIds.length ? await trx('users').whereIn('id', handlerIds).whereNotNull('phone').orderBy('id').select('id', 'phone') : [];
      if (handlers.length === 0) throw new HttpError(409, 'NOBODY_TO_URGE', 'nobody holds this task with a mobile number yet; assign it first');
      const [{ urge_count: urgeCount }] = await trx('tasks').where({ id: task.id }).increment('urge_count', 1).returning('urge_count');
      // Keys are sms:urge:<task>:<urge>:<handler>; a handler texted within the interval is not texted again.
      const recentKeys: string[] = intervalMinutes > 0
        ? await trx('outbox').where({ purpose: 'task-urged' }).whereLike('idempotency_key', `sms:urge:${task.id}:%`).andWhere('created_at', '>', trx.raw('now() - make_interval(mins => ?)', [intervalMinutes])).pluck('idempotency_key')
        : [];
      const texted = handlers.filter((handler) => !recentKeys.some((key) => key.endsWith(`:${handler.id}`)));
      const messages: MessageToSend[] = texted.map((handler) => ({
        idempotencyKey: `sms:urge:${task.id}:${urgeCount}:${handler.id}`,
        channel: 'sms',
        recipient: handler.phone,
        // The designers' template, as every message is.
        body: renderTemplate(settings.templates.taskUrged, { title: task.title, taskId: String(task.id), reason }),
        purpose: 'task-urged',
        caseId: task.caseId,
      }));
      // Queued with the urge, so the next urge sees it; delivered once the urge is committed.
      for (const message of messages) await queueMessage(trx, message);
      await record(trx, task, 'task.urged', user, {
        urgeCount,
        reason,
        notified: texted.map((h) => h.id),
        smsIntervalMinutes: intervalMinutes,
        throttled: handlers.filter((h) => !texted.includes(h)).map((h) => h.id),
      });
      return messages;
    });
    const undelivered: string[] = [];
    for (const message of texts) {
      try {
        await sendOnce(db, gateway, message);
      } catch {
        // The urge stands; the outbox keeps the message pending with its error.
        undelivered.push(message.recipient);
      }
    }
    res.json({ ...(await visibleTask(task.id, user)), ...(undelivered.length ? { undeliveredSms: undelivered.length } : {}) });
  });

  return router;
}
