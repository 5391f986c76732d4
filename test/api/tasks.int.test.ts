import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { createApp } from '../../api/app';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { reconnectionWorkflowId } from '../../workflows/reconnection/ids';
import { reconnectCustomer, reconnectionStatusQuery } from '../../workflows/reconnection/workflow';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { createTestDatabase, TestDatabase } from '../support/database';
import { RunningGridflow, startGridflow } from '../support/gridflow';
import { listen, sessionCookie } from '../support/http';
import { createTimeSkippingEnv } from '../support/temporal';

// What people do with tasks through the API, on the collector's on-site reconnection task.
const PASSWORD = 'tasks-password-1';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
const ids: Record<string, number> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  ids.wang = await insertUser(t.db, { username: 'wang', displayName: '王催费', roles: ['collector'], phone: '13611110001', password: PASSWORD });
  ids.li = await insertUser(t.db, { username: 'li', displayName: '李催费', roles: ['collector'], phone: '13611110002', password: PASSWORD });
  ids.zhao = await insertUser(t.db, { username: 'zhao', displayName: '赵执行', roles: ['executor'], password: PASSWORD });
  ids.agent = await insertUser(t.db, { username: 'agent', displayName: '座席小周', roles: ['agent'], password: PASSWORD });
  ids.dispatcher = await insertUser(t.db, { username: 'dispatcher', displayName: '派单员', roles: ['dispatcher'], password: PASSWORD });
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of Object.keys(ids)) {
    cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
  }
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

async function call(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: cookies[who]! },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** A manual reconnection task offered to every collector (the segment has no collector account). */
async function collectorTask(n: number) {
  const customer = await insertCustomer(t.db, { customerNo: `T-${n}`, name: `客户${n}`, supplyStatus: 'disconnected', remoteReconnectEligible: false, segment: { code: 'SEG-T' } });
  const handle = await env.client.workflow.start(reconnectCustomer, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: reconnectionWorkflowId(customer.customerNo),
    args: [{ customerNo: customer.customerNo, trigger: 'sweep' }],
  });
  for (let i = 0; i < 400; i++) {
    const { taskId } = await handle.query(reconnectionStatusQuery);
    if (taskId) return { handle, taskId, customer };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no task');
}

const now = async () => new Date(await env.currentTimeMs()).toISOString();

describe('tasks API', () => {
  it('lists the inbox with simple-rest paging, filters and Content-Range, scoped to the person', async () => {
    const { taskId } = await collectorTask(1);
    const inbox = await call('wang', 'GET', `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ state: 'open', q: 'T-1' }))}&range=[0,9]&sort=["dueAt","ASC"]`);
    expect(inbox.status).toBe(200);
    expect(inbox.headers.get('content-range')).toBe('tasks 0-0/1');
    expect(inbox.body[0]).toMatchObject({ id: taskId, step: 'manual-reconnection', customerNo: 'T-1', candidateRoles: ['collector'], state: 'open', assigneeId: null });

    // An executor is not offered collectors' tasks; a dispatcher sees everything.
    expect((await call('zhao', 'GET', '/api/tasks')).body).toEqual([]);
    expect((await call('zhao', 'GET', `/api/tasks/${taskId}`)).status).toBe(404);
    expect((await call('dispatcher', 'GET', '/api/tasks')).body.map((task: any) => task.id)).toContain(taskId);

    const bad = await call('wang', 'GET', `/api/tasks?filter=${encodeURIComponent('{"secret":1}')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('unknown filter(s) secret');
    expect((await call('wang', 'GET', '/api/tasks?sort=["password","ASC"]')).status).toBe(400);
    expect((await call('wang', 'GET', '/api/tasks?range=[0,100000]')).status).toBe(400);
  });

  it('claims once, refuses a second claimer, releases, and completes through the workflow', async () => {
    const { handle, taskId, customer } = await collectorTask(2);
    expect((await call('zhao', 'POST', `/api/tasks/${taskId}/claim`)).status).toBe(404);
    const claimed = await call('wang', 'POST', `/api/tasks/${taskId}/claim`);
    expect(claimed.body).toMatchObject({ assigneeId: ids.wang, assigneeName: '王催费' });
    const second = await call('li', 'POST', `/api/tasks/${taskId}/claim`);
    expect(second.status).toBe(404); // taken tasks leave other people's inboxes
    expect((await call('li', 'POST', `/api/tasks/${taskId}/release`)).status).toBe(404);

    const future = new Date((await env.currentTimeMs()) + 3_600_000).toISOString();
    const refused = await call('wang', 'POST', `/api/tasks/${taskId}/complete`, { result: { reconnectedAt: future } });
    expect(refused.status).toBe(400);
    // The form's own code and parameters, so the back office says why in the reader's language.
    expect(refused.body.error).toMatchObject({ code: 'INVALID_RESULT', message: expect.stringContaining('future'), details: { reason: 'TIME_IN_FUTURE', params: { field: 'reconnectedAt' } } });

    const done = await call('wang', 'POST', `/api/tasks/${taskId}/complete`, { result: { reconnectedAt: await now(), note: '现场合闸' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'completed', completedById: ids.wang, completedByName: '王催费' });
    await expect(handle.result()).resolves.toMatchObject({ outcome: 'reconnected-on-site', completedById: ids.wang });
    expect((await t.db('customers').where({ id: customer.customerId }).first()).supply_status).toBe('connected');
    expect((await call('wang', 'POST', `/api/tasks/${taskId}/complete`, { result: { reconnectedAt: await now() } })).status).toBe(409);

    const handled = await call('wang', 'GET', `/api/tasks?filter=${encodeURIComponent('{"handledByMe":true}')}`);
    expect(handled.body.map((task: any) => task.id)).toContain(taskId);
  });

  it('records delegation as acting for the holder', async () => {
    const { handle, taskId } = await collectorTask(3);
    await call('wang', 'POST', `/api/tasks/${taskId}/claim`);
    // Only someone the task is offered to may receive it (test/api/business-rules.int.test.ts).
    const delegated = await call('wang', 'POST', `/api/tasks/${taskId}/delegate`, { userId: ids.li });
    expect(delegated.body).toMatchObject({ assigneeId: ids.li, actingForId: ids.wang, actingForName: '王催费' });
    const done = await call('li', 'POST', `/api/tasks/${taskId}/complete`, { result: { reconnectedAt: await now() } });
    expect(done.status).toBe(200);
    await handle.result();
    const completedEvent = await t.db('events').where({ task_id: taskId, type: 'task.completed' }).first();
    expect(completedEvent.data).toMatchObject({ actingFor: ids.wang });
  });

  it('appends notes and urges the current handler by SMS, counting each urge', async () => {
    const { taskId } = await collectorTask(4);
    expect((await call('agent', 'POST', `/api/tasks/${taskId}/urge`)).body.error.code).toBe('NOBODY_TO_URGE');
    await call('wang', 'POST', `/api/tasks/${taskId}/claim`);
    const urged = await call('agent', 'POST', `/api/tasks/${taskId}/urge`, { reason: '客户第二次来电' });
    expect(urged.body.urgeCount).toBe(1);
    expect((await call('agent', 'POST', `/api/tasks/${taskId}/urge`)).body.urgeCount).toBe(2);
    const sms = await t.db('outbox').where({ purpose: 'task-urged' }).orderBy('id');
    // The second urge is counted but not texted: once per handler per interval (the tasks setting).
    expect(sms.map((m) => m.recipient)).toEqual(['13611110001']);
    expect(sms[0].body).toContain('客户第二次来电');

    expect((await call('agent', 'POST', `/api/tasks/${taskId}/notes`, { text: '' })).status).toBe(400);
    expect((await call('wang', 'POST', `/api/tasks/${taskId}/notes`, { text: '客户不在家，明早再去' })).status).toBe(201);
    const caseId = (await t.db('tasks').where({ id: taskId }).first()).case_id;
    const story = await call('wang', 'GET', `/api/cases/${caseId}`);
    const types = story.body.timeline.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(['case.step', 'work_order.opened', 'task.created', 'task.claimed', 'task.urged', 'task.note', 'message.sent']));
    expect(story.body.timeline.find((e: any) => e.type === 'task.note').data).toMatchObject({ text: '客户不在家，明早再去', by: '王催费' });
  });

  it('lets a dispatcher assign only to someone who may do the step', async () => {
    const { taskId } = await collectorTask(5);
    const wrong = await call('dispatcher', 'POST', `/api/tasks/${taskId}/assign`, { userId: ids.zhao });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('NOT_A_CANDIDATE');
    const right = await call('dispatcher', 'POST', `/api/tasks/${taskId}/assign`, { userId: ids.li, reason: '李熟悉该片区' });
    expect(right.body).toMatchObject({ assigneeId: ids.li });
    // Open ones: li also completed the task delegated to them above.
    expect((await call('li', 'GET', `/api/tasks?filter=${encodeURIComponent('{"assignedToMe":true,"state":"open"}')}`)).body.map((task: any) => task.id)).toEqual([taskId]);
  });

  it('answers the dashboard from the person\'s own inbox', async () => {
    const board = await call('li', 'GET', '/api/dashboard');
    expect(board.status).toBe(200);
    // A collector reads no reports: their queue only (api/dashboard.int.test.ts checks every figure).
    expect(board.body).toEqual({ queue: expect.objectContaining({ scope: 'mine', open: expect.any(Number), overdue: expect.any(Number), dueToday: expect.any(Number) }), office: null });
    expect(board.body.queue.open).toBeGreaterThanOrEqual(1);
  });
});

describe('sessions', () => {
  const login = (username: string, password: string) =>
    fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  it('sets an httpOnly, SameSite=Strict cookie and ends it on logout', async () => {
    const res = await login('li', PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ username: 'li', displayName: '李催费', roles: ['collector'] });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = cookie.split(';')[0]!;
    const me = await fetch(`${api.baseUrl}/api/auth/me`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    await fetch(`${api.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie: session } });
    expect((await fetch(`${api.baseUrl}/api/auth/me`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('refuses wrong passwords alike for known and unknown users, then rate-limits', async () => {
    const wrong = await login('wang', 'not the password');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error.code).toBe('BAD_CREDENTIALS');
    expect((await login('nobody', 'not the password')).status).toBe(401);
    for (let i = 0; i < 4; i++) await login('wang', 'not the password');
    const limited = await login('wang', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // Other people are not locked out by wang's mistakes.
    expect((await login('li', PASSWORD)).status).toBe(200);
  });
});
