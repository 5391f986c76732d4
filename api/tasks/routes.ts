import { Router } from 'express';
import type { EventType } from '../../domain/events';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { MessageGateway } from '../../activities/messaging/gateway';
import { MessageToSend, queueMessage, sendOnce } from '../../activities/messaging/send-once';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { taskBulkRequest, taskCandidatesQuery, TaskBulkRequest, TaskCandidatesQuery, taskNoteRequest, taskUrgeRequest } from '../../domain/contracts/tasks';
import { taskSettingsInForce } from '../../db/queries/policies';
import { renderTemplate } from '../../domain/messages/template';
import { allow, currentUser, SessionUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { idParam, parseListQuery, sendList } from '../lists';
import { parseBody } from '../validate';
import { taskActions } from './actions';
import { runBulk } from './bulk';
import { taskCandidates } from './candidates';
import { presentTask, scopeTasksTo, taskBase, taskListSpec, TaskRecord } from './queries';

/** A bulk request's first problem, as the code a client knows from the single routes where there is one. */
const BULK_CODES: Record<string, string> = { userId: 'UNKNOWN_USER', reason: 'INVALID_REASON', result: 'INVALID_RESULT' };

/** The inbox and what people do with tasks: claim, release, assign, delegate, complete (one or many), notes, urging; who may take one. */
export function taskRoutes(db: Db, temporal: Client, gateway: MessageGateway, log: Pick<Console, 'error'> = console): Router {
  const router = Router();
  const actions = taskActions(db, temporal);
  const { visibleTask, openTask, currentTask } = actions;

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

  // One action on many tasks; the action's own permission is checked once the body names it.
  router.post(
    '/bulk',
    allow('tasks', 'list'),
    (req, res, next) => {
      const request: TaskBulkRequest = parseBody(taskBulkRequest, req.body, 'INVALID_BULK_REQUEST', (field) => BULK_CODES[field]);
      res.locals.bulkRequest = request;
      return allow('tasks', request.action)(req, res, next);
    },
    async (_req, res) => {
      res.json({ results: await runBulk(db, actions, currentUser(res), res.locals.bulkRequest as TaskBulkRequest, log) });
    },
  );

  router.get('/:id', allow('tasks', 'show'), async (req, res) => {
    res.json(await visibleTask(idParam(req), currentUser(res)));
  });

  // Who may take the task: for assigning it (tasks.assign) or delegating it (tasks.delegate).
  router.get(
    '/:id/candidates',
    allow('tasks', 'show'),
    (req, res, next) => {
      const query: TaskCandidatesQuery = parseBody(taskCandidatesQuery, req.query, 'INVALID_QUERY');
      res.locals.candidatesQuery = query;
      return allow('tasks', query.purpose)(req, res, next);
    },
    async (req, res) => {
      res.json({ data: await taskCandidates(db, actions, idParam(req), currentUser(res), res.locals.candidatesQuery as TaskCandidatesQuery) });
    },
  );

  router.post('/:id/claim', allow('tasks', 'claim'), async (req, res) => {
    const user = currentUser(res);
    const id = idParam(req);
    await actions.claim(id, user);
    res.json(await visibleTask(id, user));
  });

  router.post('/:id/release', allow('tasks', 'release'), async (req, res) => {
    const id = idParam(req);
    await actions.release(id, currentUser(res));
    res.json(await currentTask(id));
  });

  router.post('/:id/assign', allow('tasks', 'assign'), async (req, res) => {
    const id = idParam(req);
    await actions.assign(id, currentUser(res), req.body);
    res.json(await currentTask(id));
  });

  router.post('/:id/delegate', allow('tasks', 'delegate'), async (req, res) => {
    const id = idParam(req);
    await actions.delegate(id, currentUser(res), req.body);
    res.json(await currentTask(id));
  });

  router.post('/:id/complete', allow('tasks', 'complete'), async (req, res) => {
    const user = currentUser(res);
    const id = idParam(req);
    await actions.complete(id, user, req.body);
    res.json(await visibleTask(id, user));
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
