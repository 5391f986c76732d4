import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { taskAssignRequest, taskCompleteRequest, taskDelegateRequest } from '../../domain/contracts/tasks';
import type { EventType } from '../../domain/events';
import { isRole, Role } from '../../domain/permissions';
import { isCandidate, mayTake } from '../../domain/tasks/escalation';
import { completeTaskUpdate } from '../../workflows/human/wait-for-person';
import type { SessionUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { peopleIn } from '../events/people';
import { parseBody } from '../validate';
import { presentTask, scopeTasksTo, taskBase, TaskRecord } from './queries';

const REFUSALS: Record<string, number> = { TASK_NOT_OPEN: 409, NOT_A_CANDIDATE: 403, NOT_ALLOWED: 403, INVALID_RESULT: 400 };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a person does with one task: claim, release, assign, delegate, complete. The single
 * routes (api/tasks/routes.ts) and the bulk route (api/tasks/bulk.ts) both go through these,
 * so every check holds the same for one task or a hundred. Each refuses with an HttpError.
 */
export interface TaskActions {
  /** A task the person may see, with the people its details name; 404 otherwise. */
  visibleTask(id: number, user: SessionUser): Promise<TaskRecord>;
  /** A visible task that is still open; 409 TASK_NOT_OPEN otherwise. */
  openTask(id: number, user: SessionUser): Promise<TaskRecord>;
  /** The task as it is now, whoever may see it (after it moved to someone else). */
  currentTask(id: number): Promise<TaskRecord>;
  claim(id: number, user: SessionUser): Promise<void>;
  release(id: number, user: SessionUser): Promise<void>;
  /** `body` is the request as sent: {userId, reason?}. */
  assign(id: number, user: SessionUser, body: unknown): Promise<void>;
  /** `body` is the request as sent: {userId}. */
  delegate(id: number, user: SessionUser, body: unknown): Promise<void>;
  /** `body` is the request as sent: {result}; the owning workflow's Update validator checks it. */
  complete(id: number, user: SessionUser, body: unknown): Promise<void>;
}

export function taskActions(db: Db, temporal: Client): TaskActions {
  async function visibleTask(id: number, user: SessionUser): Promise<TaskRecord> {
    const row = await scopeTasksTo(taskBase(db).where('t.id', id), user, 'read').first();
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

  async function currentTask(id: number): Promise<TaskRecord> {
    return presentTask(await taskBase(db).where('t.id', id).first());
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

  /** Whether the person may be handed the task: a candidate its workflow does not refuse by name. */
  async function mayHave(task: TaskRecord, person: { userId: number; roles: readonly Role[] }): Promise<boolean> {
    const row = await db('tasks').where({ id: task.id }).first('excluded_user_ids');
    return mayTake(candidatesOf(task), row?.excluded_user_ids ?? [], person);
  }

  /** Logs a task action in the transaction that made it. */
  async function record(trx: Knex.Transaction, task: TaskRecord, type: EventType & `task.${string}`, user: SessionUser, data: Record<string, unknown>): Promise<void> {
    await appendEvent(trx, { type, actor: `user:${user.id}`, caseId: task.caseId, taskId: task.id, data: { by: user.displayName, ...data } });
  }

  /** Free text a person typed, cut to a length without splitting a character. */
  function cut(text: string | null | undefined, max: number): string {
    return [...(text ?? '')].slice(0, max).join('');
  }

  return {
    visibleTask,
    openTask,
    currentTask,

    async claim(id, user) {
      const task = await openTask(id, user);
      // Offered is enough to take it up: completing it is where its process refuses a person by name, with the reason.
      if (!isCandidate(candidatesOf(task), { userId: user.id, roles: user.roles })) {
        throw new HttpError(403, 'NOT_A_CANDIDATE', 'this task is not offered to you');
      }
      await db.transaction(async (trx) => {
        const claimed = await trx('tasks').where({ id: task.id, state: 'open' }).where((q) => void q.whereNull('assignee_id').orWhere('assignee_id', user.id)).update({ assignee_id: user.id });
        if (claimed === 0) throw new HttpError(409, 'TASK_TAKEN', `task ${task.id} was taken by ${task.assigneeName ?? 'someone else'}`);
        await record(trx, task, 'task.claimed', user, {});
      });
    },

    async release(id, user) {
      const task = await openTask(id, user);
      if (task.assigneeId !== user.id) throw new HttpError(409, 'NOT_YOURS', 'only the person holding a task can release it');
      await db.transaction(async (trx) => {
        const released = await trx('tasks').where({ id: task.id, state: 'open', assignee_id: user.id }).update({ assignee_id: null, acting_for_id: null });
        if (released === 0) throw new HttpError(409, 'NOT_YOURS', 'only the person holding an open task can release it');
        await record(trx, task, 'task.released', user, {});
      });
    },

    async assign(id, user, body) {
      const task = await openTask(id, user);
      const request = parseBody(taskAssignRequest, body, 'UNKNOWN_USER', (field) => (field === 'reason' ? 'INVALID_REASON' : undefined));
      const target = await rolesOf(request.userId);
      if (!target?.active) throw new HttpError(400, 'UNKNOWN_USER', 'assign to an active user: send {userId}');
      if (!(await mayHave(task, target))) {
        throw new HttpError(400, 'NOT_A_CANDIDATE', `user ${target.userId} may not take this task: it needs ${task.candidateRoles.join(', ') || 'named users only'}, and never the people its process refuses (an applicant, an earlier approver)`);
      }
      const reason = cut(request.reason, 500);
      await db.transaction(async (trx) => {
        const assigned = await trx('tasks').where({ id: task.id, state: 'open' }).update({ assignee_id: target.userId, acting_for_id: null });
        if (assigned === 0) throw new HttpError(409, 'TASK_NOT_OPEN', `task ${task.id} is no longer open`);
        await record(trx, task, 'task.assigned', user, { to: target.userId, reason: reason || undefined });
      });
    },

    async delegate(id, user, body) {
      const task = await openTask(id, user);
      if (task.assigneeId !== user.id) throw new HttpError(409, 'NOT_YOURS', 'claim the task before delegating it');
      const target = await rolesOf(parseBody(taskDelegateRequest, body, 'UNKNOWN_USER').userId);
      if (!target?.active || target.userId === user.id) throw new HttpError(400, 'UNKNOWN_USER', 'delegate to another active user: send {userId}');
      // Someone the task is not offered to could never complete it, and it would sit with them.
      if (!(await mayHave(task, target))) {
        throw new HttpError(400, 'NOT_A_CANDIDATE', `user ${target.userId} may not take this task: it needs ${task.candidateRoles.join(', ') || 'named users only'}, and never the people its process refuses (an applicant, an earlier approver)`);
      }
      // The delegate acts for the holder, whose right to the task carries over.
      await db.transaction(async (trx) => {
        const delegated = await trx('tasks').where({ id: task.id, state: 'open', assignee_id: user.id }).update({ assignee_id: target.userId, acting_for_id: task.actingForId ?? user.id });
        if (delegated === 0) throw new HttpError(409, 'NOT_YOURS', `task ${task.id} is no longer open and yours`);
        await record(trx, task, 'task.delegated', user, { to: target.userId, actingFor: task.actingForId ?? user.id });
      });
    },

    async complete(id, user, body) {
      const task = await openTask(id, user);
      // Unclaimed: whoever it is offered to may complete it at once (the workflow checks they are a candidate).
      if (task.assigneeId !== null && task.assigneeId !== user.id) {
        throw new HttpError(409, 'TASK_TAKEN', `task ${task.id} is held by ${task.assigneeName}`);
      }
      const { result } = parseBody(taskCompleteRequest, body, 'INVALID_RESULT');
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
    },
  };
}
