import type { Knex } from 'knex';

// As of this migration; domain/disconnection/progress.ts names them for the code.
const OUTCOME_STATES = ['waiting', 'deferred', 'commanding', 'awaiting-entry', 'disconnected', 'excluded'] as const;

/**
 * Where each customer of a disconnection case stands, one row per customer: the case page's
 * per-customer outcomes and its counts come from here, so a 10,000-customer case needs no
 * walk through workflow histories.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('disconnection_outcomes', (t) => {
    t.bigIncrements('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.text('state').notNullable().defaultTo('waiting').checkIn([...OUTCOME_STATES], 'disconnection_outcomes_state_check');
    /** Why, for machines and the UI's translations: PROTECTED, PAID, REMOVED, a window or a command failure code. */
    t.text('code');
    /** Why, in English, for auditors reading the raw record. */
    t.text('reason');
    t.timestamp('deferred_until', { useTz: true });
    t.timestamp('outage_at', { useTz: true });
    t.text('via').checkIn(['remote', 'manual-entry'], 'disconnection_outcomes_via_check');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'customer_id']);
    t.index(['case_id', 'state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('disconnection_outcomes');
}
