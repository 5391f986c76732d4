/**
 * Records as the API answers them: inferred from the zod contracts the API validates with
 * and /api/openapi.json is generated from (domain/contracts), never copied by hand.
 */
import type { Disconnection as DisconnectionRecord } from '../../domain/contracts/disconnections';

export type { SessionUser } from '../../domain/contracts/auth';
export type { Case, CaseDetail, CaseState, CaseTimelineEntry } from '../../domain/contracts/cases';
export type { Customer, CustomerDetail, CustomerHistoryEntry, CustomerType, SupplyStatus } from '../../domain/contracts/customers';
export type { Dashboard, DashboardOffice, DashboardQueue } from '../../domain/contracts/dashboard';
export type { DisconnectedVia, DisconnectionOutcome } from '../../domain/contracts/disconnection_outcomes';
export type {
  DisconnectionApplicationRequest as DisconnectionApplication,
  DisconnectionApplied,
  DisconnectionProgress,
  DisconnectionStage,
  DisconnectionWarning,
} from '../../domain/contracts/disconnections';
export type { ApiError } from '../../domain/contracts/errors';
export type { AuditEvent, FrameExchange } from '../../domain/contracts/events';
export type { MessageChannel, MessageState, OutboxMessage } from '../../domain/contracts/outbox';
export type { Payment } from '../../domain/contracts/payments';
export type { Exchange, ExchangeResolution, FreeNumbers, InstallTeam, RelocationOrder, RelocationOrderRequest, RelocationState, ServiceAccount } from '../../domain/contracts/relocation';
export type { RepairDevice } from '../../domain/contracts/repair-devices';
export type { RatingAnswer, RatingRequest, RevisitRecord } from '../../domain/contracts/revisit';
export type { Segment } from '../../domain/contracts/segments';
export type { CreatedServiceToken, ServiceToken } from '../../domain/contracts/service_tokens';
export type { Setting } from '../../domain/contracts/settings';
export type {
  Task,
  TaskBulkAction,
  TaskBulkItemResult,
  TaskBulkRequest,
  TaskCandidate,
  TaskCandidatePurpose,
  TaskState,
} from '../../domain/contracts/tasks';
export type { Locale, User } from '../../domain/contracts/users';
export type { WorkOrder, WorkOrderKind, WorkOrderState } from '../../domain/contracts/work_orders';
export type { OutcomeState } from '../../domain/disconnection/progress';

/**
 * What a show page holds: react-admin fills a record's cache from the list it was picked in,
 * so until the record itself arrives the fields only the detail has (a case's tasks and
 * timeline, a customer's history) are missing.
 */
export type Shown<Listed, Detail extends Listed> = Listed & Partial<Detail>;

/** GET /api/disconnections/:workflowId; the data provider adds `id` (the workflow id) for react-admin. */
export type Disconnection = DisconnectionRecord & { id: string };
