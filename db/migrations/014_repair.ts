import type { Knex } from 'knex';

/**
 * Repair orders (故障报修, domain/repair): the order with its SLA moments and callback, the
 * equipment alarms attached to it (one open order per device and alarm code), parts swapped
 * (a part serial on at most one open installation), compensation bills, inbound SMS replies,
 * and the devices monitoring systems report on. One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE repair_order_seq MINVALUE 1 MAXVALUE 99999999');
  await knex.schema.createTable('repair_devices', (t) => {
    t.text('device_id').primary();
    t.integer('customer_id').references('customers.id');
    /** The fault category (a leaf of the policy's tree) its alarms are filed under. */
    t.text('category').notNullable();
    t.text('place').notNullable();
  });
  await knex.schema.createTable('repair_orders', (t) => {
    t.increments('id');
    t.text('order_no').notNullable().unique();
    t.text('source').notNullable().checkIn(['agent', 'self_service', 'alarm'], 'repair_orders_source_check');
    t.integer('customer_id').references('customers.id');
    t.text('category').notNullable();
    t.text('description').notNullable();
    t.text('place').notNullable();
    t.text('contact_phone');
    t.text('priority').notNullable().checkIn(['urgent', 'high', 'normal', 'low'], 'repair_orders_priority_check');
    /** open: being worked; closed: 结单, waiting for the callback; done: rated and finished. */
    t.text('state').notNullable().defaultTo('open').checkIn(['open', 'closed', 'done'], 'repair_orders_state_check');
    t.text('workflow_id').notNullable().unique();
    t.integer('case_id').references('cases.id');
    t.integer('crew_user_id').references('users.id');
    /** Whoever holds the order now (the dispatcher while undispatched is null). */
    t.integer('handler_user_id').references('users.id');
    /** Callback rejections (回访驳回) sending it back to the crew. */
    t.integer('loop_count').notNullable().defaultTo(0);
    t.integer('urge_count').notNullable().defaultTo(0);
    t.integer('rating').checkBetween([1, 5], 'repair_orders_rating_check');
    t.text('rating_comment');
    t.text('device_id').references('repair_devices.device_id');
    t.text('alarm_code');
    /** Makes a repeated intake (an agent's double click, a website retry) find its order. */
    t.text('idempotency_key').unique();
    t.integer('created_by_id').references('users.id');
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('responded_at', { useTz: true });
    t.timestamp('fixed_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.timestamp('done_at', { useTz: true });
    t.index(['state', 'priority']);
    t.index(['contact_phone', 'state']);
  });
  // A repeat of one device's alarm while its order is open attaches to that order.
  await knex.raw("CREATE UNIQUE INDEX repair_orders_open_alarm ON repair_orders (device_id, alarm_code) WHERE state = 'open' AND device_id IS NOT NULL");
  await knex.schema.createTable('repair_alarms', (t) => {
    t.bigIncrements('id');
    t.integer('order_id').references('repair_orders.id');
    t.text('device_id').notNullable().references('repair_devices.device_id');
    /** The monitoring system's own id for the alarm: a redelivery is recorded once. */
    t.text('source_alarm_id').unique();
    t.text('alarm_code').notNullable();
    t.text('severity').notNullable().checkIn(['critical', 'major', 'minor'], 'repair_alarms_severity_check');
    t.boolean('clearing').notNullable().defaultTo(false);
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['order_id']);
  });
  await knex.schema.createTable('repair_parts', (t) => {
    t.bigIncrements('id');
    t.integer('order_id').notNullable().references('repair_orders.id');
    t.text('old_serial').notNullable();
    t.text('new_serial').notNullable();
    /** False once the part is removed again; an open installation holds its serial. */
    t.boolean('installed').notNullable().defaultTo(true);
    t.integer('recorded_by_id').references('users.id');
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE UNIQUE INDEX repair_parts_installed_serial ON repair_parts (new_serial) WHERE installed');
  await knex.schema.createTable('repair_compensations', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('repair_orders.id');
    t.text('liable_party').notNullable();
    t.bigInteger('amount_fen').notNullable();
    t.text('state').notNullable().defaultTo('open').checkIn(['open', 'paid', 'waived'], 'repair_compensations_state_check');
    t.text('reason');
    t.integer('settled_by_id').references('users.id');
    t.timestamp('raised_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('settled_at', { useTz: true });
  });
  await knex.raw("CREATE UNIQUE INDEX repair_compensations_one_open ON repair_compensations (order_id) WHERE state = 'open'");
  await knex.schema.createTable('repair_sms_replies', (t) => {
    t.bigIncrements('id');
    /** The gateway's message id: a redelivered reply is recorded once. */
    t.text('message_id').unique();
    t.text('sender').notNullable();
    t.text('body').notNullable();
    t.integer('order_id').references('repair_orders.id');
    t.integer('rating');
    /** Not a rating, or no order waiting for one: for an agent to read. */
    t.boolean('flagged').notNullable().defaultTo(false);
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['flagged']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('repair_sms_replies');
  await knex.schema.dropTable('repair_compensations');
  await knex.schema.dropTable('repair_parts');
  await knex.schema.dropTable('repair_alarms');
  await knex.schema.dropTable('repair_orders');
  await knex.schema.dropTable('repair_devices');
  await knex.raw('DROP SEQUENCE repair_order_seq');
}
