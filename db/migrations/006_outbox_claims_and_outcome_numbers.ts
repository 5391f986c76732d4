import type { Knex } from 'knex';

/**
 * `outbox.claimed_until`: a sender claims a message until then before it sends, so two
 * overlapping attempts never both send, and a crashed sender's claim runs out.
 * `disconnection_outcomes.customer_no`: the number the case was applied for, so a batch
 * that can no longer find that number still settles the customer's row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.timestamp('claimed_until', { useTz: true });
  });
  await knex.schema.alterTable('disconnection_outcomes', (t) => {
    t.text('customer_no');
    t.index(['case_id', 'customer_no']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('disconnection_outcomes', (t) => {
    t.dropIndex(['case_id', 'customer_no']);
    t.dropColumn('customer_no');
  });
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('claimed_until');
  });
}
