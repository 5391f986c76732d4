import type { Knex } from 'knex';

// As of this migration; domain/tasks/urging.ts names it for the code.
const DEFAULT_TASK_SETTINGS = { urgeSmsIntervalMinutes: 30 };

/**
 * Disconnection applications as sent, so that a retried submission finds its first case
 * (one key per applicant) and a customer already in an open case is not applied for again;
 * and the `tasks` settings group (how often an urged handler is texted).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('disconnection_applications', (t) => {
    t.increments('id');
    t.integer('applicant_id').notNullable().references('users.id');
    t.text('idempotency_key').notNullable();
    /** The application as parsed: the same key with another application is refused. */
    t.text('fingerprint').notNullable();
    t.text('workflow_id').notNullable().unique();
    /** The case workflow's input, so a retry can start exactly the same case. */
    t.jsonb('workflow_input').notNullable();
    /** What the first answer said, repeated to a retry. */
    t.jsonb('response').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['applicant_id', 'idempotency_key']);
  });
  await knex.schema.createTable('disconnection_application_customers', (t) => {
    t.integer('application_id').notNullable().references('disconnection_applications.id').onDelete('CASCADE');
    t.integer('customer_id').notNullable().references('customers.id');
    t.primary(['application_id', 'customer_id']);
    t.index(['customer_id']);
  });
  await knex('settings').insert({ key: 'tasks', value: JSON.stringify(DEFAULT_TASK_SETTINGS) }).onConflict('key').ignore();
}

export async function down(knex: Knex): Promise<void> {
  await knex('settings').where({ key: 'tasks' }).delete();
  await knex.schema.dropTable('disconnection_application_customers');
  await knex.schema.dropTable('disconnection_applications');
}
