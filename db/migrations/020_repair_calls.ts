import type { Knex } from 'knex';

/**
 * Scheduled outbound calls (预约呼叫) on repair orders: an agent's queue of callbacks due,
 * each made (done) or abandoned with a reason. One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('repair_calls', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('repair_orders.id');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.text('note');
    t.text('state').notNullable().defaultTo('scheduled').checkIn(['scheduled', 'done', 'abandoned'], 'repair_calls_state_check');
    /** Why it was abandoned (abandoned only). */
    t.text('reason');
    t.integer('scheduled_by_id').notNullable().references('users.id');
    t.integer('handled_by_id').references('users.id');
    t.timestamp('handled_at', { useTz: true });
    /** `user:<id>:<key>`: the same key from the same person answers the first call. */
    t.text('idempotency_key').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['state', 'due_at']);
    t.index(['order_id']);
  });
  await knex.raw("ALTER TABLE repair_calls ADD CONSTRAINT repair_calls_reason_check CHECK ((state = 'abandoned') = (reason IS NOT NULL))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('repair_calls');
}
