import type { Db } from '../../db/connection';
import type { TaskBulkItemResult, TaskBulkRequest } from '../../domain/contracts/tasks';
import type { SessionUser } from '../auth/sessions';
import { HttpError } from '../errors';
import type { TaskActions } from './actions';
import { scopeTasksTo } from './queries';

/** Tasks worked on at once: enough to be quick, few enough to leave the database and Temporal to others. */
const CONCURRENCY = 4;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One action on many tasks (POST /api/tasks/bulk): each task goes through the single
 * action's own code (api/tasks/actions.ts), so each is checked as if sent alone, and a
 * refusal of one does not stop the others. Answers one result per task, in request order.
 */
export async function runBulk(db: Db, actions: TaskActions, user: SessionUser, request: TaskBulkRequest, log: Pick<Console, 'error'>): Promise<TaskBulkItemResult[]> {
  const differentStep = request.action === 'complete' ? await stepCheck(db, user, request.taskIds) : () => undefined;
  const perform = (taskId: number): Promise<void> => {
    switch (request.action) {
      case 'claim':
        return actions.claim(taskId, user);
      case 'release':
        return actions.release(taskId, user);
      case 'assign':
        return actions.assign(taskId, user, { userId: request.userId, reason: request.reason });
      case 'complete': {
        const refusal = differentStep(taskId);
        return refusal ? Promise.reject(refusal) : actions.complete(taskId, user, { result: request.result });
      }
    }
  };
  return inOrder(request.taskIds, CONCURRENCY, async (taskId): Promise<TaskBulkItemResult> => {
    try {
      await perform(taskId);
      return { taskId, ok: true };
    } catch (err) {
      return refusalOf(taskId, err, log);
    }
  });
}

/**
 * One form's values fit one step: the tasks must all be of the step of the first one the
 * person sees. Tasks they do not see are left to the action (which answers 404).
 */
async function stepCheck(db: Db, user: SessionUser, taskIds: number[]): Promise<(taskId: number) => HttpError | undefined> {
  // As each action reads them: a task the process refuses this person by name still answers its reason.
  const rows: Array<{ id: string | number; step: string }> = await scopeTasksTo(db('tasks as t').whereIn('t.id', taskIds), user, 'read').select('t.id', 't.step');
  const steps = new Map(rows.map((row) => [Number(row.id), row.step]));
  const expected = taskIds.map((id) => steps.get(id)).find((step) => step !== undefined);
  return (taskId) => {
    const step = steps.get(taskId);
    if (step === undefined || step === expected) return undefined;
    return new HttpError(400, 'DIFFERENT_STEP', `task ${taskId} is a ${step} task, not ${expected}: complete tasks of one step at a time`, { params: { step, expectedStep: expected } });
  };
}

/** A refusal as the single route would answer it: status, code, message, and the finer reason with its parameters. */
function refusalOf(taskId: number, err: unknown, log: Pick<Console, 'error'>): TaskBulkItemResult {
  if (err instanceof HttpError) {
    const details = isPlainObject(err.details) ? err.details : {};
    return {
      taskId,
      ok: false,
      status: err.status,
      code: err.code,
      message: err.message,
      ...(typeof details.reason === 'string' ? { reason: details.reason } : {}),
      ...(isPlainObject(details.params) ? { params: details.params } : {}),
    };
  }
  // Our fault, not the request's: logged, and the other tasks still answered.
  log.error(err);
  return { taskId, ok: false, status: 500, code: 'INTERNAL', message: 'something went wrong on our side with this task; look at it again before retrying' };
}

/** Runs `work` on each item, at most `limit` at a time; the results in the items' order. */
async function inOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
