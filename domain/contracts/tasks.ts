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
