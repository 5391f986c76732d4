import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import knex, { Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { migrationSource } from './migrations';

export type Db = Knex;

/**
 * PostgreSQL when DATABASE_URL is set; otherwise an embedded PGlite, so that a fresh
 * machine runs the product with nothing installed. PGlite has a single connection, so
 * code must never query through `db` while it holds a transaction open.
 */
export function connect(databaseUrl = process.env.DATABASE_URL, options: { pglitePath?: string } = {}): Db {
  if (databaseUrl) {
    return knex({
      client: 'pg',
      connection: databaseUrl,
      pool: { min: 0, max: Number(process.env.DATABASE_POOL_MAX ?? 10) },
    });
  }
  // The extensions the migrations create (pg_trgm: 011_inbox_search) are loaded with it.
  const pglite = new PGlite({ dataDir: options.pglitePath, extensions: { pg_trgm } });
  return knex({ client: ClientPgLite, dialect: 'postgres', connection: { pglite } } as Knex.Config);
}

export async function migrateToLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

/**
 * A row as knex returns it: untyped. Presenters turn rows into typed API records at the
 * edge, so this is the one place `any` is allowed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DbRow = Record<string, any>;
