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

// Issue 8 bugs 5, 6 and 10: half-done changes, duplicate applications, task-action rules.
const PASSWORD = 'rules-password-1';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
const ids: Record<string, number> = {};
const cookies: Record<string, string> = {};
const customers: Record<string, number> = {};

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  ids.admin = await insertUser(t.db, { username: 'admin', displayName: '管理员', roles: ['admin'], password: PASSWORD });
  ids.designer = await insertUser(t.db, { username: 'designer', displayName: '设计', roles: ['designer'], password: PASSWORD });
  ids.wang = await insertUser(t.db, { username: 'wang', displayName: '王催费', roles: ['collector'], phone: '13622220001', password: PASSWORD });
  ids.li = await insertUser(t.db, { username: 'li', displayName: '李催费', roles: ['collector'], phone: '13622220002', password: PASSWORD });
  ids.zhao = await insertUser(t.db, { username: 'zhao', displayName: '赵执行', roles: ['executor'], phone: '13622220003', password: PASSWORD });
  ids.agent = await insertUser(t.db, { username: 'agent', displayName: '座席', roles: ['agent'], password: PASSWORD });
  ids.approver = await insertUser(t.db, { username: 'approver', displayName: '审批', roles: ['approver'], password: PASSWORD });
  for (const n of [1, 2, 3, 4, 5, 6, 7]) customers[`BR-${n}`] = (await insertCustomer(t.db, { customerNo: `BR-${n}`, segment: { code: 'SEG-BR' }, dueBillsFen: [20000] })).customerId;
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error() {}, warn() {} } }));
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

async function call(who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: cookies[who]!, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const count = async (table: string, where: Record<string, unknown> = {}) => Number((await t.db(table).where(where).count({ n: '*' }))[0]!.n);
const sorted = (statuses: number[]) => [...statuses].sort((a, b) => a - b);

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A manual reconnection task offered to every collector. */
async function collectorTask(n: number): Promise<number> {
  const customer = await insertCustomer(t.db, { customerNo: `BT-${n}`, supplyStatus: 'disconnected', remoteReconnectEligible: false, segment: { code: 'SEG-BT' } });
  const handle = await env.client.workflow.start(reconnectCustomer, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: reconnectionWorkflowId(customer.customerNo),
    args: [{ customerNo: customer.customerNo, trigger: 'sweep' }],
  });
  return until(async () => (await handle.query(reconnectionStatusQuery)).taskId ?? undefined, 'a task');
}

describe('service tokens', () => {
  it('creates nothing for a name that cannot be stored', async () => {
    const res = await call('admin', 'POST', '/api/service_tokens', { name: 'bank-\ud800' });
    // Refused at the edge or by the route: either way, before anything is written.
    expect(res.status).toBe(400);
    expect(await count('service_tokens')).toBe(0);
  });

  it('gives one token to six parallel requests for one name, and its revocation leaves none working', async () => {
    const tries = await Promise.all(Array.from({ length: 6 }, () => call('admin', 'POST', '/api/service_tokens', { name: 'bank-gateway' })));
    expect(sorted(tries.map((r) => r.status))).toEqual([201, 409, 409, 409, 409, 409]);
    expect(tries.filter((r) => r.status === 409).every((r) => r.body.error.code === 'TOKEN_NAME_TAKEN')).toBe(true);
    const created = tries.find((r) => r.status === 201)!.body;
    const live = await t.db('service_tokens').where({ name: 'bank-gateway' }).whereNull('revoked_at');
    expect(live.map((row) => row.id)).toEqual([created.id]);
    expect(await count('events', { type: 'service_token.created' })).toBe(1);

    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await call('admin', 'GET', '/api/customers/by-number/BR-1', undefined, bearer)).status).toBe(200);
    expect((await call('admin', 'DELETE', `/api/service_tokens/${created.id}`)).status).toBe(200);
    expect(await t.db('service_tokens').where({ name: 'bank-gateway' }).whereNull('revoked_at')).toEqual([]);
    expect((await call('admin', 'GET', '/api/customers/by-number/BR-1', undefined, bearer)).status).toBe(401);
  });
});

describe('users', () => {
  it('refuses a user as their own supervisor, or a supervisor who does not exist', async () => {
    const self = await call('admin', 'PUT', `/api/users/${ids.li}`, { supervisorId: ids.li });
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe('INVALID_USER');
    for (const supervisorId of [999_999, 'boss', 1.5, 2 ** 31]) {
      expect((await call('admin', 'PUT', `/api/users/${ids.li}`, { supervisorId })).status).toBe(400);
    }
    expect((await t.db('users').where({ id: ids.li }).first()).supervisor_id).toBeNull();
    expect(await count('events', { type: 'user.updated' })).toBe(0);
    expect((await call('admin', 'PUT', `/api/users/${ids.li}`, { supervisorId: ids.wang })).body.supervisorId).toBe(ids.wang);
    // Nor their supervisor's supervisor: an escalation would go round in a circle.
    expect((await call('admin', 'PUT', `/api/users/${ids.wang}`, { supervisorId: ids.zhao })).status).toBe(200);
    const circle = await call('admin', 'PUT', `/api/users/${ids.zhao}`, { supervisorId: ids.li });
    expect(circle.status).toBe(400);
    expect(circle.body.error.message).toContain('circle');
    expect((await t.db('users').where({ id: ids.zhao }).first()).supervisor_id).toBeNull();
  });

  it('answers parallel creations of one username with one 201 and 409s', async () => {
    const body = { username: 'twin', displayName: '双胞胎', roles: ['agent'], password: PASSWORD };
    const tries = await Promise.all(Array.from({ length: 5 }, () => call('admin', 'POST', '/api/users', body)));
    expect(sorted(tries.map((r) => r.status))).toEqual([201, 409, 409, 409, 409]);
    expect(await count('events', { type: 'user.created' })).toBe(1);
  });
});

describe('task actions', () => {
  it('delegates only to someone the task is offered to, changing nothing otherwise', async () => {
    const taskId = await collectorTask(1);
    await call('wang', 'POST', `/api/tasks/${taskId}/claim`);
    const refused = await call('wang', 'POST', `/api/tasks/${taskId}/delegate`, { userId: ids.zhao });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('NOT_A_CANDIDATE');
    expect((await t.db('tasks').where({ id: taskId }).first()).assignee_id).toBe(ids.wang);
    expect(await count('events', { task_id: taskId, type: 'task.delegated' })).toBe(0);
    for (const userId of ['abc', 2 ** 31, 1.5, -1]) {
      expect((await call('wang', 'POST', `/api/tasks/${taskId}/delegate`, { userId })).body.error.code).toBe('UNKNOWN_USER');
    }
    const delegated = await call('wang', 'POST', `/api/tasks/${taskId}/delegate`, { userId: ids.li });
    expect(delegated.body).toMatchObject({ assigneeId: ids.li, actingForId: ids.wang });
  });

  it('counts no urge that failed', async () => {
    const taskId = await collectorTask(2);
    await call('wang', 'POST', `/api/tasks/${taskId}/claim`);
    const failed = await call('agent', 'POST', `/api/tasks/${taskId}/urge`, { reason: 'x\ud800y' });
    expect(failed.status).toBe(400);
    expect((await t.db('tasks').where({ id: taskId }).first()).urge_count).toBe(0);
    expect(await count('events', { task_id: taskId, type: 'task.urged' })).toBe(0);
  });

  it('texts the handler once per interval however often they are urged, counting every urge', async () => {
    const taskId = await collectorTask(3);
    await call('wang', 'POST', `/api/tasks/${taskId}/claim`);
    const urges = await Promise.all(Array.from({ length: 8 }, () => call('agent', 'POST', `/api/tasks/${taskId}/urge`, { reason: '客户又来电' })));
    expect(urges.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect((await t.db('tasks').where({ id: taskId }).first()).urge_count).toBe(8);
    expect(await count('events', { task_id: taskId, type: 'task.urged' })).toBe(8);
    const texts = () => t.db('outbox').where({ purpose: 'task-urged', recipient: '13622220001' }).whereLike('idempotency_key', `sms:urge:${taskId}:%`);
    expect(await texts()).toHaveLength(1);

    // The interval is a setting: with none, every urge texts again.
    const setting = await call('designer', 'PUT', '/api/settings/tasks', { value: { urgeSmsIntervalMinutes: 0 } });
    expect(setting.status).toBe(200);
    expect((await call('agent', 'POST', `/api/tasks/${taskId}/urge`)).body.urgeCount).toBe(9);
    expect(await texts()).toHaveLength(2);
    expect((await call('designer', 'PUT', '/api/settings/tasks', { value: { urgeSmsIntervalMinutes: -1 } })).status).toBe(400);
  });
});

describe('disconnection applications', () => {
  const apply = (body: Record<string, unknown>, key?: string, who = 'wang') => call(who, 'POST', '/api/disconnections', body, key ? { 'idempotency-key': key } : {});
  const casesOf = (workflowId: string) => count('cases', { workflow_id: workflowId });

  it('answers the same key with the first case, and a different body under it with 409', async () => {
    const body = { reason: '欠费两月', customerIds: [customers['BR-1']] };
    const first = await apply(body, 'form-1');
    expect(first.status).toBe(201);
    const again = await apply(body, 'form-1');
    expect(again).toMatchObject({ status: 200, body: { workflowId: first.body.workflowId, customers: 1 } });
    // The key may come in the body too.
    expect((await apply({ ...body, idempotencyKey: 'form-1' })).body.workflowId).toBe(first.body.workflowId);
    const other = await apply({ ...body, reason: '另一个理由' }, 'form-1');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    await until(async () => ((await casesOf(first.body.workflowId)) ? true : undefined), 'the case');
    await until(async () => (await t.db('tasks').where({ workflow_id: first.body.workflowId }).first()) ?? undefined, 'the approval task');
    expect(await count('cases', { type: 'disconnection' })).toBe(1);
    expect(await count('tasks', { workflow_id: first.body.workflowId })).toBe(1);
  });

  it('starts one case for parallel submissions of one key', async () => {
    const body = { reason: '欠费', customerIds: [customers['BR-2'], customers['BR-3']] };
    const tries = await Promise.all(Array.from({ length: 5 }, () => apply(body, 'form-2')));
    expect(sorted(tries.map((r) => r.status))).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(tries.map((r) => r.body.workflowId)).size).toBe(1);
    const workflowId = tries[0]!.body.workflowId;
    await until(async () => (await t.db('tasks').where({ workflow_id: workflowId }).first()) ?? undefined, 'the approval task');
    expect(await count('cases', { type: 'disconnection' })).toBe(2);
    expect(await count('tasks', { workflow_id: workflowId })).toBe(1);
  });

  it('refuses a customer already in an open case, naming them, and lets one of two overlapping applications through', async () => {
    const again = await apply({ reason: '欠费', customerIds: [customers['BR-4'], customers['BR-1']] });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CUSTOMER_IN_OPEN_CASE', details: { customerNos: ['BR-1'] } });
    const byFilter = await apply({ reason: '欠费', filter: { arrearsAbove: 0, segmentCode: 'SEG-BR' } });
    expect(byFilter.body.error).toMatchObject({ code: 'CUSTOMER_IN_OPEN_CASE', details: { customerNos: ['BR-1', 'BR-2', 'BR-3'] } });

    const overlapping = await Promise.all([
      apply({ reason: '欠费', customerIds: [customers['BR-4'], customers['BR-5']] }, 'wang-a'),
      apply({ reason: '欠费', customerIds: [customers['BR-6'], customers['BR-5']] }, 'li-b', 'li'),
    ]);
    expect(sorted(overlapping.map((r) => r.status))).toEqual([201, 409]);
    expect(overlapping.find((r) => r.status === 409)!.body.error.details.customerNos).toEqual(['BR-5']);
    expect(await count('disconnection_applications')).toBe(3);
  });

  it('lets a customer be applied for again once their case has ended', async () => {
    const first = await apply({ reason: '欠费', customerIds: [customers['BR-7']] }, 'form-7');
    const task = await until(async () => (await t.db('tasks').where({ workflow_id: first.body.workflowId, state: 'open' }).first()) ?? undefined, 'the approval task');
    expect((await apply({ reason: '欠费', customerIds: [customers['BR-7']] })).status).toBe(409);
    const rejected = await call('approver', 'POST', `/api/tasks/${task.id}/complete`, { result: { decision: 'reject', opinion: '再等等' } });
    expect(rejected.status).toBe(200);
    await env.client.workflow.getHandle(first.body.workflowId).result();
    expect((await apply({ reason: '仍欠费', customerIds: [customers['BR-7']] })).status).toBe(201);
  });
});
