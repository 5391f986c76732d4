import { migrationSource } from '../migrations';
import { appendEvent } from '../events';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { CHAINED_EVENT_COLUMNS, eventHash, verifyChain, type ChainedEventText } from './chain';

// Each test that tampers gets a database of its own: a broken chain stays broken.
const open: TestDatabase[] = [];
async function database(events = 5): Promise<TestDatabase> {
  const t = await createTestDatabase();
  open.push(t);
  for (let i = 0; i < events; i++) await appendEvent(t.db, { type: 'case.step', actor: 'workflow:test', data: { step: `s${i}`, 名: '王小明' } });
  return t;
}
afterAll(() => Promise.all(open.map((t) => t.drop())));

/** What someone with the database owner's password could do: switch the guard off and edit. */
async function byHand(t: TestDatabase, sql: string, bindings: unknown[] = []): Promise<void> {
  await t.db.transaction(async (trx) => {
    await trx.raw('ALTER TABLE events DISABLE TRIGGER USER');
    await trx.raw(sql, bindings as never);
    await trx.raw('ALTER TABLE events ENABLE TRIGGER USER');
  });
}

const idAt = async (t: TestDatabase, seq: number) => Number((await t.db('events').where({ seq }).first('id')).id);

describe('the event chain', () => {
  it('chains every event the application writes, in order, even from parallel transactions', async () => {
    const t = await database(0);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.db.transaction(async (trx) => {
          await appendEvent(trx, { type: 'task.note', actor: `user:${i}`, data: { text: `第 ${i} 条` } });
          await appendEvent(trx, { type: 'task.note', actor: `user:${i}`, data: { text: 'again' } });
        }),
      ),
    );
    // An idempotent retry is skipped and leaves no hole.
    await appendEvent(t.db, { type: 'case.step', actor: 'workflow:w', data: {}, idempotencyKey: 'k' });
    await appendEvent(t.db, { type: 'case.step', actor: 'workflow:w', data: {}, idempotencyKey: 'k' });
    const report = await verifyChain(t.db, { pageSize: 7 });
    expect(report).toMatchObject({ ok: true, checked: 41, head: { seq: 41 } });
    expect(report.problem).toBeUndefined();
  });

  it('writes no event for a change that rolls back, and leaves no hole for it', async () => {
    const t = await database(2);
    await expect(
      t.db.transaction(async (trx) => {
        await appendEvent(trx, { type: 'user.created', actor: 'user:1', data: { username: 'x' } });
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    await appendEvent(t.db, { type: 'user.created', actor: 'user:1', data: { username: 'y' } });
    expect((await t.db('events').orderBy('seq')).map((e) => [Number(e.seq), e.data.username ?? null])).toEqual([[1, null], [2, null], [3, 'y']]);
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, checked: 3 });
  });

  it('names the event changed by hand in SQL', async () => {
    const t = await database();
    const third = await idAt(t, 3);
    await byHand(t, `UPDATE events SET data = jsonb_set(data, '{step}', '"s9"') WHERE id = ?`, [third]);
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, checked: 2, problem: { kind: 'altered', eventId: third, seq: 3 } });
  });

  it('names the events removed by hand in SQL', async () => {
    const t = await database();
    const fourth = await idAt(t, 4);
    await byHand(t, 'DELETE FROM events WHERE seq IN (2, 3)');
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, problem: { kind: 'removed', eventId: fourth, seq: 4, params: { from: 2, to: 3 } } });
  });

  it('names an event inserted out of order, even one whose own hash is right', async () => {
    const t = await database();
    // A forged sixth event that claims to follow the second.
    const second = await t.db('events').where({ seq: 2 }).first('hash');
    const forged = { seq: '6', prev_hash: second.hash, at: '2026-01-01T00:00:00.000000Z', type: 'task.note', actor: 'user:1', customer_id: null, workflow_id: null, order_no: null, case_id: null, task_id: null, data: '{"text": "backdated"}', idempotency_key: null };
    await byHand(t, `INSERT INTO events (seq, prev_hash, hash, at, type, actor, data) VALUES (6, ?, ?, '2026-01-01T00:00:00Z', 'task.note', 'user:1', '{"text": "backdated"}')`, [second.hash, eventHash(forged)]);
    const id = await idAt(t, 6);
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, checked: 5, problem: { kind: 'out-of-order', eventId: id, seq: 6 } });
  });

  it('knows the last events were removed when an anchor names them', async () => {
    const t = await database();
    const head = await t.db('events').where({ seq: 5 }).first('hash');
    await t.db('audit_anchors').insert({ day: '2026-12-01', seq: 5, hash: head.hash });
    await byHand(t, 'DELETE FROM events WHERE seq >= 4');
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, checked: 3, problem: { kind: 'removed', eventId: null, params: { from: 4, to: 5, day: '2026-12-01' } } });
  });

  it('knows a chain rewritten from some event on by the anchor sent before', async () => {
    const t = await database();
    const head = await t.db('events').where({ seq: 4 }).first('hash');
    await t.db('audit_anchors').insert({ day: '2026-12-01', seq: 4, hash: head.hash });
    // Rewritten with every hash recomputed: only the anchor can tell.
    await byHand(t, 'DELETE FROM events WHERE seq >= 3');
    await appendEvent(t.db, { type: 'case.step', actor: 'workflow:test', data: { step: 'other' } });
    await appendEvent(t.db, { type: 'case.step', actor: 'workflow:test', data: { step: 'other' } });
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, problem: { kind: 'anchor-mismatch', seq: 4, params: { day: '2026-12-01' } } });
  });

  it('refuses to update, delete or truncate events through the application', async () => {
    const t = await database(1);
    await expect(t.db('events').update({ actor: 'someone else' })).rejects.toThrow('append-only');
    await expect(t.db('events').delete()).rejects.toThrow('append-only');
    await expect(t.db.raw('TRUNCATE events')).rejects.toThrow('append-only');
    await expect(t.db('audit_anchors').insert({ day: '2026-12-01', seq: 1, hash: 'h' }).then(() => t.db('audit_anchors').delete())).rejects.toThrow('append-only');
  });

  it('chains the events written before the chain existed, in the order they were written', async () => {
    const t = await database(0);
    await t.db.migrate.down({ migrationSource, name: '009_event_chain' });
    for (let i = 0; i < 3; i++) await t.db('events').insert({ type: 'case.step', actor: 'workflow:old', data: JSON.stringify({ i }) });
    await t.db.migrate.latest({ migrationSource });
    await appendEvent(t.db, { type: 'case.step', actor: 'workflow:new', data: {} });
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, checked: 4 });
    expect((await t.db('events').orderBy('seq')).map((e) => e.actor)).toEqual(['workflow:old', 'workflow:old', 'workflow:old', 'workflow:new']);
  });

  it('hashes what the database stores, character for character', async () => {
    const t = await database(0);
    await appendEvent(t.db, { type: 'task.note', actor: 'user:1', customerId: null, data: { text: 'tab\there "quoted" \\ 𠮷 \u2028', n: 1.50, nested: { b: [1, null], a: true } } });
    const { rows } = (await t.db.raw(`SELECT ${CHAINED_EVENT_COLUMNS} FROM events`)) as { rows: ChainedEventText[] };
    expect(eventHash(rows[0]!)).toBe(rows[0]!.hash);
  });
});
