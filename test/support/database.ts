import { randomBytes } from 'node:crypto';
import knex from 'knex';
import { connect, Db, migrateToLatest } from '../../db/connection';
import { hashSources } from './source-hash';

/** The PostgreSQL server tests run against; `.ci/run` starts one with these credentials. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file, dropped afterwards: a copy of a
 * template migrated once per version of the schema (CREATE DATABASE … TEMPLATE takes a
 * fraction of the 1.5 s the migrations take).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `gridflow_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: TEST_SERVER_URL, pool: { min: 0, max: 1 } });
  try {
    const template = await migratedTemplate();
    await admin.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } catch (err) {
    await admin.destroy();
    throw new Error(`cannot create a test database on ${TEST_SERVER_URL} (is PostgreSQL running? set TEST_DATABASE_URL): ${(err as Error).message}`);
  }
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const db = connect(url.toString());
  // Nothing to do on a copy of the template; a migration added since would fail here loudly.
  await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** What the migrations can read: their own files and the domain's defaults they seed. */
const SCHEMA_SOURCES = ['db', 'domain'];
let template: Promise<string> | undefined;

/** The template database for the schema as the sources define it now, built (once, under a lock) if missing. */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `gridflow_template_${hashSources(SCHEMA_SOURCES).slice(0, 16)}`;
    const locker = knex({ client: 'pg', connection: TEST_SERVER_URL, pool: { min: 1, max: 1 } });
    const admin = knex({ client: 'pg', connection: TEST_SERVER_URL, pool: { min: 0, max: 1 } });
    try {
      // One builder at a time across processes; the others wait and then find it built.
      await locker.transaction(async (trx) => {
        await trx.raw('SELECT pg_advisory_xact_lock(?)', [TEMPLATE_LOCK]);
        const found = await admin.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name]);
        if (found.rows.length > 0) return;
        // Built under another name and renamed when complete: a crash mid-way leaves no half template.
        const building = `${name}_building`;
        await admin.raw(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.raw(`CREATE DATABASE ${building}`);
        const url = new URL(TEST_SERVER_URL);
        url.pathname = `/${building}`;
        const db = connect(url.toString());
        try {
          await migrateToLatest(db);
        } finally {
          await db.destroy();
        }
        await admin.raw(`ALTER DATABASE ${building} RENAME TO ${name}`);
        // Templates of schemas since changed are of no further use (one in use elsewhere stays).
        const stale = await admin.raw("SELECT datname FROM pg_database WHERE datname LIKE 'gridflow\\_template\\_%' AND datname <> ?", [name]);
        for (const row of stale.rows as Array<{ datname: string }>) await admin.raw(`DROP DATABASE IF EXISTS ${row.datname}`).catch(() => undefined);
      });
      return name;
    } finally {
      await admin.destroy();
      await locker.destroy();
    }
  })();
  template.catch(() => {
    template = undefined;
  });
  return template;
}

/** An arbitrary key for the template builders' advisory lock. */
const TEMPLATE_LOCK = 4_815_162_342;
