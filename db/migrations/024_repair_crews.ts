import type { Knex } from 'knex';

/**
 * Repair crews as teams (维修班组): a crew has a code, a name and its members (users). An order
 * dispatched to a crew is offered to its active members; `repair_orders.crew_code` records the
 * crew it went to, `crew_user_id` the member who accepted it. A retired crew (active false) stays
 * for the orders that name it. One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('repair_crews', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
  });
  // The code's shape as domain/repair/crews.ts (CREW_CODE_PATTERN) checks it.
  await knex.raw("ALTER TABLE repair_crews ADD CONSTRAINT repair_crews_code_check CHECK (code ~ '^[a-z0-9-]{1,40}$')");
  await knex.schema.createTable('repair_crew_members', (t) => {
    t.text('crew_code').notNullable().references('repair_crews.code');
    t.integer('user_id').notNullable().references('users.id');
    t.primary(['crew_code', 'user_id']);
    t.index(['user_id']);
  });
  await knex.schema.alterTable('repair_orders', (t) => {
    t.text('crew_code').references('repair_crews.code');
  });
  // A crew's load (GET /api/repair_teams) counts its open orders.
  await knex.raw("CREATE INDEX repair_orders_open_crew_code ON repair_orders (crew_code) WHERE state = 'open' AND crew_code IS NOT NULL");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS repair_orders_open_crew_code');
  await knex.schema.alterTable('repair_orders', (t) => {
    t.dropColumn('crew_code');
  });
  await knex.schema.dropTable('repair_crew_members');
  await knex.schema.dropTable('repair_crews');
}
