import { PROCESSES } from './processes';

/** Events every process shares: people, tasks, cases, messages, meters, settings. */
export const SHARED_EVENT_TYPES = [
  'case.step',
  'task.created',
  'task.completed',
  'task.completion_failed',
  'task.cancelled',
  'task.escalated',
  'task.claimed',
  'task.released',
  'task.assigned',
  'task.delegated',
  'task.note',
  'task.urged',
  'work_order.opened',
  'work_order.closed',
  'meter.command.confirmed',
  'meter.command.failed',
  'user.login',
  'user.login_failed',
  'user.logout',
  'access.refused',
  'user.created',
  'user.updated',
  'service_token.created',
  'service_token.revoked',
  'setting.changed',
  'policy.published',
  'audit.anchored',
  'audit.verified',
  // Outbox changes, each written with its row (activities/messaging/send-once.ts).
  'message.queued',
  'message.sent',
  'message.failed',
] as const;

type ProcessEventType = (typeof PROCESSES)[number]['events'][number];
/** Every event type the audit log may hold: the shared ones and each registered process's own. */
export type EventType = (typeof SHARED_EVENT_TYPES)[number] | ProcessEventType;

export const EVENT_TYPES: readonly EventType[] = [...SHARED_EVENT_TYPES, ...PROCESSES.flatMap((process) => process.events)];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
