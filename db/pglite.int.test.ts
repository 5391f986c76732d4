import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrationSource } from './migrations';

const run = promisify(execFile);

// `npm start` without DATABASE_URL runs on embedded PGlite, which prepares every statement and
// has one connection: every migration and the event chain must work there too.
it('runs every migration on the embedded database (PGlite), chains events and verifies them', async () => {
  const { stdout } = await run(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'pglite-check.ts')], { timeout: 120_000 });
  const found = JSON.parse(stdout.trim().split('\n').pop()!);
  expect(found).toEqual({
    migrations: await migrationSource.getMigrations([]),
    chain: { ok: true, checked: 2 },
    versions: [
      { version: 1, origin: 'initial' },
      { version: 2, origin: 'settings' },
    ],
  });
}, 150_000);
