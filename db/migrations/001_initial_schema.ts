import type { Knex } from 'knex';
import { DEFAULT_RECONNECTION_POLICY } from '../../domain/reconnection/policy';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('segments', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('collector_name').notNullable();
    t.text('collector_phone').notNullable();
  });

  await knex.schema.createTable('customers', (t) => {
    t.increments('id');
    t.text('customer_no').notNullable().unique();
    t.text('name').notNullable();
    t.text('type').notNullable().checkIn(['residential', 'non_residential'], 'customers_type_check');
    t.text('address').notNullable();
    t.text('phone');
    t.text('segment_code').notNullable().references('segments.code');
    t.text('supply_status').notNullable().defaultTo('connected')
      .checkIn(['connected', 'disconnected'], 'customers_supply_status_check');
    t.boolean('protected').notNullable().defaultTo(false);
    t.text('protection_reason');
    t.boolean('remote_reconnect_eligible').notNullable().defaultTo(false);
    t.boolean('sms_outage_notice').notNullable().defaultTo(false);
    t.boolean('sms_reconnect_notice').notNullable().defaultTo(false);
    t.timestamp('last_outage_at', { useTz: true });
    t.timestamp('last_reconnected_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['segment_code']);
    t.index(['supply_status']);
  });

  await knex.schema.createTable('meters', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().unique().references('customers.id');
    t.specificType('address', 'char(12)').notNullable().unique();
    t.text('protocol').notNullable().defaultTo('dlt645-2007');
    t.text('site').notNullable();
    t.text('line').notNullable();
    t.integer('baud_rate').notNullable().defaultTo(2400);
    t.smallint('password_level').notNullable().defaultTo(2);
    t.text('password').notNullable().defaultTo('000000');
    t.specificType('operator_code', 'char(8)').notNullable().defaultTo('00000000');
    t.text('close_command').notNullable().defaultTo('direct-close')
      .checkIn(['direct-close', 'close-allowed'], 'meters_close_command_check');
  });
  await knex.raw(`ALTER TABLE meters ADD CONSTRAINT meters_address_digits CHECK (address ~ '^[0-9]{12}$')`);
  await knex.raw(`ALTER TABLE meters ADD CONSTRAINT meters_password_hex CHECK (password ~ '^[0-9A-Fa-f]{6}$')`);

  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.text('account_no').notNullable().unique();
    t.integer('customer_id').notNullable().references('customers.id');
    t.index(['customer_id']);
  });

  // Money is kept in fen (1/100 CNY) as integers: no rounding anywhere.
  await knex.schema.createTable('bills', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.text('period').notNullable();
    t.bigInteger('amount_fen').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['account_id', 'period']);
  });

  await knex.schema.createTable('payments', (t) => {
    t.text('payment_id').primary();
    t.integer('account_id').notNullable().references('accounts.id');
    t.bigInteger('amount_fen').notNullable();
    t.text('channel').notNullable();
    t.timestamp('paid_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['account_id']);
  });
  await knex.raw(`ALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount_fen > 0)`);

  // Arrears = billed and due minus paid; one definition for the API, the sweep and the workflows.
  await knex.raw(`
    CREATE VIEW account_arrears AS
    SELECT a.id AS account_id, a.account_no, a.customer_id,
      COALESCE((SELECT SUM(b.amount_fen) FROM bills b WHERE b.account_id = a.id AND b.due_at <= now()), 0)
      - COALESCE((SELECT SUM(p.amount_fen) FROM payments p WHERE p.account_id = a.id), 0) AS arrears_fen
    FROM accounts a`);

  await knex.raw(`CREATE SEQUENCE auto_reconnection_order_seq MINVALUE 1 MAXVALUE 999999`);
  await knex.raw(`CREATE SEQUENCE manual_reconnection_order_seq MINVALUE 1 MAXVALUE 9999999999`);
  await knex.schema.createTable('work_orders', (t) => {
    t.text('order_no').primary();
    t.text('kind').notNullable().checkIn(['auto_reconnection', 'manual_reconnection'], 'work_orders_kind_check');
    t.integer('customer_id').notNullable().references('customers.id');
    t.text('state').notNullable().defaultTo('open')
      .checkIn(['open', 'completed', 'failed', 'cancelled'], 'work_orders_state_check');
    t.text('workflow_id').notNullable();
    t.text('workflow_run_id').notNullable();
    t.text('reason');
    t.text('outcome');
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    // One order of a kind per workflow run: an activity retry finds the order it made.
    t.unique(['workflow_run_id', 'kind']);
    t.index(['customer_id', 'state']);
  });

  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('id');
    // Makes a retried send a no-op: the same logical message has the same key.
    t.text('idempotency_key').notNullable().unique();
    t.text('channel').notNullable().checkIn(['sms', 'email'], 'outbox_channel_check');
    t.text('recipient').notNullable();
    t.text('subject');
    t.text('body').notNullable();
    t.text('purpose').notNullable();
    t.integer('customer_id').references('customers.id');
    t.text('workflow_id');
    t.text('state').notNullable().defaultTo('pending').checkIn(['pending', 'sent', 'failed'], 'outbox_state_check');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.text('transport');
    t.text('provider_message_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });

  await knex.schema.createTable('events', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('type').notNullable();
    t.text('actor').notNullable();
    t.integer('customer_id').references('customers.id');
    t.text('workflow_id');
    t.text('order_no');
    t.jsonb('data').notNullable().defaultTo('{}');
    t.text('idempotency_key').unique();
    t.index(['customer_id', 'at']);
    t.index(['workflow_id', 'at']);
  });
  // The event log is evidence for auditors: no row may change or disappear.
  await knex.raw(`
    CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'events are append-only'; END $$`);
  await knex.raw(`
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`);

  await knex.schema.createTable('settings', (t) => {
    t.text('key').primary();
    t.jsonb('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('settings').insert({ key: 'reconnection', value: JSON.stringify(DEFAULT_RECONNECTION_POLICY) });

  await knex.schema.createTable('service_tokens', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('token_sha256').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['service_tokens', 'settings', 'events', 'outbox', 'work_orders']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP FUNCTION IF EXISTS events_are_append_only() CASCADE');
  await knex.raw('DROP SEQUENCE IF EXISTS manual_reconnection_order_seq');
  await knex.raw('DROP SEQUENCE IF EXISTS auto_reconnection_order_seq');
  await knex.raw('DROP VIEW IF EXISTS account_arrears');
  for (const table of ['payments', 'bills', 'accounts', 'meters', 'customers', 'segments']) {
    await knex.schema.dropTableIfExists(table);
  }
}
