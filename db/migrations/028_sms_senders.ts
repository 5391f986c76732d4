import type { Knex } from 'knex';

/**
 * An inbound SMS is taken only from a number Gridflow knows (api/repair/routes.ts
 * POST /api/sms/inbound): a customer's phone, a repair's or relocation's contact phone, or a
 * number it texted. Each is looked up by an index, and the weekly survey cap counts the texts
 * to one number by the same outbox index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX customers_phone ON customers (phone) WHERE phone IS NOT NULL');
  await knex.raw('CREATE INDEX relocation_orders_contact_phone ON relocation_orders (contact_phone)');
  await knex.raw('CREATE INDEX outbox_recipient ON outbox (recipient, created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX outbox_recipient');
  await knex.raw('DROP INDEX relocation_orders_contact_phone');
  await knex.raw('DROP INDEX customers_phone');
}
