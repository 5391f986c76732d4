import type { Knex } from 'knex';

/**
 * Urges of repair orders (催单, api/repair/urge.ts): who urged, why, the priority before and
 * after, who was texted and whether the supervisor was. The urges of an order within a period
 * are read by (order_id, at).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('repair_urges', (t) => {
    t.bigIncrements('id');
    t.integer('order_id').notNullable().references('repair_orders.id');
    t.integer('by_user_id').notNullable().references('users.id');
    t.text('reason');
    t.text('priority_before').notNullable();
    t.text('priority_after').notNullable();
    /** The handlers texted by this urge (those texted within the quiet interval are not). */
    t.specificType('texted_user_ids', 'integer[]').notNullable().defaultTo('{}');
    /** The supervisor texted by this urge: at most once per period and order. */
    t.integer('supervisor_notified_id').references('users.id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['order_id', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('repair_urges');
}
