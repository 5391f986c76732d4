/** Records as the API answers them (api/README.md). */
import type { Identifier } from 'react-admin';
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
  /** Only on GET /api/cases/:id. */
  timeline?: TimelineEntry[];
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
