import type { Knex } from 'knex';

/**
 * The telephone side (市话, domain README §4): exchanges (局站), the address → exchange table
 * designers maintain (an address no prefix covers is placed by hand, as the manual says),
 * service accounts (the line in service, keyed by its number), each exchange's number pool
 * and the lines' moves (for "relocated more than N times in 12 months").
 *
 * A number is free, reserved by an order until a moment, in use by a service, or quarantined
 * after release until a moment; the checks keep each state's columns filled and the others'
 * empty. Numbers are digits compared bytewise (COLLATE "C"), so the free-number index serves
 * both "free numbers of an exchange in order" and a prefix pattern. A cross-exchange
 * relocation that changes a line's number renames its service_no: the pool and the moves
 * follow by ON UPDATE CASCADE. One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exchanges', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
  });
  await knex.schema.createTable('exchange_addresses', (t) => {
    t.increments('id');
    /** The longest prefix of an address found here names its exchange. */
    t.text('address_prefix').notNullable().unique();
    t.text('exchange_code').notNullable().references('exchanges.code');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('updated_by_id').references('users.id');
    t.index(['exchange_code']);
  });
  await knex.raw("ALTER TABLE exchange_addresses ADD CONSTRAINT exchange_addresses_prefix_check CHECK (length(btrim(address_prefix)) > 0)");
  await knex.schema.createTable('service_accounts', (t) => {
    /** The telephone number in service (服务号码). */
    t.text('service_no').primary();
    t.integer('customer_id').notNullable().references('customers.id');
    /** The account paying for the line (帐务关系). */
    t.text('account_relation').notNullable();
    /** The pricing plan's code (定价计划). */
    t.text('pricing_plan').notNullable();
    /** A: 甲种, a private residence; B: 乙种, everyone else. */
    t.text('line_type').notNullable().checkIn(['A', 'B'], 'service_accounts_line_type_check');
    t.text('exchange_code').notNullable().references('exchanges.code');
    t.text('address').notNullable();
    /** False for a customer from outside the area (异地客户): guarantor or deposit. */
    t.boolean('local').notNullable().defaultTo(true);
    t.text('state').notNullable().defaultTo('active').checkIn(['active', 'suspended', 'closed'], 'service_accounts_state_check');
    t.timestamps(true, true);
    t.index(['customer_id']);
  });
  await knex.raw("ALTER TABLE service_accounts ADD CONSTRAINT service_accounts_service_no_check CHECK (service_no ~ '^[0-9]{7,8}$')");
  await knex.schema.createTable('phone_numbers', (t) => {
    t.specificType('number', 'text COLLATE "C"').primary();
    t.text('exchange_code').notNullable().references('exchanges.code');
    t.text('state').notNullable().defaultTo('free').checkIn(['free', 'reserved', 'in_use', 'quarantined'], 'phone_numbers_state_check');
    /** The order holding the reservation. */
    t.text('reserved_by');
    t.timestamp('reserved_until', { useTz: true });
    t.timestamp('quarantined_until', { useTz: true });
    /** The service using the number; empty for a number in use by a line not kept here. */
    t.text('service_no').references('service_accounts.service_no').onUpdate('CASCADE');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw("ALTER TABLE phone_numbers ADD CONSTRAINT phone_numbers_number_check CHECK (number ~ '^[0-9]{7,8}$')");
  await knex.raw(
    "ALTER TABLE phone_numbers ADD CONSTRAINT phone_numbers_reservation_check CHECK ((state = 'reserved') = (reserved_by IS NOT NULL) AND (state = 'reserved') = (reserved_until IS NOT NULL))",
  );
  await knex.raw("ALTER TABLE phone_numbers ADD CONSTRAINT phone_numbers_quarantine_check CHECK ((state = 'quarantined') = (quarantined_until IS NOT NULL))");
  await knex.raw("ALTER TABLE phone_numbers ADD CONSTRAINT phone_numbers_service_check CHECK (service_no IS NULL OR state = 'in_use')");
  // The choosing screen and reservations: an exchange's free numbers, in order or by a prefix.
  await knex.raw("CREATE INDEX phone_numbers_free ON phone_numbers (exchange_code, number) WHERE state = 'free'");
  // The sweeps, and an order's own reservation.
  await knex.raw("CREATE INDEX phone_numbers_reserved_until ON phone_numbers (reserved_until) WHERE state = 'reserved'");
  await knex.raw("CREATE INDEX phone_numbers_reserved_by ON phone_numbers (reserved_by) WHERE state = 'reserved'");
  await knex.raw("CREATE INDEX phone_numbers_quarantined_until ON phone_numbers (quarantined_until) WHERE state = 'quarantined'");
  // A service's numbers, and the cascade when a service is renumbered.
  await knex.raw('CREATE INDEX phone_numbers_service_no ON phone_numbers (service_no) WHERE service_no IS NOT NULL');
  await knex.schema.createTable('service_account_moves', (t) => {
    t.bigIncrements('id');
    t.text('service_no').notNullable().references('service_accounts.service_no').onUpdate('CASCADE');
    t.timestamp('moved_at', { useTz: true }).notNullable();
    /** The relocation order: recording its move again (a retried activity) is refused. */
    t.text('order_ref').unique();
    t.index(['service_no', 'moved_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('service_account_moves');
  await knex.schema.dropTable('phone_numbers');
  await knex.schema.dropTable('service_accounts');
  await knex.schema.dropTable('exchange_addresses');
  await knex.schema.dropTable('exchanges');
}
