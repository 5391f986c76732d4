import type { Knex } from 'knex';

/**
 * Repair lists at 100,000 open orders and 1,000 crew members (bench/repair-board.ts):
 * - each crew member's load on the board (GET /api/repair_crews counts a member's open orders)
 *   was a scan of every order per member, ~10 s for the list; now an index-only count;
 * - the board and the orders' list (api/repair/routes.ts) page by opened_at with the id as
 *   tie-breaker (api/lists.ts), by state, and by state and priority: each page is an index
 *   walk of its rows instead of joining and sorting every open order. The state-and-priority
 *   index replaces the plain (state, priority) one, which it begins with.
 * One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("CREATE INDEX repair_orders_open_crew ON repair_orders (crew_user_id) WHERE state = 'open'");
  await knex.raw('CREATE INDEX repair_orders_opened_id ON repair_orders (opened_at, id)');
  await knex.raw('CREATE INDEX repair_orders_state_opened_id ON repair_orders (state, opened_at, id)');
  await knex.raw('CREATE INDEX repair_orders_state_priority_opened_id ON repair_orders (state, priority, opened_at, id)');
  await knex.raw('DROP INDEX repair_orders_state_priority_index');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX repair_orders_state_priority_index ON repair_orders (state, priority)');
  await knex.raw('DROP INDEX repair_orders_state_priority_opened_id');
  await knex.raw('DROP INDEX repair_orders_state_opened_id');
  await knex.raw('DROP INDEX repair_orders_opened_id');
  await knex.raw('DROP INDEX repair_orders_open_crew');
}
