/** Cases (one per workflow run) and their whole story (api/cases/routes.ts). */
import { z } from 'zod/v4';
import { id, jsonObject, timestamp } from './common';
import { taskRecord } from './tasks';

/** The cases table's states (cases_state_check). */
export const CASE_STATES = ['running', 'completed', 'failed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** A case as lists show it. */
export const caseRecord = z
  .strictObject({
    id,
    type: z.string().describe('the process, e.g. disconnection, reconnection'),
    title: z.string(),
    customerNo: z.string().nullable(),
    customerName: z.string().nullable(),
    state: z.enum(CASE_STATES),
    currentStep: z.string(),
    /** The workflow that runs the case; a disconnection's progress is asked of it. */
    workflowId: z.string(),
    startedAt: timestamp,
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'Case' });
export type Case = z.infer<typeof caseRecord>;

/** One line of a case's timeline: an event, or a message sent or pending. */
export const caseTimelineEntry = z
  .strictObject({
    at: timestamp,
    type: z.string().describe('an event type, or message.<state> for a message'),
    actor: z.string(),
    /** The acting person's name when a person acted (actor user:<id>), and the people its data names by id. */
    actorName: z.string().nullable(),
    people: z.record(z.string(), z.string()),
    taskId: id.nullable(),
    orderNo: z.string().nullable(),
    data: jsonObject,
  })
  .meta({ id: 'CaseTimelineEntry' });
export type CaseTimelineEntry = z.infer<typeof caseTimelineEntry>;

/** GET /api/cases/:id: the case with its tasks and timeline. */
export const caseDetailRecord = caseRecord
  .extend({
    tasks: z.array(taskRecord),
    timeline: z.array(caseTimelineEntry),
    /** A many-customer case leaves each customer's own records off its timeline: how many. */
    timelineOmitted: z.strictObject({ events: z.int().min(0), messages: z.int().min(0) }),
    /** The version of its process's policy in force when the case opened; null for cases opened before versions. */
    policyVersion: z.strictObject({ id, version: z.int().min(1), key: z.string() }).nullable(),
  })
  .meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof caseDetailRecord>;
