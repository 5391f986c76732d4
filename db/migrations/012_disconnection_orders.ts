import type { Knex } from 'knex';

/**
 * A disconnection case gives each of its customers a work order (停电工单), so the outage
 * notice names a real order and the customer's page lists it: the kind, its number sequence
 * (domain/workorders/numbering.ts), and one order of a kind per run and customer (a
 * reconnection run has one customer, so its rule is unchanged). One statement per query, for
 * PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE work_orders DROP CONSTRAINT work_orders_kind_check');
  await knex.raw(`ALTER TABLE work_orders ADD CONSTRAINT work_orders_kind_check CHECK (kind IN ('auto_reconnection', 'manual_reconnection', 'disconnection'))`);
  await knex.raw('ALTER TABLE work_orders DROP CONSTRAINT work_orders_workflow_run_id_kind_unique');
  await knex.raw('ALTER TABLE work_orders ADD CONSTRAINT work_orders_run_kind_customer_unique UNIQUE (workflow_run_id, kind, customer_id)');
  await knex.raw('CREATE INDEX work_orders_case ON work_orders (case_id, customer_id)');
  await knex.raw('CREATE SEQUENCE disconnection_order_seq MINVALUE 1 MAXVALUE 99999999');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SEQUENCE disconnection_order_seq');
  await knex.raw('DROP INDEX work_orders_case');
  await knex.raw(`DELETE FROM work_orders WHERE kind = 'disconnection'`);
  await knex.raw('ALTER TABLE work_orders DROP CONSTRAINT work_orders_run_kind_customer_unique');
  await knex.raw('ALTER TABLE work_orders ADD CONSTRAINT work_orders_workflow_run_id_kind_unique UNIQUE (workflow_run_id, kind)');
  await knex.raw('ALTER TABLE work_orders DROP CONSTRAINT work_orders_kind_check');
  await knex.raw(`ALTER TABLE work_orders ADD CONSTRAINT work_orders_kind_check CHECK (kind IN ('auto_reconnection', 'manual_reconnection'))`);
}
