import type { Knex } from 'knex';
import type { EventType } from '../domain/events';

export interface NewEvent {
  /** From the registry (domain/events.ts): a type nobody declared does not compile. */
  type: EventType;
  actor: string;
  customerId?: number | null;
  workflowId?: string | null;
  orderNo?: string | null;
  caseId?: number | null;
  taskId?: number | null;
  data?: Record<string, unknown>;
  /** Same key, same event: an activity retry does not log it twice. */
  idempotencyKey?: string;
}

/** Appends to the audit log (the table refuses updates and deletes). */
export async function appendEvent(db: Knex | Knex.Transaction, event: NewEvent): Promise<void> {
  const query = db('events').insert({
    type: event.type,
    actor: event.actor,
    customer_id: event.customerId ?? null,
    workflow_id: event.workflowId ?? null,
    order_no: event.orderNo ?? null,
    case_id: event.caseId ?? null,
    task_id: event.taskId ?? null,
    data: JSON.stringify(event.data ?? {}),
    idempotency_key: event.idempotencyKey ?? null,
  });
  await (event.idempotencyKey ? query.onConflict('idempotency_key').ignore() : query);
}
