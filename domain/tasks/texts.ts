import type { Role } from '../permissions';

/**
 * What a task says about itself — its title and why it went to whom — as codes with
 * parameters, so the back office words them in the reader's language (app.task_title.<code>,
 * app.task_routing.<code>). The old `title` and `routing_reason` columns keep a stored text
 * for auditors and for tasks from before these codes.
 */
export type ManualReconnectionReason = 'not-eligible' | 'no-meter' | 'commands-failed';

export type TaskTitle =
  /** `level` counts from 1; the designer's name for the level is not the reader's language. */
  | { code: 'disconnection-approval'; params: { level: number; customers: number; applicantName?: string } }
  | { code: 'disconnection-re-check'; params: { payerCount: number } }
  | { code: 'manual-outage-entry'; params: { customerNo: string; customerName: string } }
  | { code: 'manual-reconnection'; params: { customerNo: string; customerName: string; orderNo: string } }
  /** A repair order's step (domain/repair): the step is named by the task's own step. */
  | { code: 'repair-order'; params: { orderNo: string; place: string } }
  /** A relocation order's step (domain/relocation): the line's number and its new address. */
  | { code: 'relocation-order'; params: { orderNo: string; serviceNo: string; address: string } }
  /** A revisit after a bad review (domain/revisit): its number, the order it judges and the customer. */
  | { code: 'revisit-case'; params: { revisitNo: string; orderNo: string; customerName: string } };

export type TaskRouting =
  | { code: 'approval-level'; params: { level: number; roles: Role[] } }
  | { code: 'payers-since-application'; params: Record<string, never> }
  | { code: 'trip-failed'; params: { failureCode: string } }
  | { code: 'segment-collector'; params: { collectorName: string; reason: ManualReconnectionReason } }
  | { code: 'no-segment-collector'; params: { reason: ManualReconnectionReason } }
  | { code: 'repair-roles'; params: { roles: Role[] } }
  | { code: 'repair-crew'; params: { crewName: string } }
  | { code: 'relocation-roles'; params: { roles: Role[] } }
  /** The order's installation team (its members, or the crew role when it lists none). */
  | { code: 'relocation-team'; params: { teamName: string } }
  /** Back to the clerk who accepted the order. */
  | { code: 'relocation-clerk'; params: { clerkName: string } }
  /** The supervisor of whoever did the work a revisit is about (or the manager above them). */
  | { code: 'revisit-supervisor'; params: { supervisorName: string } }
  /** Nobody on record: the step's roles. */
  | { code: 'revisit-roles'; params: { roles: Role[] } };

export type TaskTitleCode = TaskTitle['code'];
export type TaskRoutingCode = TaskRouting['code'];

export const TASK_TITLE_CODES = ['disconnection-approval', 'disconnection-re-check', 'manual-outage-entry', 'manual-reconnection', 'repair-order', 'relocation-order', 'revisit-case'] as const satisfies readonly TaskTitleCode[];
export const TASK_ROUTING_CODES = ['approval-level', 'payers-since-application', 'trip-failed', 'segment-collector', 'no-segment-collector', 'repair-roles', 'repair-crew', 'relocation-roles', 'relocation-team', 'relocation-clerk', 'revisit-supervisor', 'revisit-roles'] as const satisfies readonly TaskRoutingCode[];

// Each list names every code: a code added to a union and not here fails to compile.
const allTitles: Exclude<TaskTitleCode, (typeof TASK_TITLE_CODES)[number]> extends never ? true : false = true;
const allRoutings: Exclude<TaskRoutingCode, (typeof TASK_ROUTING_CODES)[number]> extends never ? true : false = true;
void allTitles;
void allRoutings;
