import { randomBytes } from 'node:crypto';
import knex from 'knex';
import { connect, Db, migrateToLatest } from '../../db/connection';

/** The PostgreSQL server tests run against; `.ci/run` starts one with these credentials. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file, dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `gridflow_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: TEST_SERVER_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.destroy();
    throw new Error(`cannot create a test database on ${TEST_SERVER_URL} (is PostgreSQL running? set TEST_DATABASE_URL): ${(err as Error).message}`);
  }
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const db = connect(url.toString());
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
