/**
 * Brings the database at DATABASE_URL to the latest schema: `npm run migrate`. The workers
 * and `npm start` migrate on start too; this is for a deployment that migrates first.
 */
import { connect } from '../db/connection';
import { migrationSource } from '../db/migrations';

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL (postgres://...) to migrate');
  const db = connect();
  try {
    const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'the schema was up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
