import type { Knex } from 'knex';

/**
 * The inbox at a utility's scale (a million tasks): finding a task by any customer of its
 * case, and each case's customer count, without walking a 10,000-customer case per row.
 *
 * `case_customers` holds every customer a case concerns: a reconnection case's own customer
 * (`cases.customer_id`), each customer of a disconnection case (its application's, from the
 * moment the case opens, and `disconnection_outcomes`) and any its tasks name (`tasks.customer_id`). Triggers keep it, and `cases.customer_count` with
 * it, so no code path can forget them.
 * Trigram indexes (pg_trgm) let a search match any part of a customer's number or name and
 * of a task's title; the other indexes serve the inbox's filters and sorts (api/tasks/queries.ts).
 *
 * One statement per query: PGlite (npm start's embedded database) prepares each of them.
 */
const COUNT_SQL = `
  CREATE FUNCTION case_customers_count() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      UPDATE cases c SET customer_count = c.customer_count + n.n
        FROM (SELECT a.case_id, count(*)::int AS n FROM added a GROUP BY a.case_id) n WHERE c.id = n.case_id;
    ELSE
      UPDATE cases c SET customer_count = c.customer_count - n.n
        FROM (SELECT r.case_id, count(*)::int AS n FROM removed r GROUP BY r.case_id) n WHERE c.id = n.case_id;
    END IF;
    RETURN NULL;
  END $$`;

const OUTCOMES_SQL = `
  CREATE FUNCTION disconnection_outcomes_case_customers() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO case_customers (case_id, customer_id) SELECT DISTINCT a.case_id, a.customer_id FROM added a ON CONFLICT DO NOTHING;
    RETURN NULL;
  END $$`;

const TASKS_SQL = `
  CREATE FUNCTION tasks_case_customers() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO case_customers (case_id, customer_id)
      SELECT DISTINCT a.case_id, a.customer_id FROM added a WHERE a.customer_id IS NOT NULL ON CONFLICT DO NOTHING;
    RETURN NULL;
  END $$`;

const TASK_CUSTOMER_SQL = `
  CREATE FUNCTION task_customer_case_customers() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO case_customers (case_id, customer_id) VALUES (NEW.case_id, NEW.customer_id) ON CONFLICT DO NOTHING;
    RETURN NULL;
  END $$`;

// A case whose customer changes stops concerning the old one, unless its outcomes or tasks name them.
const CASES_SQL = `
  CREATE FUNCTION cases_case_customers() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND OLD.customer_id IS NOT NULL AND OLD.customer_id IS DISTINCT FROM NEW.customer_id THEN
      DELETE FROM case_customers cc WHERE cc.case_id = OLD.id AND cc.customer_id = OLD.customer_id
        AND NOT EXISTS (SELECT 1 FROM disconnection_outcomes o WHERE o.case_id = OLD.id AND o.customer_id = OLD.customer_id)
        AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = OLD.id AND t.customer_id = OLD.customer_id);
    END IF;
    IF NEW.customer_id IS NOT NULL THEN
      INSERT INTO case_customers (case_id, customer_id) VALUES (NEW.id, NEW.customer_id) ON CONFLICT DO NOTHING;
    END IF;
    -- A disconnection case concerns its application's customers from the start: its approval is found by them.
    IF TG_OP = 'INSERT' THEN
      INSERT INTO case_customers (case_id, customer_id)
        SELECT NEW.id, ac.customer_id FROM disconnection_applications a JOIN disconnection_application_customers ac ON ac.application_id = a.id
        WHERE a.workflow_id = NEW.workflow_id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
  END $$`;

const INDEXES: Array<[name: string, definition: string]> = [
  // Search: any part of a customer's number or name (three characters or more), a title's too.
  ['customers_customer_no_trgm', 'ON customers USING gin (customer_no gin_trgm_ops)'],
  ['customers_name_trgm', 'ON customers USING gin (name gin_trgm_ops)'],
  // Search: a whole name shorter than three characters (张伟).
  ['customers_name', 'ON customers (name)'],
  ['tasks_title_trgm', 'ON tasks USING gin (title gin_trgm_ops)'],
  // Search by customer finds cases, then their tasks by due time: from the index alone, no table
  // reads for a name shared by fifty customers (replaces the plain case_id index).
  ['tasks_case_due_id', 'ON tasks (case_id, due_at, id)'],
  // "Handled by me" reads the tasks a person completed or acted on for someone.
  ['tasks_acting_for', 'ON tasks (acting_for_id) WHERE acting_for_id IS NOT NULL'],
  // Sorts, with the id as the tie-breaker the list adds (api/lists.ts): a page is an index walk.
  ['tasks_open_due_id', "ON tasks (due_at, id) WHERE state = 'open'"],
  ['tasks_open_priority_id', "ON tasks (priority, id) WHERE state = 'open'"],
  ['tasks_due_id', 'ON tasks (due_at, id)'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw(`
    CREATE TABLE case_customers (
      case_id integer NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
      customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      PRIMARY KEY (case_id, customer_id)
    )`);
  await knex.raw('CREATE INDEX case_customers_customer ON case_customers (customer_id, case_id)');
  await knex.raw('ALTER TABLE cases ADD COLUMN customer_count integer NOT NULL DEFAULT 0');
  await knex.raw(COUNT_SQL);
  await knex.raw('CREATE TRIGGER case_customers_added AFTER INSERT ON case_customers REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION case_customers_count()');
  await knex.raw('CREATE TRIGGER case_customers_removed AFTER DELETE ON case_customers REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION case_customers_count()');
  await knex.raw(OUTCOMES_SQL);
  await knex.raw(
    'CREATE TRIGGER disconnection_outcomes_case_customers AFTER INSERT ON disconnection_outcomes REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION disconnection_outcomes_case_customers()',
  );
  await knex.raw(CASES_SQL);
  await knex.raw('CREATE TRIGGER cases_case_customers AFTER INSERT OR UPDATE OF customer_id ON cases FOR EACH ROW EXECUTE FUNCTION cases_case_customers()');
  await knex.raw(TASKS_SQL);
  await knex.raw('CREATE TRIGGER tasks_case_customers AFTER INSERT ON tasks REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION tasks_case_customers()');
  await knex.raw(TASK_CUSTOMER_SQL);
  await knex.raw(
    'CREATE TRIGGER task_customer_case_customers AFTER UPDATE OF customer_id ON tasks FOR EACH ROW WHEN (NEW.customer_id IS NOT NULL AND NEW.customer_id IS DISTINCT FROM OLD.customer_id) EXECUTE FUNCTION task_customer_case_customers()',
  );
  // The cases already there (the count trigger counts them in).
  await knex.raw(`
    INSERT INTO case_customers (case_id, customer_id)
    SELECT id, customer_id FROM cases WHERE customer_id IS NOT NULL
    UNION SELECT case_id, customer_id FROM disconnection_outcomes
    UNION SELECT c.id, ac.customer_id FROM cases c JOIN disconnection_applications a ON a.workflow_id = c.workflow_id JOIN disconnection_application_customers ac ON ac.application_id = a.id
    UNION SELECT case_id, customer_id FROM tasks WHERE customer_id IS NOT NULL
    ON CONFLICT DO NOTHING`);
  await knex.raw('DROP INDEX tasks_open_due');
  await knex.raw('DROP INDEX tasks_case_id_index');
  for (const [name, definition] of INDEXES) await knex.raw(`CREATE INDEX ${name} ${definition}`);
  await knex.raw('ANALYZE case_customers');
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of INDEXES) await knex.raw(`DROP INDEX ${name}`);
  await knex.raw("CREATE INDEX tasks_open_due ON tasks (due_at) WHERE state = 'open'");
  await knex.raw('CREATE INDEX tasks_case_id_index ON tasks (case_id)');
  await knex.raw('DROP TRIGGER task_customer_case_customers ON tasks');
  await knex.raw('DROP FUNCTION task_customer_case_customers()');
  await knex.raw('DROP TRIGGER tasks_case_customers ON tasks');
  await knex.raw('DROP FUNCTION tasks_case_customers()');
  await knex.raw('DROP TRIGGER cases_case_customers ON cases');
  await knex.raw('DROP FUNCTION cases_case_customers()');
  await knex.raw('DROP TRIGGER disconnection_outcomes_case_customers ON disconnection_outcomes');
  await knex.raw('DROP FUNCTION disconnection_outcomes_case_customers()');
  await knex.raw('DROP TABLE case_customers');
  await knex.raw('DROP FUNCTION case_customers_count()');
  await knex.raw('ALTER TABLE cases DROP COLUMN customer_count');
}
