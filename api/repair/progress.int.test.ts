import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import type { Role } from '../../domain/permissions';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow } from '../../test/support/gridflow';
import { contractClient, listen, sessionCookie } from '../../test/support/http';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { completeTaskUpdate } from '../../workflows/human/wait-for-person';
import { repairWorkflowId } from '../../workflows/repair/ids';
import { createApp } from '../app';
import { openTaskOf } from '../../test/support/tasks';

// The crew's progress on an order as it happens: left, arrived (the SLA's arrival stage), steps.
const PASSWORD = 'progress-password-1';
let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
const cookies: Record<'agent' | 'crew' | 'otherCrew', string> = { agent: '', crew: '', otherCrew: '' };
const people = { agent: 0, dispatcher: 0, crew: 0, otherCrew: 0 };
const call = contractClient(() => api.baseUrl);

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  people.agent = await insertUser(t.db, { username: 'agent', displayName: '陈座席', roles: ['agent'], password: PASSWORD });
  people.dispatcher = await insertUser(t.db, { username: 'dispatcher', roles: ['dispatcher'], password: PASSWORD });
  people.crew = await insertUser(t.db, { username: 'crew', displayName: '李维修', roles: ['crew'], password: PASSWORD });
  people.otherCrew = await insertUser(t.db, { username: 'other-crew', displayName: '王维修', roles: ['crew'], password: PASSWORD });
  await insertCustomer(t.db, { customerNo: 'RP-1', name: '独户', phone: '13800003001' });
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  cookies.agent = await sessionCookie(api.baseUrl, 'agent', PASSWORD);
  cookies.crew = await sessionCookie(api.baseUrl, 'crew', PASSWORD);
  cookies.otherCrew = await sessionCookie(api.baseUrl, 'other-crew', PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

const openTask = (workflowId: string, step: string) => openTaskOf(t.db, workflowId, step);

async function complete(orderNo: string, step: string, userId: number, role: Role, result: object) {
  const handle = env.client.workflow.getHandle(repairWorkflowId(orderNo));
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: await openTask(handle.workflowId, step), by: { userId, roles: [role] }, result }] });
}

async function newOrder(): Promise<{ id: number; orderNo: string }> {
  const { status, body } = await call('post', '/api/repair_orders', '/api/repair_orders', { cookie: cookies.agent }, { callerPhone: '13800003001', category: 'meter-box', description: '表箱冒烟', place: '幸福路 1 号', contactPhone: '13800003001' });
  expect(status).toBe(201);
  return body;
}

const progress = (orderId: number, who: keyof typeof cookies, body: unknown) => call('post', '/api/repair_orders/{id}/progress', `/api/repair_orders/${orderId}/progress`, { cookie: cookies[who] }, body);
const stored = async (orderId: number) => Number((await t.db('repair_progress').where({ order_id: orderId }).count('* as n').first())!.n);

describe("the crew member's progress on a repair order", () => {
  it('is recorded only once the order is accepted, and only by the crew member who has it', async () => {
    const order = await newOrder();
    await complete(order.orderNo, 'repair-dispatch', people.dispatcher, 'dispatcher', { crewUserId: people.crew });
    await openTask(repairWorkflowId(order.orderNo), 'repair-accept');

    expect(await progress(order.id, 'crew', { kind: 'departed' })).toMatchObject({ status: 409, body: { error: { code: 'NOT_ACCEPTED' } } });
    expect(await progress(order.id, 'otherCrew', { kind: 'departed' })).toMatchObject({ status: 403, body: { error: { code: 'NOT_YOUR_ORDER' } } });
    // Agents take calls in; they do not report work.
    expect(await progress(order.id, 'agent', { kind: 'departed' })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await progress(999_999, 'crew', { kind: 'departed' })).toMatchObject({ status: 404 });
    expect(await stored(order.id)).toBe(0);
  });

  it('records leaving, arriving and the steps in between; the arrival moves the SLA on to the fix', async () => {
    const order = await newOrder();
    await complete(order.orderNo, 'repair-dispatch', people.dispatcher, 'dispatcher', { crewUserId: people.crew });
    await complete(order.orderNo, 'repair-accept', people.crew, 'crew', { decision: 'accept' });
    await openTask(repairWorkflowId(order.orderNo), 'repair-work');
    const before = await call('get', '/api/repair_orders/{id}', `/api/repair_orders/${order.id}`, { cookie: cookies.crew });
    expect(before.body).toMatchObject({ slaStage: 'arrival', arrivedAt: null, progress: [] });

    expect(await progress(order.id, 'crew', { kind: 'departed' })).toMatchObject({ status: 201, body: { kind: 'departed', loop: 0, text: null, byName: '李维修' } });
    // A double tap records nothing twice.
    expect(await progress(order.id, 'crew', { kind: 'departed' })).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_DEPARTED' } } });
    expect(await progress(order.id, 'crew', { kind: 'arrived' })).toMatchObject({ status: 201, body: { kind: 'arrived' } });
    expect(await progress(order.id, 'crew', { kind: 'arrived' })).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_ARRIVED' } } });
    expect(await progress(order.id, 'crew', { kind: 'step', text: '  拆下旧表箱门锁 ' })).toMatchObject({ status: 201, body: { kind: 'step', text: '拆下旧表箱门锁' } });

    const after = await call('get', '/api/repair_orders/{id}', `/api/repair_orders/${order.id}`, { cookie: cookies.agent });
    expect(after.body).toMatchObject({ slaStage: 'fix', arrivedAt: expect.any(String) });
    expect(after.body.progress.map((p: { kind: string; byName: string }) => [p.kind, p.byName])).toEqual([
      ['departed', '李维修'],
      ['arrived', '李维修'],
      ['step', '李维修'],
    ]);
    const events = await t.db('events').where({ order_no: order.orderNo }).whereIn('type', ['repair.crew_departed', 'repair.crew_arrived', 'repair.step_recorded']).orderBy('id').select('type', 'actor');
    expect(events).toEqual([
      { type: 'repair.crew_departed', actor: `user:${people.crew}` },
      { type: 'repair.crew_arrived', actor: `user:${people.crew}` },
      { type: 'repair.step_recorded', actor: `user:${people.crew}` },
    ]);
  });

  it('refuses what cannot be stored or read, and stores nothing', async () => {
    const order = await newOrder();
    await complete(order.orderNo, 'repair-dispatch', people.dispatcher, 'dispatcher', { crewUserId: people.crew });
    await complete(order.orderNo, 'repair-accept', people.crew, 'crew', { decision: 'accept' });
    // Text PostgreSQL cannot hold is refused before anything reads it.
    for (const text of ['拆\u0000锁', '\ud800']) {
      expect(await progress(order.id, 'crew', { kind: 'step', text })).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT' } } });
    }
    for (const body of [{ kind: 'step', text: '   ' }, { kind: 'step', text: 'x'.repeat(501) }, { kind: 'step' }, { kind: 'teleported' }, { kind: 'arrived', text: '到了' }, { kind: '__proto__' }, []]) {
      const answer = await progress(order.id, 'crew', body);
      expect({ body, status: answer.status, code: answer.body.error?.code }).toEqual({ body, status: 400, code: 'INVALID_PROGRESS' });
    }
    expect(await stored(order.id)).toBe(0);
  });

  it('is closed to an order that is closed', async () => {
    const order = await newOrder();
    await complete(order.orderNo, 'repair-dispatch', people.dispatcher, 'dispatcher', { crewUserId: people.crew });
    await complete(order.orderNo, 'repair-accept', people.crew, 'crew', { decision: 'accept' });
    await complete(order.orderNo, 'repair-work', people.crew, 'crew', { report: '已修复', parts: [] });
    await complete(order.orderNo, 'repair-close', people.dispatcher, 'dispatcher', {});
    await openTask(repairWorkflowId(order.orderNo), 'repair-callback');
    expect(await progress(order.id, 'crew', { kind: 'step', text: '补拍照片' })).toMatchObject({ status: 409, body: { error: { code: 'ORDER_NOT_OPEN' } } });
    expect(await stored(order.id)).toBe(0);

    // A callback rejection sends the crew out again: a new round, with its own departure.
    await complete(order.orderNo, 'repair-callback', people.agent, 'agent', { outcome: 'reject', reason: '仍然冒烟' });
    await openTask(repairWorkflowId(order.orderNo), 'repair-work');
    expect(await progress(order.id, 'crew', { kind: 'departed' })).toMatchObject({ status: 201, body: { kind: 'departed', loop: 1 } });
  });
});
