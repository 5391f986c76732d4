import type { Knex } from 'knex';

/**
 * The alarm map (告警映射) becomes a parameter table designers keep: a monitoring system's
 * device is mapped to a fault category, a place and the customers it supplies — none, one or
 * many (a transformer feeds a street). An order opened by an alarm keeps the customers the map
 * named at that moment, so a later edit of the map does not rewrite history. A retired device
 * stays for the orders and alarms that name it; its new alarms are refused.
 * One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('repair_device_customers', (t) => {
    t.text('device_id').notNullable().references('repair_devices.device_id').onDelete('CASCADE');
    t.integer('customer_id').notNullable().references('customers.id');
    /** The order the designer listed them in: the first is the order's customer. */
    t.integer('position').notNullable();
    t.primary(['device_id', 'customer_id']);
    t.index(['customer_id']);
  });
  await knex.raw('INSERT INTO repair_device_customers (device_id, customer_id, position) SELECT device_id, customer_id, 0 FROM repair_devices WHERE customer_id IS NOT NULL');
  await knex.schema.alterTable('repair_devices', (t) => {
    t.dropColumn('customer_id');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('updated_by_id').references('users.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('repair_order_customers', (t) => {
    t.integer('order_id').notNullable().references('repair_orders.id');
    t.integer('customer_id').notNullable().references('customers.id');
    t.integer('position').notNullable();
    t.primary(['order_id', 'customer_id']);
    t.index(['customer_id']);
  });
  await knex.raw('INSERT INTO repair_order_customers (order_id, customer_id, position) SELECT id, customer_id, 0 FROM repair_orders WHERE customer_id IS NOT NULL AND device_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('repair_order_customers');
  await knex.schema.alterTable('repair_devices', (t) => {
    t.integer('customer_id').references('customers.id');
  });
  await knex.raw('UPDATE repair_devices d SET customer_id = c.customer_id FROM repair_device_customers c WHERE c.device_id = d.device_id AND c.position = 0');
  await knex.schema.alterTable('repair_devices', (t) => {
    t.dropColumn('active');
    t.dropColumn('updated_by_id');
    t.dropColumn('updated_at');
  });
  await knex.schema.dropTable('repair_device_customers');
}
