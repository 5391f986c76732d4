import type { Knex } from 'knex';

/**
 * The satisfaction surveys a process's finished work sends by SMS (the revisit policy's
 * `surveys`; a reconnection's first, issue 14): one per order, waiting for the customer's reply
 * until it expires. A reply from the phone (POST /api/sms/inbound) becomes the order's rating,
 * and a bad one opens its revisit; `repair_sms_replies.survey_request_id` keeps which reply
 * answered it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('survey_requests', (t) => {
    t.increments('id');
    t.text('process').notNullable();
    t.text('order_ref').notNullable();
    t.integer('customer_id').references('customers.id');
    t.integer('case_id').references('cases.id');
    t.text('phone').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('answered_at', { useTz: true });
    t.integer('rating_id').references('ratings.id');
    t.unique(['process', 'order_ref']);
  });
  await knex.raw("ALTER TABLE survey_requests ADD CONSTRAINT survey_requests_process_check CHECK (process IN ('relocation', 'reconnection'))");
  await knex.raw('CREATE INDEX survey_requests_awaiting ON survey_requests (phone, sent_at) WHERE answered_at IS NULL');
  await knex.schema.alterTable('repair_sms_replies', (t) => {
    t.integer('survey_request_id').references('survey_requests.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('repair_sms_replies', (t) => t.dropColumn('survey_request_id'));
  await knex.schema.dropTable('survey_requests');
}
