import type { Knex } from 'knex';

/**
 * Versioned policies: every change of a policy (disconnection, reconnection, tasks) is a new
 * numbered version with its reason, who published it and when it takes effect; the version
 * in force is the one that took effect last (domain/policies/in-force.ts). Version 1 of each
 * key is the setting as it stood. A case records the version in force when it opened.
 *
 * `settings` stays the row older readers and scripts use. A version taking effect now writes
 * it in the same transaction (api/policies/publish.ts, which sets gridflow.publishing); any
 * other write of it (tests, the demo seed, an operator's SQL) is published here as a version
 * of its own by a trigger, so the versions stay the one record of what was in force.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('policy_versions', (t) => {
    t.increments('id');
    t.text('key').notNullable();
    t.integer('version').notNullable();
    t.jsonb('value').notNullable();
    /** Who wrote it: a designer (through the API, with a reason), the migration (v1) or a direct write of settings. */
    t.text('origin').notNullable().defaultTo('designer');
    /** The designer's reason; none for the versions the system wrote (the UI names their origin). */
    t.text('reason');
    t.timestamp('effective_at', { useTz: true }).notNullable();
    /** Null for the versions nobody published through the API (the seeded v1, a direct write of settings). */
    t.integer('created_by').references('users.id');
    t.integer('rollback_of').references('policy_versions.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['key', 'version']);
    t.index(['key', 'effective_at']);
  });
  await knex.raw(`ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_version_check CHECK (version >= 1)`);
  await knex.raw(`ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_origin_check CHECK (origin IN ('designer', 'initial', 'settings'))`);
  await knex.raw(`ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_reason_check CHECK (CASE WHEN origin = 'designer' THEN length(reason) BETWEEN 1 AND 500 ELSE reason IS NULL END)`);

  // History: a version is never changed or removed, only followed by another.
  await knex.raw(`
    CREATE FUNCTION policy_versions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'policy versions are append-only'; END $$`);
  await knex.raw(`
    CREATE TRIGGER policy_versions_append_only BEFORE UPDATE OR DELETE ON policy_versions
    FOR EACH ROW EXECUTE FUNCTION policy_versions_are_append_only()`);

  await knex.raw(`
    INSERT INTO policy_versions (key, version, value, origin, effective_at, created_at)
    SELECT key, 1, value, 'initial', updated_at, updated_at FROM settings`);

  await knex.raw(`
    CREATE FUNCTION settings_written_as_policy_version() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      the_key text := CASE WHEN TG_OP = 'DELETE' THEN OLD.key ELSE NEW.key END;
      -- A removed setting means the defaults, as its readers take it.
      the_value jsonb := CASE WHEN TG_OP = 'DELETE' THEN '{}'::jsonb ELSE NEW.value END;
      in_force jsonb;
    BEGIN
      IF coalesce(current_setting('gridflow.publishing', true), '') = 'on' THEN RETURN NULL; END IF;
      PERFORM pg_advisory_xact_lock(hashtext('policy_versions:' || the_key));
      SELECT value INTO in_force FROM policy_versions
        WHERE key = the_key AND effective_at <= clock_timestamp()
        ORDER BY effective_at DESC, version DESC LIMIT 1;
      IF in_force IS DISTINCT FROM the_value THEN
        INSERT INTO policy_versions (key, version, value, origin, effective_at)
        SELECT the_key, coalesce(max(version), 0) + 1, the_value, 'settings', clock_timestamp()
        FROM policy_versions WHERE key = the_key;
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER settings_as_policy_version AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION settings_written_as_policy_version()`);

  await knex.schema.alterTable('cases', (t) => {
    /** The version of its process's policy in force when the case opened. */
    t.integer('policy_version_id').references('policy_versions.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => t.dropColumn('policy_version_id'));
  await knex.raw('DROP TRIGGER settings_as_policy_version ON settings');
  await knex.raw('DROP FUNCTION settings_written_as_policy_version()');
  await knex.schema.dropTable('policy_versions');
  await knex.raw('DROP FUNCTION policy_versions_are_append_only()');
}
