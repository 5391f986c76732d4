import { ActivityFailure, ApplicationFailure, condition, defineUpdate, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { TaskStep } from '../../domain/processes';
import type { TaskActivities } from '../../activities/tasks';
import { TASK_COMPLETION_FAILED, UNSTORABLE_DATA } from '../../domain/failures';
import { findUnstorableText, replaceUnstorableText, unstorableTextMessage } from '../../domain/storable-value';
import { HumanStepPolicy, isCandidate, TaskCandidates } from '../../domain/tasks/escalation';
import type { FormCheck, FormRefusal } from '../../domain/tasks/forms';
import type { Role } from '../../domain/permissions';
import type { TaskRouting, TaskTitle } from '../../domain/tasks/texts';

/** Sent by the API when a person completes a task; the validator answers at once. */
export interface TaskCompletion {
  taskId: number;
  by: { userId: number; roles: Role[] };
  /** Set when a delegate completes the task for its holder. */
  actingFor?: { userId: number; roles: Role[] };
  result: unknown;
}

export interface TaskCompletionAck {
  taskId: number;
  completedAt: string;
}

export const completeTaskUpdate = defineUpdate<TaskCompletionAck, [TaskCompletion]>('completeTask');

export interface PersonStep<T> {
  caseId: number;
  /** Names the step and its form in the UI, e.g. "manual-reconnection": a task step of the registry. */
  step: TaskStep;
  /** Stored text for auditors; the back office words `titleText`. */
  title: string;
  titleText: TaskTitle;
  customerId?: number;
  candidates: TaskCandidates;
  /** Why these people, as stored text for auditors; shown to people as `routingText`. */
  routingReason: string;
  routingText: TaskRouting;
  payload: Record<string, unknown>;
  priority?: number;
  policy: HumanStepPolicy;
  /** The step's form rules; `now` is workflow time. */
  check(raw: unknown, now: number): FormCheck<T>;
  /**
   * A rule about the person beyond the candidates, e.g. "never your own case"; answers why
   * not, with a stable code the UI translates and an English reason.
   */
  refusePerson?(person: { userId: number; roles: Role[] }): PersonRefusal | null | undefined;
  /**
   * People `refusePerson` refuses whatever their roles (the applicant, earlier approvers):
   * stored with the task, so nobody is offered them when assigning or delegating it.
   */
  excludedUserIds?: number[];
  /** Called once the task exists, e.g. to show it in the workflow's status query. */
  onCreated?(taskId: number): void;
}

export interface PersonStepResult<T> {
  taskId: number;
  value: T;
  completedById: number;
  actingForId?: number;
  completedAt: string;
}

export interface PersonRefusal {
  code: string;
  reason: string;
}

interface OpenTask {
  candidates: TaskCandidates;
  refusePerson?(person: { userId: number; roles: Role[] }): PersonRefusal | null | undefined;
  check(raw: unknown, now: number): FormCheck<unknown>;
  completing: boolean;
  done?: PersonStepResult<unknown>;
}

// Bounded, so a write that can never succeed fails the step instead of hanging it; about
// 25 minutes, so a database restart is waited out.
const tasks = proxyActivities<TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 30 },
});

// A person is waiting on the answer: about 15 seconds of tries, then the task reopens with the error.
const completion = proxyActivities<TaskActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** Before this patch a completion whose write failed left the task `completing` for ever. */
const REOPEN_ON_FAILED_COMPLETION = 'task-completion-failure-reopens';

// Module state is per workflow execution in Temporal's sandbox.
const openTasks = new Map<number, OpenTask>();
const stepCounts = new Map<string, number>();
/** createTask activities not yet reported back: their rows may already be in someone's inbox. */
let tasksBeingCreated = 0;
let handlerInstalled = false;

/**
 * `reason` is the finer code behind NOT_ALLOWED (e.g. OWN_APPLICATION) or INVALID_RESULT (the
 * form's code, e.g. TIME_IN_FUTURE), carried with its parameters in the failure's details so
 * the back office words it; the message is for logs and API clients.
 */
function refuse(type: 'TASK_NOT_OPEN' | 'NOT_A_CANDIDATE' | 'NOT_ALLOWED' | 'INVALID_RESULT', message: string, reason?: string, params?: Record<string, unknown>): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: reason ? [{ reason, ...(params ? { params } : {}) }] : undefined });
}

function refuseForm(check: FormRefusal): never {
  refuse('INVALID_RESULT', check.message, check.code, check.params);
}

function installCompletionHandler(): void {
  if (handlerInstalled) return;
  handlerInstalled = true;
  setHandler(
    completeTaskUpdate,
    async (input) => {
      const { taskId, by, actingFor, result } = input;
      if (!openTasks.has(taskId) && tasksBeingCreated > 0) {
        // Accepted while its creation was being reported: now the workflow knows, check it fully.
        await condition(() => openTasks.has(taskId) || tasksBeingCreated === 0);
        checkCompletion(openTasks.get(taskId), input);
      }
      const task = openTasks.get(taskId);
      // Two completions can pass validation before either finishes; only one may win.
      if (!task || task.completing) refuse('TASK_NOT_OPEN', `task ${taskId} is no longer open`);
      task.completing = true;
      // The validator refuses such text, so here it can only be a replay of a completion accepted
      // before it did: check it as then, so the recorded write is scheduled again (and fails).
      const check = task.check(findUnstorableText(result) === undefined ? result : replaceUnstorableText(result), Date.now());
      if (!check.ok) {
        task.completing = false;
        refuseForm(check);
      }
      let completedAt: string;
      try {
        completedAt = await completion.recordTaskCompletion({ taskId, result: check.value, completedById: by.userId, actingForId: actingFor?.userId });
      } catch (err) {
        if (!patched(REOPEN_ON_FAILED_COMPLETION)) throw err;
        throw await reopenAfterFailedCompletion(taskId, task, by.userId, err);
      }
      task.done = { taskId, value: check.value, completedById: by.userId, actingForId: actingFor?.userId, completedAt };
      openTasks.delete(taskId);
      return { taskId, completedAt };
    },
    {
      validator: (input) => {
        const task = openTasks.get(input.taskId);
        // Its row may be in the inbox before the activity that wrote it has reported back:
        // the handler waits for it and checks it then.
        if (!task && tasksBeingCreated > 0) return;
        checkCompletion(task, input);
      },
    },
  );
}

/** What the Update validator refuses: a task not open, a person who may not act, a result the form refuses. */
function checkCompletion(task: OpenTask | undefined, { taskId, by, actingFor, result }: TaskCompletion): asserts task is OpenTask {
  if (!task || task.completing) refuse('TASK_NOT_OPEN', `task ${taskId} is no longer open`);
  const person = actingFor ?? by;
  if (!isCandidate(task.candidates, person)) {
    refuse('NOT_A_CANDIDATE', `this task is for ${describe(task.candidates)}; user ${person.userId} is neither`);
  }
  // The rule binds whoever actually completes it, even when acting for someone else.
  for (const who of actingFor ? [by, actingFor] : [by]) {
    const why = task.refusePerson?.(who);
    if (why) refuse('NOT_ALLOWED', why.reason, why.code);
  }
  // Every step's form refuses it too; this holds for a form that forgets.
  const unstorable = findUnstorableText(result, 'result');
  if (unstorable) refuse('INVALID_RESULT', unstorableTextMessage(unstorable), 'UNSTORABLE_TEXT');
  const check = task.check(result, Date.now());
  if (!check.ok) refuseForm(check);
}

/**
 * The completion could not be written: the task is open again, its timeline says why, and
 * the person gets a typed refusal to throw (the API answers 4xx) instead of a request that never ends.
 */
async function reopenAfterFailedCompletion(taskId: number, task: OpenTask, byUserId: number, err: unknown): Promise<ApplicationFailure> {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const unstorable = cause instanceof ApplicationFailure && cause.type === UNSTORABLE_DATA;
  const type = unstorable ? UNSTORABLE_DATA : TASK_COMPLETION_FAILED;
  const message = unstorable
    ? `${cause.message}; task ${taskId} is still open`
    : `task ${taskId}'s completion could not be recorded (${cause instanceof Error ? cause.message : 'unknown error'}); it is still open, try again`;
  try {
    await completion.recordTaskCompletionFailure({ taskId, code: type, message, byUserId });
  } catch {
    // The person still hears why; only the timeline misses this entry.
  } finally {
    task.completing = false;
  }
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

function describe(candidates: TaskCandidates): string {
  const parts = [
    candidates.candidateRoles.length ? `roles ${candidates.candidateRoles.join(', ')}` : '',
    candidates.candidateUserIds.length ? `users ${candidates.candidateUserIds.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join(' or ') || 'nobody';
}

/**
 * "Wait for a person": creates the task, waits for its completion through the
 * `completeTask` Update, and each time the SLA passes escalates as the step's policy says
 * (mark overdue, notify the supervisor, widen or move the assignment).
 */
export async function waitForPerson<T>(step: PersonStep<T>): Promise<PersonStepResult<T>> {
  installCompletionHandler();
  const stepSeq = (stepCounts.get(step.step) ?? 0) + 1;
  stepCounts.set(step.step, stepSeq);
  const slaMs = step.policy.slaMinutes * 60_000;

  tasksBeingCreated++;
  let taskId: number;
  try {
    taskId = await tasks.createTask({
      caseId: step.caseId,
      step: step.step,
      stepSeq,
      title: step.title,
      customerId: step.customerId,
      candidates: step.candidates,
      routingReason: step.routingReason,
      titleText: step.titleText,
      routingText: step.routingText,
      payload: step.payload,
      ...(step.excludedUserIds?.length ? { excludedUserIds: step.excludedUserIds } : {}),
      priority: step.priority ?? 3,
      dueAt: new Date(Date.now() + slaMs).toISOString(),
    });
  } finally {
    tasksBeingCreated--;
  }
  const task: OpenTask = { candidates: step.candidates, refusePerson: step.refusePerson, check: step.check, completing: false };
  openTasks.set(taskId, task);
  step.onCreated?.(taskId);

  let level = 0;
  while (!task.done) {
    const isDone = () => task.done !== undefined;
    if (level > 0 && level >= step.policy.onOverdue.length) {
      // Every escalation has happened: the task stays overdue until someone completes it.
      await condition(isDone);
      continue;
    }
    if (await condition(isDone, slaMs)) continue;
    level++;
    task.candidates = await tasks.escalateTask({
      taskId,
      level,
      action: step.policy.onOverdue[level - 1],
      nextDueAt: new Date(Date.now() + slaMs).toISOString(),
    });
  }
  return task.done as PersonStepResult<T>;
}
