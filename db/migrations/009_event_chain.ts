import type { Knex } from 'knex';

/**
 * The event log becomes a hash chain: each event carries its place (`seq`), the hash of the
 * event before it and the hash of its own canonical form, all set by the database as the row
 * is inserted, so no code path can forget or forge them. db/audit/chain.ts checks the chain.
 *
 * Inserts take one advisory lock until their transaction ends: events are chained in the
 * order their transactions insert them, one writer at a time. A row skipped by
 * ON CONFLICT DO NOTHING leaves nothing behind, as its place is read from the last row, not
 * from a counter.
 */
// STABLE, not IMMUTABLE: to_char is STABLE, and a SQL function declared more constant than
// its body is not inlined, which made every insert plan the function afresh (~40× slower).
// One statement each: PGlite (npm start's embedded database) prepares every query.
const EVENT_FIELD_SQL = `
  CREATE FUNCTION event_field(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL THEN '-' ELSE octet_length(value) || ':' || value END
  $$`;
const EVENT_CANONICAL_SQL = `
  CREATE FUNCTION event_canonical(seq bigint, prev_hash text, at timestamptz, type text, actor text, customer_id integer,
                                  workflow_id text, order_no text, case_id integer, task_id bigint, data jsonb, idempotency_key text)
  RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT concat_ws('|', 'gridflow-event-v1', seq::text, prev_hash,
      event_field(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
      event_field(type), event_field(actor), event_field(customer_id::text), event_field(workflow_id),
      event_field(order_no), event_field(case_id::text), event_field(task_id::text), event_field(data::text),
      event_field(idempotency_key))
  $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.bigInteger('seq');
    t.text('prev_hash');
    t.text('hash');
  });
  await knex.raw(EVENT_FIELD_SQL);
  await knex.raw(EVENT_CANONICAL_SQL);
  // The events already written join the chain in the order they were written.
  await knex.raw('ALTER TABLE events DISABLE TRIGGER events_append_only');
  await knex.raw(`
    DO $$
    DECLARE e record; prev text := repeat('0', 64); n bigint := 0; h text;
    BEGIN
      FOR e IN SELECT * FROM events ORDER BY id LOOP
        n := n + 1;
        h := encode(sha256(convert_to(event_canonical(n, prev, e.at, e.type, e.actor, e.customer_id, e.workflow_id, e.order_no,
                                                      e.case_id, e.task_id, e.data, e.idempotency_key), 'UTF8')), 'hex');
        UPDATE events SET seq = n, prev_hash = prev, hash = h WHERE id = e.id;
        prev := h;
      END LOOP;
    END $$`);
  await knex.raw('ALTER TABLE events ENABLE TRIGGER events_append_only');
  await knex.raw('ALTER TABLE events ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL');
  await knex.raw('CREATE UNIQUE INDEX events_seq ON events (seq)');
  await knex.raw(`
    CREATE FUNCTION events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE last record;
    BEGIN
      PERFORM pg_advisory_xact_lock(7262115);
      SELECT e.seq, e.hash INTO last FROM events e ORDER BY e.seq DESC LIMIT 1;
      NEW.seq := COALESCE(last.seq, 0) + 1;
      NEW.prev_hash := COALESCE(last.hash, repeat('0', 64));
      NEW.hash := encode(sha256(convert_to(event_canonical(NEW.seq, NEW.prev_hash, NEW.at, NEW.type, NEW.actor, NEW.customer_id,
                                  NEW.workflow_id, NEW.order_no, NEW.case_id, NEW.task_id, NEW.data, NEW.idempotency_key), 'UTF8')), 'hex');
      RETURN NEW;
    END $$`);
  await knex.raw('CREATE TRIGGER events_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_chain()');
  // TRUNCATE fires no row trigger: refuse it as a statement.
  await knex.raw('CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()');

  // The day's last link, kept apart and sent to the auditors: a chain rewritten from some
  // event on would no longer end in the hash they were sent.
  await knex.schema.createTable('audit_anchors', (t) => {
    t.increments('id');
    t.date('day').notNullable().unique();
    t.bigInteger('seq').notNullable();
    t.text('hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE ON audit_anchors FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_anchors');
  await knex.raw('DROP TRIGGER events_no_truncate ON events');
  await knex.raw('DROP TRIGGER events_chain ON events');
  await knex.raw('DROP FUNCTION events_chain(), event_canonical(bigint, text, timestamptz, text, text, integer, text, text, integer, bigint, jsonb, text), event_field(text)');
  await knex.raw('DROP INDEX events_seq');
  await knex.schema.alterTable('events', (t) => {
    t.dropColumn('seq');
    t.dropColumn('prev_hash');
    t.dropColumn('hash');
  });
}
