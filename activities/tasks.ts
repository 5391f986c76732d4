import { Context } from '@temporalio/activity';
import { processOfCaseType, type CaseStepInstance, type CaseType, type TaskStep } from '../domain/processes';
import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import { policyVersionInForce, taskSettingsInForce } from '../db/queries/policies';
import { isPolicyKey } from '../domain/policies/keys';
import type { EscalationAction, TaskCandidates } from '../domain/tasks/escalation';
import type { Role } from '../domain/permissions';
import type { TaskRouting, TaskTitle } from '../domain/tasks/texts';
import { callingWorkflow } from './context';
import type { MessageGateway } from './messaging/gateway';
import { sendOnce } from './messaging/send-once';
import { renderTemplate } from '../domain/messages/template';

/**
 * Withdraws a task its workflow no longer needs (the order was cancelled, the customer rated by
 * SMS): an open task becomes cancelled with its `task.cancelled` event in one transaction; one
 * already closed is left as it is, so a retried activity changes nothing.
 */
export async function withdrawOpenTask(db: Db, input: { taskId: number; caseId: number; reason: string }): Promise<void> {
  const { workflowId } = callingWorkflow();
  await db.transaction(async (trx) => {
    const [task] = await trx('tasks').where({ id: input.taskId, state: 'open' }).update({ state: 'cancelled' }).returning(['id', 'customer_id']);
    if (!task) return;
    await appendEvent(trx, {
      type: 'task.cancelled',
      actor: `workflow:${workflowId}`,
      workflowId,
      caseId: input.caseId,
      taskId: input.taskId,
      customerId: task.customer_id,
      data: { reason: input.reason },
      idempotencyKey: `task.cancelled:${input.taskId}`,
    });
  });
}

export interface NewTask {
  caseId: number;
  step: TaskStep;
  stepSeq: number;
  title: string;
  customerId?: number;
  candidates: TaskCandidates;
  routingReason: string;
  /** The title and routing reason as codes the back office words; absent in activities scheduled before them. */
  titleText?: TaskTitle;
  routingText?: TaskRouting;
  payload: Record<string, unknown>;
  /** Who may never act on it (PersonStep.excludedUserIds); absent in activities scheduled before it. */
  excludedUserIds?: number[];
  priority: number;
  dueAt: string;
}

const actorOf = (workflowId: string) => `workflow:${workflowId}`;

/** The people behind tasks: cases, tasks, completion and escalation, for every process. */
export function createTaskActivities(db: Db, gateway: MessageGateway) {
  async function supervisorToNotify(taskId: number): Promise<{ id: number; display_name: string; phone: string | null } | undefined> {
    const task = await db('tasks').where({ id: taskId }).first('assignee_id', 'candidate_user_ids');
    const holderId: number | undefined = task.assignee_id ?? task.candidate_user_ids[0];
    if (!holderId) return undefined;
    return db('users as u').join('users as s', 's.id', 'u.supervisor_id').where('u.id', holderId).first('s.id', 's.display_name', 's.phone');
  }

  const taskSettings = () => taskSettingsInForce(db);

  return {
    /** Opens (or, on retry, finds) the case of the calling workflow run. */
    async openCase(input: { type: CaseType; title: string; customerId?: number }): Promise<number> {
      const { workflowId, runId } = callingWorkflow();
      // The version of its process's policy in force now: what a case was run under stays known.
      const policyKey = processOfCaseType(input.type)?.policyKey;
      const policyVersion = isPolicyKey(policyKey) ? await policyVersionInForce(db, policyKey) : undefined;
      await db('cases')
        .insert({ type: input.type, title: input.title, customer_id: input.customerId ?? null, workflow_id: workflowId, workflow_run_id: runId, policy_version_id: policyVersion?.id ?? null })
        .onConflict('workflow_run_id')
        .ignore();
      const row = await db('cases').where({ workflow_run_id: runId }).first('id');
      return row.id;
    },

    async setCaseStep(input: { caseId: number; step: CaseStepInstance; state?: 'running' | 'completed' | 'failed' }): Promise<void> {
      const closing = input.state && input.state !== 'running';
      await db('cases')
        .where({ id: input.caseId })
        // A case set running again (a repair reopened by a revisit) is open again.
        .update({ current_step: input.step, ...(input.state ? { state: input.state } : {}), ...(closing ? { closed_at: db.fn.now() } : input.state === 'running' ? { closed_at: null } : {}) });
      const { workflowId, runId } = callingWorkflow();
      await appendEvent(db, {
        type: 'case.step',
        actor: actorOf(workflowId),
        workflowId,
        caseId: input.caseId,
        data: { step: input.step, state: input.state ?? 'running' },
        // Once per scheduling of this activity (a retry finds it written): a step entered again
        // (a callback rejected, a repair reopened) shows again on the timeline.
        idempotencyKey: `case.step:${input.caseId}:${input.step}:${input.state ?? 'running'}:${workflowId}:${runId}:${Context.current().info.activityId}`,
      });
    },

    async createTask(input: NewTask): Promise<number> {
      const { workflowId, runId } = callingWorkflow();
      return db.transaction(async (trx) => {
        const inserted = await trx('tasks')
          .insert({
            case_id: input.caseId,
            workflow_id: workflowId,
            workflow_run_id: runId,
            step: input.step,
            step_seq: input.stepSeq,
            title: input.title,
            customer_id: input.customerId ?? null,
            candidate_roles: input.candidates.candidateRoles,
            candidate_user_ids: input.candidates.candidateUserIds,
            routing_reason: input.routingReason,
            title_code: input.titleText?.code ?? null,
            title_params: JSON.stringify(input.titleText?.params ?? {}),
            routing_code: input.routingText?.code ?? null,
            routing_params: JSON.stringify(input.routingText?.params ?? {}),
            payload: JSON.stringify(input.payload),
            excluded_user_ids: input.excludedUserIds ?? [],
            priority: input.priority,
            due_at: input.dueAt,
          })
          .onConflict(['workflow_run_id', 'step', 'step_seq'])
          .ignore()
          .returning('id');
        if (inserted.length === 0) {
          const existing = await trx('tasks').where({ workflow_run_id: runId, step: input.step, step_seq: input.stepSeq }).first('id');
          return Number(existing.id);
        }
        const taskId = Number(inserted[0].id);
        await appendEvent(trx, {
          type: 'task.created',
          actor: actorOf(workflowId),
          workflowId,
          caseId: input.caseId,
          taskId,
          customerId: input.customerId,
          data: {
            step: input.step,
            title: input.title,
            ...input.candidates,
            routingReason: input.routingReason,
            ...(input.titleText ? { titleCode: input.titleText.code, titleParams: input.titleText.params } : {}),
            ...(input.routingText ? { routingCode: input.routingText.code, routingParams: input.routingText.params } : {}),
            dueAt: input.dueAt,
          },
        });
        return taskId;
      });
    },

    async recordTaskCompletion(input: { taskId: number; result: unknown; completedById: number; actingForId?: number }): Promise<string> {
      const { workflowId } = callingWorkflow();
      return db.transaction(async (trx) => {
        const task = await trx('tasks').where({ id: input.taskId }).forUpdate().first('state', 'completed_at', 'case_id', 'customer_id');
        if (task.state === 'completed') return new Date(task.completed_at).toISOString();
        const [row] = await trx('tasks')
          .where({ id: input.taskId })
          .update({
            state: 'completed',
            result: JSON.stringify(input.result),
            completed_by_id: input.completedById,
            acting_for_id: input.actingForId ?? null,
            completed_at: trx.fn.now(),
          })
          .returning('completed_at');
        await appendEvent(trx, {
          type: 'task.completed',
          actor: `user:${input.completedById}`,
          workflowId,
          caseId: task.case_id,
          taskId: input.taskId,
          customerId: task.customer_id,
          data: { result: input.result, ...(input.actingForId ? { actingFor: input.actingForId } : {}) },
        });
        return new Date(row.completed_at).toISOString();
      });
    },

    /** A completion that could not be recorded: the task stays open and its timeline says why. */
    async recordTaskCompletionFailure(input: { taskId: number; code: string; message: string; byUserId: number }): Promise<void> {
      const { workflowId, runId } = callingWorkflow();
      const task = await db('tasks').where({ id: input.taskId }).first('case_id', 'customer_id');
      await appendEvent(db, {
        type: 'task.completion_failed',
        actor: actorOf(workflowId),
        workflowId,
        caseId: task?.case_id,
        taskId: input.taskId,
        customerId: task?.customer_id,
        data: { code: input.code, message: input.message, by: input.byUserId },
        // One event per failed attempt, however often this activity is retried.
        idempotencyKey: `task.completion_failed:${runId}:${Context.current().info.activityId}`,
      });
    },

    /** One SLA passed: mark overdue and do what the step's policy says; answers the candidates now. */
    async escalateTask(input: { taskId: number; level: number; action?: EscalationAction; nextDueAt: string }): Promise<TaskCandidates> {
      const { workflowId } = callingWorkflow();
      const task = await db('tasks').where({ id: input.taskId }).first();
      const done: Record<string, unknown> = {};
      const update: Record<string, unknown> = { overdue: true, escalation_level: input.level, due_at: input.nextDueAt };
      const supervisor = input.action && 'widenToRoles' in input.action ? undefined : await supervisorToNotify(input.taskId);

      if (input.action && 'widenToRoles' in input.action) {
        update.candidate_roles = [...new Set<Role>([...task.candidate_roles, ...input.action.widenToRoles])];
        done.widenedTo = update.candidate_roles;
      } else if (input.action && 'reassignTo' in input.action) {
        if (supervisor) {
          update.assignee_id = supervisor.id;
          update.candidate_user_ids = [...new Set([...task.candidate_user_ids, supervisor.id])];
          done.reassignedTo = supervisor.id;
        } else {
          done.problem = 'no supervisor to reassign to';
        }
      }
      if (input.action && 'notify' in input.action) {
        if (supervisor?.phone) {
          await sendOnce(db, gateway, {
            idempotencyKey: `sms:task-overdue:${input.taskId}:${input.level}`,
            channel: 'sms',
            recipient: supervisor.phone,
            body: renderTemplate((await taskSettings()).templates.taskOverdue, { title: task.title, taskId: String(input.taskId) }),
            purpose: 'task-overdue',
            customerId: task.customer_id ?? undefined,
            workflowId,
          });
          done.notified = supervisor.id;
        } else {
          done.problem = 'no supervisor with a mobile number to notify';
        }
      }
      await db('tasks').where({ id: input.taskId, state: 'open' }).update(update);
      await appendEvent(db, {
        type: 'task.escalated',
        actor: actorOf(workflowId),
        workflowId,
        caseId: task.case_id,
        taskId: input.taskId,
        customerId: task.customer_id,
        data: { level: input.level, action: input.action ?? { markOverdue: true }, ...done },
        idempotencyKey: `task.escalated:${input.taskId}:${input.level}`,
      });
      const current = await db('tasks').where({ id: input.taskId }).first('candidate_roles', 'candidate_user_ids');
      return { candidateRoles: current.candidate_roles, candidateUserIds: current.candidate_user_ids };
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
