import type { Knex } from 'knex';

/**
 * Telephone line relocation orders (市话移机 + 稽核, domain/relocation): the order with what the
 * clerk accepted (new address and exchange, number, appointment, real-name registration,
 * guarantor or deposit, fees), the audit decision and why, the installation teams and their
 * booked slots (a slot is never double-booked: a booking takes a numbered seat of its team's
 * slot, and the seats stop at the policy's capacity), and the order's payments and refunds.
 * One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE relocation_order_seq MINVALUE 1 MAXVALUE 99999999');
  await knex.schema.createTable('install_teams', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('exchange_code').references('exchanges.code');
  });
  await knex.schema.createTable('install_team_members', (t) => {
    t.text('team_code').notNullable().references('install_teams.code');
    t.integer('user_id').notNullable().references('users.id');
    t.primary(['team_code', 'user_id']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('relocation_orders', (t) => {
    t.increments('id');
    t.text('order_no').notNullable().unique();
    t.text('service_no').notNullable().references('service_accounts.service_no').onUpdate('CASCADE');
    t.integer('customer_id').notNullable().references('customers.id');
    /** open: being worked; installed: done (the announcement may still run); cancelled. */
    t.text('state').notNullable().defaultTo('open').checkIn(['open', 'installed', 'cancelled'], 'relocation_orders_state_check');
    /** same: 本局移; cross: 跨局移. */
    t.text('kind').notNullable().checkIn(['same', 'cross'], 'relocation_orders_kind_check');
    t.text('from_exchange').notNullable().references('exchanges.code');
    t.text('to_exchange').notNullable().references('exchanges.code');
    t.text('new_address').notNullable();
    /** No prefix of the address table covered it: the clerk chose the exchange. */
    t.boolean('exchange_by_hand').notNullable().defaultTo(false);
    /** The line's number before and after (the same unless a cross move takes a new one). */
    t.text('old_number').notNullable();
    t.text('new_number').notNullable();
    /** Across exchanges keeping the number: the NP flag product. */
    t.boolean('keep_number').notNullable().defaultTo(false);
    /** A number-change announcement (改号通知) ordered, and when it ends. */
    t.boolean('announcement').notNullable().defaultTo(false);
    t.timestamp('announcement_ends_at', { useTz: true });
    t.text('account_relation').notNullable();
    t.text('pricing_plan').notNullable();
    t.text('team_code').notNullable().references('install_teams.code');
    t.date('appointment_date').notNullable();
    t.text('appointment_slot').notNullable();
    t.text('contact_name').notNullable();
    t.text('contact_phone').notNullable();
    /** Real-name registration (实名登记): the holder's document, and the agent's when someone acts for them. */
    t.text('holder').notNullable().checkIn(['person', 'organisation'], 'relocation_orders_holder_check');
    t.text('document_type').notNullable();
    t.text('document_number').notNullable();
    t.text('agent_name');
    t.text('agent_document_type');
    t.text('agent_document_number');
    /** A customer from outside the area: a local guarantor, or a deposit. */
    t.integer('guarantor_customer_id').references('customers.id');
    t.bigInteger('deposit_fen').notNullable().defaultTo(0);
    /** The itemised fees ([{code, amountFen}]) and the total due, after any override. */
    t.jsonb('fee_lines').notNullable();
    t.bigInteger('fee_computed_fen').notNullable();
    t.bigInteger('fee_total_fen').notNullable();
    t.text('fee_override_reason');
    t.integer('fee_override_by_id').references('users.id');
    t.text('invoice_no');
    t.timestamp('paid_at', { useTz: true });
    /** The audit decision (稽核): required or not, the rules or sample that decided it. */
    t.boolean('audit_required');
    t.specificType('audit_reasons', 'text[]');
    t.double('audit_draw');
    /** Audit rejections sent back to the clerk. */
    t.integer('loop_count').notNullable().defaultTo(0);
    t.integer('accepted_by_id').notNullable().references('users.id');
    t.integer('audited_by_id').references('users.id');
    t.integer('installed_by_id').references('users.id');
    t.text('workflow_id').notNullable().unique();
    t.integer('case_id').references('cases.id');
    t.text('idempotency_key').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('installed_at', { useTz: true });
    t.timestamp('cancelled_at', { useTz: true });
    t.text('cancel_reason');
    t.index(['state', 'created_at']);
    t.index(['service_no']);
  });
  // One open order per line.
  await knex.raw("CREATE UNIQUE INDEX relocation_orders_one_open ON relocation_orders (service_no) WHERE state = 'open'");
  await knex.schema.createTable('relocation_bookings', (t) => {
    t.text('team_code').notNullable().references('install_teams.code');
    t.date('day').notNullable();
    t.text('slot').notNullable();
    /** 1..the slot's capacity: two bookings of one seat collide on the key. */
    t.integer('seat').notNullable();
    t.integer('order_id').notNullable().unique().references('relocation_orders.id');
    t.primary(['team_code', 'day', 'slot', 'seat']);
  });
  await knex.raw('ALTER TABLE relocation_bookings ADD CONSTRAINT relocation_bookings_seat_check CHECK (seat >= 1)');
  await knex.schema.createTable('relocation_payments', (t) => {
    t.bigIncrements('id');
    t.integer('order_id').notNullable().references('relocation_orders.id');
    /** fee and deposit are taken in; refund gives back what was paid (a negative amount). */
    t.text('kind').notNullable().checkIn(['fee', 'deposit', 'refund'], 'relocation_payments_kind_check');
    t.bigInteger('amount_fen').notNullable();
    t.text('invoice_no');
    t.integer('cashier_id').references('users.id');
    /** A retried payment or refund is recorded once. */
    t.text('idempotency_key').unique();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['order_id']);
  });
  await knex.raw("ALTER TABLE relocation_payments ADD CONSTRAINT relocation_payments_sign_check CHECK ((kind = 'refund') = (amount_fen < 0) AND amount_fen <> 0)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('relocation_payments');
  await knex.schema.dropTable('relocation_bookings');
  await knex.schema.dropTable('relocation_orders');
  await knex.schema.dropTable('install_team_members');
  await knex.schema.dropTable('install_teams');
  await knex.raw('DROP SEQUENCE relocation_order_seq');
}
