import type { Knex } from 'knex';

/**
 * Ratings of every process's work and the revisits bad ones start (差评回访, issue 14).
 *
 * `ratings`: one row per rating received — the process and order it judges, the customer, the
 * score (1–5) or none (a comment only), the comment, where it came from (an SMS reply, an
 * agent's call, the self-service site), who recorded it, and the verdict taken when it came
 * (bad or not, and why: low rating, complaint keyword). A caller's idempotency key makes a
 * redelivery answer the first row.
 *
 * `revisits`: one per order and customer, whatever the number of bad ratings (the unique index
 * on process, order and customer); later bad ratings of the same order point at it. Its state
 * and outcome follow the revisit workflow. One statement per query, for PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  // Revisit numbers (domain/revisit/numbering.ts).
  await knex.raw('CREATE SEQUENCE revisit_seq');
  await knex.schema.createTable('revisits', (t) => {
    t.increments('id');
    t.text('revisit_no').notNullable().unique();
    t.text('process').notNullable();
    t.text('order_ref').notNullable();
    t.integer('customer_id').references('customers.id');
    t.text('workflow_id').notNullable().unique();
    t.text('state').notNullable().defaultTo('open');
    t.text('outcome');
    // Why it was opened: the first bad rating's verdict (low-rating, complaint-keyword).
    t.specificType('reasons', 'text[]').notNullable().defaultTo('{}');
    t.integer('case_id').references('cases.id');
    // Who was asked to call (the supervisor of whoever did the work), if the order names one.
    t.integer('supervisor_id').references('users.id');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('first_contact_at', { useTz: true });
    // What the call found (a leaf code of the policy's cause tree) and what was done about it.
    t.text('cause_code');
    t.text('customer_said');
    t.text('corrective_action');
    t.text('responsible');
    t.boolean('recovered');
    // The recovery survey by SMS (its reply comes through POST /api/sms/inbound from this phone).
    t.text('survey_phone');
    t.timestamp('survey_sent_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
  });
  await knex.raw("ALTER TABLE revisits ADD CONSTRAINT revisits_outcome_check CHECK (outcome IN ('recovered', 'not-recovered', 'unreachable'))");
  await knex.raw("ALTER TABLE revisits ADD CONSTRAINT revisits_state_check CHECK (state IN ('open', 'closed'))");
  await knex.raw("ALTER TABLE revisits ADD CONSTRAINT revisits_process_check CHECK (process IN ('repair', 'relocation', 'reconnection'))");
  // One revisit per order and customer (a rating may name no customer: the order alone then).
  await knex.raw('CREATE UNIQUE INDEX revisits_one_per_order_customer ON revisits (process, order_ref, COALESCE(customer_id, 0))');
  await knex.raw("CREATE INDEX revisits_open ON revisits (created_at) WHERE state = 'open'");
  await knex.raw("CREATE INDEX revisits_awaiting_survey ON revisits (survey_phone) WHERE state = 'open' AND survey_sent_at IS NOT NULL AND recovered IS NULL");
  // An SMS reply may answer a revisit's recovery survey rather than a repair's callback.
  await knex.schema.alterTable('repair_sms_replies', (t) => {
    t.integer('revisit_id').references('revisits.id');
  });

  await knex.schema.createTable('ratings', (t) => {
    t.increments('id');
    t.text('process').notNullable();
    t.text('order_ref').notNullable();
    t.integer('case_id').references('cases.id');
    t.integer('customer_id').references('customers.id');
    t.smallint('rating');
    t.text('comment');
    t.text('source').notNullable();
    t.integer('recorded_by_id').references('users.id');
    t.text('actor').notNullable();
    t.boolean('bad').notNullable();
    t.specificType('bad_reasons', 'text[]').notNullable().defaultTo('{}');
    t.integer('revisit_id').references('revisits.id');
    t.text('idempotency_key').unique();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['process', 'order_ref']);
    t.index(['customer_id', 'received_at']);
  });
  await knex.raw('ALTER TABLE ratings ADD CONSTRAINT ratings_rating_check CHECK (rating BETWEEN 1 AND 5)');
  await knex.raw("ALTER TABLE ratings ADD CONSTRAINT ratings_source_check CHECK (source IN ('sms', 'call', 'self-service'))");
  await knex.raw("ALTER TABLE ratings ADD CONSTRAINT ratings_process_check CHECK (process IN ('repair', 'relocation', 'reconnection'))");
  // A comment-only rating must say something.
  await knex.raw('ALTER TABLE ratings ADD CONSTRAINT ratings_says_something CHECK (rating IS NOT NULL OR comment IS NOT NULL)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('repair_sms_replies', (t) => {
    t.dropColumn('revisit_id');
  });
  await knex.schema.dropTable('ratings');
  await knex.schema.dropTable('revisits');
  await knex.raw('DROP SEQUENCE revisit_seq');
}
