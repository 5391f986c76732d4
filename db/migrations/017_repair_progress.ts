import type { Knex } from 'knex';

/**
 * The crew's progress on a repair order as it happens: leaving for the site, arriving (the
 * SLA's arrival stage), and the repair steps in between. Each row belongs to one round of the
 * order (its loop: a callback rejection sends the crew out again). One statement per query,
 * for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('repair_progress', (t) => {
    t.bigIncrements('id');
    t.integer('order_id').notNullable().references('repair_orders.id');
    t.text('kind').notNullable().checkIn(['departed', 'arrived', 'step'], 'repair_progress_kind_check');
    /** The order's loop_count when it was recorded. */
    t.integer('loop').notNullable();
    t.text('text');
    t.integer('by_user_id').notNullable().references('users.id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['order_id', 'id']);
  });
  // One departure and one arrival per round: a double tap records nothing twice.
  await knex.raw("CREATE UNIQUE INDEX repair_progress_once_per_loop ON repair_progress (order_id, loop, kind) WHERE kind <> 'step'");
  await knex.schema.alterTable('repair_orders', (t) => {
    /** The first arrival on site: the SLA's arrival stage. */
    t.timestamp('arrived_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('repair_orders', (t) => t.dropColumn('arrived_at'));
  await knex.schema.dropTable('repair_progress');
}
