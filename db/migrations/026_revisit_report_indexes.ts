import type { Knex } from 'knex';

/**
 * The revisits report (api/reports/revisits.ts) reads a period of ratings and of revisits:
 * each by its time, so a month of a million ratings is a range scan, not the whole table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX ratings_received_at ON ratings (received_at)');
  await knex.raw('CREATE INDEX revisits_created_at ON revisits (created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX revisits_created_at');
  await knex.raw('DROP INDEX ratings_received_at');
}
