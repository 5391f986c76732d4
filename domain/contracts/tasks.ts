/** Tasks: the inbox, one task, and what people send to act on one (api/tasks/routes.ts). */
import { z } from 'zod/v4';
import { ROLES } from '../permissions';
import { TASK_ROUTING_CODES, TASK_TITLE_CODES } from '../tasks/texts';
import { bigId, id, jsonObject, storableText, timestamp } from './common';

/** The tasks table's states (tasks_state_check). */
export const TASK_STATES = ['open', 'completed', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const taskRecord = z
  .strictObject({
    id: bigId,
    caseId: id,
    caseType: z.string(),
    step: z.string(),
    title: z.string(),
    /** The title as a code + parameters the back office words (domain/tasks/texts.ts); null on tasks of unknown steps. */
    titleCode: z.enum(TASK_TITLE_CODES).nullable(),
    titleParams: jsonObject,
    customerNo: z.string().nullable(),
    customerName: z.string().nullable(),
    /** How many customers the task's case concerns ("N 户" beside a case-level task, customerNo null). */
    customerCount: z.int().min(0),
    candidateRoles: z.array(z.enum(ROLES)),
    candidateUserIds: z.array(id),
    assigneeId: id.nullable(),
    assigneeName: z.string().nullable(),
    actingForId: id.nullable(),
    actingForName: z.string().nullable(),
    dueAt: timestamp,
    priority: z.int(),
    state: z.enum(TASK_STATES),
    overdue: z.boolean(),
    escalationLevel: z.int().min(0),
    urgeCount: z.int().min(0),
    routingReason: z.string(),
    routingCode: z.enum(TASK_ROUTING_CODES).nullable(),
    routingParams: jsonObject,
    /** One task's page: user id → display name of the people its details name. */
    people: z.record(z.string(), z.string()).optional(),
    payload: jsonObject,
    result: jsonObject.nullable(),
    createdAt: timestamp,
    completedAt: timestamp.nullable(),
    completedById: id.nullable(),
    completedByName: z.string().nullable(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof taskRecord>;

/** POST /api/tasks/:id/urge answers the task, and how many texts could not be sent yet. */
export const urgedTaskRecord = taskRecord.extend({ undeliveredSms: z.int().min(1).optional() }).meta({ id: 'UrgedTask' });
export type UrgedTask = z.infer<typeof urgedTaskRecord>;

/** POST /api/tasks/:id/notes answers the note as stored. */
export const taskNoteRecord = z.strictObject({ taskId: bigId, text: z.string(), by: z.string() }).meta({ id: 'TaskNote' });
export type TaskNote = z.infer<typeof taskNoteRecord>;

/** A user id as a form sends it: a number, or its digits as text. */
const userIdInput = z.union([z.int(), z.string().regex(/^\d{1,10}$/)]);
/** Free text a person may add; the route cuts it to length rather than refuse it. */
const optionalReason = storableText.nullish();

export const taskAssignRequest = z.object({ userId: userIdInput, reason: optionalReason }).meta({ id: 'TaskAssignRequest' });
export const taskDelegateRequest = z.object({ userId: userIdInput }).meta({ id: 'TaskDelegateRequest' });
/** The step form's values; the owning workflow checks them against the step (domain/tasks/forms.ts). */
export const taskCompleteRequest = z.object({ result: z.unknown() }).meta({ id: 'TaskCompleteRequest' });
export const taskNoteRequest = z.object({ text: storableText.trim().min(1).max(2000) }).meta({ id: 'TaskNoteRequest' });
export const taskUrgeRequest = z.object({ reason: optionalReason }).meta({ id: 'TaskUrgeRequest' });
export type TaskAssignRequest = z.infer<typeof taskAssignRequest>;
export type TaskDelegateRequest = z.infer<typeof taskDelegateRequest>;
export type TaskCompleteRequest = z.infer<typeof taskCompleteRequest>;
export type TaskNoteRequest = z.infer<typeof taskNoteRequest>;
export type TaskUrgeRequest = z.infer<typeof taskUrgeRequest>;

/** Why someone looks for people to take a task: a dispatcher assigning it, or its holder delegating it. */
export const TASK_CANDIDATE_PURPOSES = ['assign', 'delegate'] as const;
export type TaskCandidatePurpose = (typeof TASK_CANDIDATE_PURPOSES)[number];
export const MAX_TASK_CANDIDATES = 50;

/** GET /api/tasks/:id/candidates?purpose=&q=&limit=: its query parameters (api/tasks/candidates.ts). */
export const taskCandidatesQuery = z.strictObject({
  purpose: z.enum(TASK_CANDIDATE_PURPOSES),
  /** A part of the display name or username, taken literally. */
  q: storableText.trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_TASK_CANDIDATES).default(20),
});
export type TaskCandidatesQuery = z.output<typeof taskCandidatesQuery>;

/** A person who may act on the task, with what they hold now (open tasks, and how many of those are overdue). */
export const taskCandidateRecord = z
  .strictObject({ id, displayName: z.string(), roles: z.array(z.enum(ROLES)), openTasks: z.int().min(0), overdueTasks: z.int().min(0) })
  .meta({ id: 'TaskCandidate' });
export type TaskCandidate = z.infer<typeof taskCandidateRecord>;
/** Least loaded first, then by name. */
export const taskCandidatesPage = z.strictObject({ data: z.array(taskCandidateRecord) }).meta({ id: 'TaskCandidates' });
export type TaskCandidatesPage = z.infer<typeof taskCandidatesPage>;

/** What POST /api/tasks/bulk does to each task, as the single route of the same name would. */
export const TASK_BULK_ACTIONS = ['claim', 'release', 'assign', 'complete'] as const;
export type TaskBulkAction = (typeof TASK_BULK_ACTIONS)[number];
export const MAX_BULK_TASKS = 100;

export const taskBulkRequest = z
  .object({
    action: z.enum(TASK_BULK_ACTIONS),
    taskIds: z
      .array(bigId)
      .min(1)
      .max(MAX_BULK_TASKS)
      .refine((ids) => new Set(ids).size === ids.length, 'lists a task more than once'),
    /** assign: to whom. */
    userId: userIdInput.optional(),
    /** assign: why (cut to 500 characters). */
    reason: optionalReason,
    /** complete: the same step form values for every task (all of one step), e.g. an approval {decision, opinion}. */
    result: jsonObject.optional(),
  })
  .superRefine((request, ctx) => {
    if (request.action === 'assign' && request.userId === undefined) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'assign needs the userId to assign to' });
    if (request.action === 'complete' && request.result === undefined) ctx.addIssue({ code: 'custom', path: ['result'], message: 'complete needs the result (the step form values)' });
  })
  .meta({ id: 'TaskBulkRequest' });
export type TaskBulkRequest = z.output<typeof taskBulkRequest>;

/**
 * One task's outcome: done, or refused with what the single route would have answered
 * (status, code, message, and the finer reason with its parameters, e.g. OWN_APPLICATION).
 */
export const taskBulkItemResult = z
  .discriminatedUnion('ok', [
    z.strictObject({ taskId: bigId, ok: z.literal(true) }),
    z.strictObject({
      taskId: bigId,
      ok: z.literal(false),
      status: z.int().min(400).max(599),
      code: z.string(),
      message: z.string(),
      reason: z.string().optional(),
      params: jsonObject.optional(),
    }),
  ])
  .meta({ id: 'TaskBulkItemResult' });
export type TaskBulkItemResult = z.infer<typeof taskBulkItemResult>;
/** One result per task, in the order of the request's taskIds. */
export const taskBulkResults = z.strictObject({ results: z.array(taskBulkItemResult) }).meta({ id: 'TaskBulkResults' });
export type TaskBulkResults = z.infer<typeof taskBulkResults>;
