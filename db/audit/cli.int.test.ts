import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { appendEvent } from '../events';
import { createTestDatabase, TestDatabase } from '../../test/support/database';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/gridflow.js');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 30; i++) await appendEvent(t.db, { type: 'task.note', actor: 'user:1', data: { text: `note ${i}` } });
});
afterAll(() => t?.drop());

/** `gridflow audit verify` as an auditor runs it: its own process, its exit code and what it prints. */
async function verify(): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [BIN, 'audit', 'verify', '--page', '8'], { env: { ...process.env, DATABASE_URL: t.url } });
    return { code: 0, out: stdout };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('gridflow audit verify', () => {
  it('says the chain is intact, with its head and how fast it went, then catches a row changed by hand in SQL', async () => {
    const intact = await verify();
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/^chain intact: 30 events, 0 anchors; head seq 30 [0-9a-f]{64} \([0-9.]+ s, [0-9,]+ events\/s\)\n$/);

    const victim = await t.db('events').where({ seq: 17 }).first('id');
    await t.db.transaction(async (trx) => {
      await trx.raw('ALTER TABLE events DISABLE TRIGGER events_append_only');
      await trx.raw(`UPDATE events SET actor = 'user:2' WHERE id = ?`, [victim.id]);
      await trx.raw('ALTER TABLE events ENABLE TRIGGER events_append_only');
    });
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`chain BROKEN (altered): event ${victim.id} (seq 17) no longer matches its hash`);
    expect(broken.out).toContain('16 events checked before it');
  });

  it('explains itself when it cannot run', async () => {
    const res = await run(process.execPath, [BIN, 'audit', 'check'], { env: { ...process.env } }).catch((err: { code: number; stderr: string }) => err);
    expect(res).toMatchObject({ code: 2, stderr: expect.stringContaining('gridflow audit verify') });
  });
});
