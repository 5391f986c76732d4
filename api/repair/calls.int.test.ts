import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { contractClient, listen, sessionCookie } from '../../test/support/http';
import { createApp } from '../app';

// Scheduled outbound calls (预约呼叫): the agents' queue of callbacks due, made or abandoned.
const PASSWORD = 'calls-password-1';
const HOUR = 3_600_000;
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
let customerId: number;
const cookies: Record<'agent' | 'otherAgent' | 'dispatcher' | 'crew' | 'auditor', string> = { agent: '', otherAgent: '', dispatcher: '', crew: '', auditor: '' };
const people = { agent: 0, otherAgent: 0 };
const call = contractClient(() => api.baseUrl);

beforeAll(async () => {
  t = await createTestDatabase();
  people.agent = await insertUser(t.db, { username: 'agent', displayName: '陈座席', roles: ['agent'], password: PASSWORD });
  people.otherAgent = await insertUser(t.db, { username: 'other-agent', displayName: '周座席', roles: ['agent'], password: PASSWORD });
  await insertUser(t.db, { username: 'dispatcher', displayName: '王调度', roles: ['dispatcher'], password: PASSWORD });
  await insertUser(t.db, { username: 'crew', displayName: '李维修', roles: ['crew'], password: PASSWORD });
  await insertUser(t.db, { username: 'auditor', displayName: '孙稽核', roles: ['auditor'], password: PASSWORD });
  customerId = (await insertCustomer(t.db, { customerNo: 'RC-1', name: '回呼户', phone: '13800004001' })).customerId;
  // No workflow is signalled by a scheduled call: a client that never connects will do.
  api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const [name, username] of [['agent', 'agent'], ['otherAgent', 'other-agent'], ['dispatcher', 'dispatcher'], ['crew', 'crew'], ['auditor', 'auditor']] as const) {
    cookies[name] = await sessionCookie(api.baseUrl, username, PASSWORD);
  }
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

let serial = 0;
/** An order written as intake writes it (no workflow: calls never signal one). */
async function order(state: 'open' | 'closed' | 'done' = 'closed'): Promise<{ id: number; orderNo: string }> {
  const orderNo = `16${String(8_000_000 + ++serial).padStart(8, '0')}`;
  const [{ id }] = await t.db('repair_orders')
    .insert({ order_no: orderNo, source: 'agent', customer_id: customerId, category: 'meter-box', description: '表箱冒烟', place: '幸福路 3 号', contact_phone: '13800004001', priority: 'normal', state, workflow_id: `repair-call-${orderNo}` })
    .returning('id');
  return { id, orderNo };
}

type Who = keyof typeof cookies;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const schedule = (orderId: number, body: unknown, who: Who = 'agent') => call('post', '/api/repair_orders/{id}/calls', `/api/repair_orders/${orderId}/calls`, { cookie: cookies[who] }, body);
const execute = (callId: number, body: unknown, who: Who = 'agent') => call('post', '/api/repair_calls/{id}/execute', `/api/repair_calls/${callId}/execute`, { cookie: cookies[who] }, body);
const abandon = (callId: number, body: unknown, who: Who = 'agent') => call('post', '/api/repair_calls/{id}/abandon', `/api/repair_calls/${callId}/abandon`, { cookie: cookies[who] }, body);
const queue = (filter: object, who: Who = 'agent', sort = ['dueAt', 'ASC']) =>
  call('get', '/api/repair_calls', `/api/repair_calls?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent(JSON.stringify(sort))}`, { cookie: cookies[who] });
const stored = async (orderId: number) => Number((await t.db('repair_calls').where({ order_id: orderId }).count('* as n').first())!.n);
const eventsOf = (orderNo: string) => t.db('events').where({ order_no: orderNo }).whereLike('type', 'repair.call_%').orderBy('id').select('type', 'actor', 'data');

describe('scheduling a call on a repair order', () => {
  it('schedules it with its event; the same idempotency key from the same person answers the first call', async () => {
    const { id, orderNo } = await order();
    const dueAt = new Date(Date.now() + 2 * HOUR);
    // With an offset: stored as the instant it names.
    const local = new Date(dueAt.getTime() + 8 * HOUR).toISOString().replace('Z', '+08:00');
    const first = await schedule(id, { dueAt: local, note: '  客户下午方便 ', idempotencyKey: 'call-1' });
    expect(first).toMatchObject({
      status: 201,
      body: { orderId: id, orderNo, customerName: '回呼户', contactPhone: '13800004001', place: '幸福路 3 号', dueAt: dueAt.toISOString(), overdue: false, note: '客户下午方便', state: 'scheduled', reason: null, scheduledByName: '陈座席', handledByName: null, handledAt: null },
    });
    expect(await schedule(id, { dueAt: at(5 * HOUR), idempotencyKey: 'call-1' })).toMatchObject({ status: 200, body: { id: first.body.id, dueAt: dueAt.toISOString() } });
    // Another person's key is theirs alone.
    expect(await schedule(id, { dueAt: at(5 * HOUR), idempotencyKey: 'call-1' }, 'otherAgent')).toMatchObject({ status: 201, body: { scheduledByName: '周座席' } });
    expect(await stored(id)).toBe(2);
    expect(await eventsOf(orderNo)).toEqual([
      { type: 'repair.call_scheduled', actor: `user:${people.agent}`, data: { callId: first.body.id, dueAt: dueAt.toISOString(), note: '客户下午方便' } },
      { type: 'repair.call_scheduled', actor: `user:${people.otherAgent}`, data: expect.objectContaining({ dueAt: expect.any(String) }) },
    ]);
  });

  it('is open on an order still open or awaiting its callback, not on one finished or unknown', async () => {
    const open = await order('open');
    expect(await schedule(open.id, { dueAt: at(HOUR) })).toMatchObject({ status: 201 });
    const done = await order('done');
    expect(await schedule(done.id, { dueAt: at(HOUR) })).toMatchObject({ status: 409, body: { error: { code: 'ORDER_DONE' } } });
    expect(await stored(done.id)).toBe(0);
    expect(await schedule(999_999, { dueAt: at(HOUR) })).toMatchObject({ status: 404 });
  });

  it('refuses bad input and stores nothing', async () => {
    const { id, orderNo } = await order();
    for (const note of ['回\u0000电', '\ud800']) {
      expect(await schedule(id, { dueAt: at(HOUR), note })).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT' } } });
    }
    const bad: unknown[] = [
      {},
      { dueAt: at(31 * 24 * HOUR) },
      { dueAt: at(-25 * HOUR) },
      { dueAt: '2026-13-01T10:00:00+08:00' },
      { dueAt: '明天下午' },
      { dueAt: at(HOUR), note: '   ' },
      { dueAt: at(HOUR), note: 'x'.repeat(501) },
      { dueAt: at(HOUR), idempotencyKey: 'has spaces' },
      { dueAt: at(HOUR), extra: 1 },
      JSON.parse(`{"dueAt":"${at(HOUR)}","__proto__":{"admin":true}}`),
      [],
    ];
    for (const body of bad) {
      const answer = await schedule(id, body);
      expect({ body, status: answer.status, code: answer.body.error?.code }).toEqual({ body, status: 400, code: 'INVALID_CALL' });
    }
    expect(await stored(id)).toBe(0);
    expect(await eventsOf(orderNo)).toEqual([]);
  });

  it('is refused to those the permission table does not let schedule calls', async () => {
    const { id } = await order();
    expect(await schedule(id, { dueAt: at(HOUR) }, 'crew')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await schedule(id, { dueAt: at(HOUR) }, 'dispatcher')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await stored(id)).toBe(0);
  });
});

describe("the agents' queue", () => {
  it('lists the calls due first, the overdue marked, people by name; filters by due, state, order and who scheduled', async () => {
    await t.db('repair_calls').delete();
    const a = await order();
    const b = await order();
    const overdue = (await schedule(a.id, { dueAt: at(-2 * HOUR), note: '客户要求尽快回电' })).body;
    const dueSoon = (await schedule(b.id, { dueAt: at(-1000) }, 'otherAgent')).body;
    const later = (await schedule(a.id, { dueAt: at(3 * HOUR) })).body;

    const due = await queue({ state: 'scheduled', due: true });
    expect(due.status).toBe(200);
    expect(due.body.map((c: { id: number; overdue: boolean; scheduledByName: string }) => [c.id, c.overdue, c.scheduledByName])).toEqual([
      [overdue.id, true, '陈座席'],
      [dueSoon.id, true, '周座席'],
    ]);
    expect(due.body[0]).toMatchObject({ orderNo: a.orderNo, customerName: '回呼户', contactPhone: '13800004001', note: '客户要求尽快回电' });
    expect((await queue({ due: false })).body.map((c: { id: number }) => c.id)).toEqual([later.id]);
    expect((await queue({ orderNo: b.orderNo })).body.map((c: { id: number }) => c.id)).toEqual([dueSoon.id]);
    expect((await queue({ orderId: a.id }, 'agent', ['dueAt', 'DESC'])).body.map((c: { id: number }) => c.id)).toEqual([later.id, overdue.id]);
    expect((await queue({ mine: true }, 'otherAgent')).body.map((c: { id: number }) => c.id)).toEqual([dueSoon.id]);
    // Dispatchers and auditors follow the queue; crews do not see it.
    expect((await queue({}, 'dispatcher')).body).toHaveLength(3);
    expect((await queue({}, 'auditor')).body).toHaveLength(3);
    expect(await queue({}, 'crew')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    for (const filter of [{ state: 'pending' }, { due: 'soon' }, { who: 1 }]) expect((await queue(filter)).status).toBe(400);
    expect((await queue({}, 'agent', ['customerName', 'ASC'])).status).toBe(400);
  });
});

describe('making or abandoning a call', () => {
  it('makes a call: done, by name, with its event; then it is no longer scheduled', async () => {
    const { id, orderNo } = await order();
    const scheduled = (await schedule(id, { dueAt: at(-HOUR) })).body;
    const made = await execute(scheduled.id, { note: '客户满意' }, 'otherAgent');
    expect(made).toMatchObject({ status: 200, body: { id: scheduled.id, state: 'done', overdue: false, reason: null, handledByName: '周座席', handledAt: expect.any(String), scheduledByName: '陈座席' } });
    expect(await execute(scheduled.id, {})).toMatchObject({ status: 409, body: { error: { code: 'CALL_NOT_SCHEDULED' } } });
    expect(await abandon(scheduled.id, { reason: '重复' })).toMatchObject({ status: 409, body: { error: { code: 'CALL_NOT_SCHEDULED' } } });
    expect((await eventsOf(orderNo)).map((e) => [e.type, e.actor, e.data])).toEqual([
      ['repair.call_scheduled', `user:${people.agent}`, expect.any(Object)],
      ['repair.call_done', `user:${people.otherAgent}`, { callId: scheduled.id, note: '客户满意' }],
    ]);
    expect((await queue({ state: 'scheduled', orderId: id })).body).toEqual([]);
  });

  it('abandons a call with its reason, required', async () => {
    const { id, orderNo } = await order();
    const scheduled = (await schedule(id, { dueAt: at(HOUR) })).body;
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: '无人接听', note: 1 }, JSON.parse('{"reason":"空号","__proto__":{}}')]) {
      const answer = await abandon(scheduled.id, body);
      expect({ body, status: answer.status, code: answer.body.error?.code }).toEqual({ body, status: 400, code: 'INVALID_CALL' });
    }
    expect(await abandon(scheduled.id, { reason: '空\u0000号' })).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT' } } });
    expect(await execute(scheduled.id, { note: '\ud800' })).toMatchObject({ status: 400 });
    expect(await t.db('repair_calls').where({ id: scheduled.id }).first('state', 'reason', 'handled_by_id')).toEqual({ state: 'scheduled', reason: null, handled_by_id: null });

    expect(await abandon(scheduled.id, { reason: ' 客户已销户 ' })).toMatchObject({ status: 200, body: { state: 'abandoned', reason: '客户已销户', handledByName: '陈座席' } });
    expect((await eventsOf(orderNo)).map((e) => [e.type, e.data])).toEqual([
      ['repair.call_scheduled', expect.any(Object)],
      ['repair.call_abandoned', { callId: scheduled.id, reason: '客户已销户' }],
    ]);
    expect((await queue({ state: 'abandoned', orderId: id })).body).toMatchObject([{ id: scheduled.id, reason: '客户已销户' }]);
  });

  it('is for those who may, on calls that exist', async () => {
    const { id } = await order();
    const scheduled = (await schedule(id, { dueAt: at(HOUR) })).body;
    expect(await execute(scheduled.id, {}, 'dispatcher')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await abandon(scheduled.id, { reason: '无人接听' }, 'crew')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await abandon(scheduled.id, { reason: '无人接听' }, 'auditor')).toMatchObject({ status: 403 });
    expect(await execute(999_999, {})).toMatchObject({ status: 404 });
    expect(await t.db('repair_calls').where({ id: scheduled.id }).first('state')).toEqual({ state: 'scheduled' });
  });
});
