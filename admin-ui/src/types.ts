/** Records as the API answers them (api/README.md). */
import type { Identifier } from 'react-admin';
import type { DisconnectionProgress, DisconnectionStage, OutcomeState } from '../../domain/disconnection/progress';
import type { Role } from '../../domain/permissions';

export type TaskState = 'open' | 'completed' | 'cancelled';

export interface Task {
  id: Identifier;
  caseId: Identifier;
  caseType: string;
  step: string;
  title: string;
  customerNo: string | null;
  customerName: string | null;
  candidateRoles: Role[];
  candidateUserIds: number[];
  assigneeId: number | null;
  assigneeName: string | null;
  actingForId: number | null;
  actingForName: string | null;
  dueAt: string;
  priority: number;
  state: TaskState;
  overdue: boolean;
  escalationLevel: number;
  urgeCount: number;
  routingReason: string;
  payload: Record<string, unknown>;
  result: Record<string, unknown> | null;
  createdAt: string;
  completedAt: string | null;
  completedById: number | null;
  completedByName: string | null;
}

export interface TimelineEntry {
  at: string;
  type: string;
  actor: string;
  data?: Record<string, unknown> | null;
}

/** One request and its reply on a meter line, as the hardware layer records them. */
export interface FrameExchange {
  sentHex: string;
  receivedHex: string | null;
  at: string;
  note?: string;
}

export interface Case {
  id: Identifier;
  type: string;
  title: string;
  customerNo: string | null;
  customerName: string | null;
  state: string;
  currentStep: string;
  startedAt: string;
  closedAt: string | null;
  /** The workflow that runs the case; a disconnection's progress is asked of it. */
  workflowId: string | null;
  /** Only on GET /api/cases/:id. */
  timeline?: TimelineEntry[];
  /** A many-customer case leaves each customer's own records off its timeline; how many. */
  timelineOmitted?: { events: number; messages: number };
  tasks?: Task[];
}

export type SupplyStatus = 'connected' | 'disconnected';

export interface Customer {
  id: Identifier;
  customerNo: string;
  name: string;
  type: string;
  address: string;
  phone: string | null;
  segmentCode: string;
  supplyStatus: SupplyStatus;
  /** Decimal CNY as a string, e.g. "128.50": no float rounding on the wire. */
  arrears: string;
  remoteReconnectEligible: boolean;
  protected: boolean;
  lastOutageAt: string | null;
  lastReconnectedAt: string | null;
  /** Only on GET /api/customers/:id, newest first. */
  history?: TimelineEntry[];
  workOrders?: Omit<WorkOrder, 'id' | 'customerNo'>[];
  messages?: Pick<OutboxMessage, 'channel' | 'recipient' | 'body' | 'state' | 'sentAt'>[];
}

export interface WorkOrder {
  id: string;
  orderNo: string;
  kind: string;
  customerNo: string;
  state: string;
  outcome: string | null;
  caseId: Identifier | null;
  openedAt: string;
  closedAt: string | null;
}

export interface OutboxMessage {
  id: Identifier;
  channel: 'sms' | 'email';
  recipient: string;
  body: string;
  purpose: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  caseId: Identifier | null;
}

export interface User {
  id: Identifier;
  username: string;
  displayName: string;
  roles: Role[];
  phone: string | null;
  locale: 'zh-CN' | 'en';
  supervisorId: number | null;
  active?: boolean;
}

export interface ServiceToken {
  id: Identifier;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  /** Only in the answer to POST: the secret is shown once. */
  token?: string;
}

export interface Dashboard {
  myOpenTasks: number;
  overdueTasks: number;
  casesToday: number;
}

/** A meter-reading segment (抄表段) and who reads it. */
export interface Segment {
  id: string;
  code: string;
  name: string;
  collectorUserId: number | null;
  collectorName: string | null;
}

/** POST /api/disconnections: customers picked one by one, or every one matching the filter. */
export type DisconnectionApplication = (
  | { reason: string; customerIds: Identifier[] }
  | { reason: string; filter: { arrearsAbove: number; segmentCode?: string } }
) & { idempotencyKey?: string };

export interface DisconnectionWarning {
  code: 'SEGMENT_OF_ANOTHER_READER' | string;
  segmentCode: string;
  collectorName: string | null;
}

export interface DisconnectionApplied {
  workflowId: string;
  customers: number;
  warnings: DisconnectionWarning[];
}

export type { DisconnectionProgress, DisconnectionStage, OutcomeState };

/** GET /api/disconnections/:workflowId; `id` is the workflow id (see dataProvider). */
export interface Disconnection {
  id: string;
  workflowId: string;
  caseId: number | null;
  progress: DisconnectionProgress;
}


/** One customer of a disconnection case and where they stand. */
export interface DisconnectionOutcome {
  id: Identifier;
  caseId: number;
  customerId: number;
  customerNo: string;
  customerName: string;
  state: OutcomeState;
  /** Why: PROTECTED, PAID, REMOVED, NO_METER, ALREADY_DISCONNECTED, a window (NIGHT...) or the command's failure code. */
  code: string | null;
  /** English, for auditors; the UI translates `code`. */
  reason: string | null;
  deferredUntil: string | null;
  outageAt: string | null;
  via: 'remote' | 'manual-entry' | null;
  updatedAt: string;
}
