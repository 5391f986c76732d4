/**
 * Runs every migration on a fresh in-memory PGlite (the database `npm start` embeds), writes
 * and verifies a few chained events, and prints what it found as JSON. PGlite does not load
 * inside jest's VM, so db/pglite.int.test.ts runs this as a process of its own.
 */
import { verifyChain } from './audit/chain';
import { connect, migrateToLatest } from './connection';
import { appendEvent } from './events';

async function main(): Promise<void> {
  const db = connect(undefined);
  try {
    await migrateToLatest(db);
    await db.transaction(async (trx) => {
      await appendEvent(trx, { type: 'task.note', actor: 'user:1', data: { text: '第一条' } });
      await appendEvent(trx, { type: 'task.note', actor: 'user:1', data: { text: 'second' }, idempotencyKey: 'k' });
    });
    await appendEvent(db, { type: 'task.note', actor: 'user:1', data: { text: 'again' }, idempotencyKey: 'k' });
    const chain = await verifyChain(db);
    // A policy written to the settings becomes a version (migration 007's trigger).
    await db('settings').where({ key: 'tasks' }).update({ value: JSON.stringify({ urgeSmsIntervalMinutes: 7 }) });
    const versions = await db('policy_versions').where({ key: 'tasks' }).orderBy('version').select('version', 'origin');
    const migrations = (await db('knex_migrations').orderBy('id').select('name')).map((row: { name: string }) => row.name);
    console.log(JSON.stringify({ migrations, chain: { ok: chain.ok, checked: chain.checked }, versions }));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
