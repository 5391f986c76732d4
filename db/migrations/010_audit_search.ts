import type { Knex } from 'knex';

/**
 * Indexes for the auditor's timelines and search (db/queries/timeline.ts), all walked by seq
 * (the chain's order, newest or oldest first): per case, customer, actor and order number,
 * by type, by time; the people tasks were assigned, delegated or reassigned to; the outbox
 * row a message event records (to tell rows from before message events).
 */
const INDEXES: Array<[name: string, definition: string]> = [
  ['events_case_seq', 'ON events (case_id, seq) WHERE case_id IS NOT NULL'],
  ['events_customer_seq', 'ON events (customer_id, seq) WHERE customer_id IS NOT NULL'],
  ['events_actor_seq', 'ON events (actor, seq)'],
  ['events_order_seq', 'ON events (order_no, seq) WHERE order_no IS NOT NULL'],
  ['events_type_seq', 'ON events (type, seq)'],
  ['events_at', 'ON events (at)'],
  ['events_task_to', `ON events ((data->>'to'), seq) WHERE type IN ('task.assigned', 'task.delegated')`],
  ['events_task_reassigned_to', `ON events ((data->>'reassignedTo'), seq) WHERE type = 'task.escalated'`],
  ['events_message_outbox', `ON events ((data->>'outboxId')) WHERE type LIKE 'message.%'`],
];

export async function up(knex: Knex): Promise<void> {
  for (const [name, definition] of INDEXES) await knex.raw(`CREATE INDEX ${name} ${definition}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of INDEXES) await knex.raw(`DROP INDEX ${name}`);
}
