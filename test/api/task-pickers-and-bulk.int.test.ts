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

// Issue 11: who may take a task (people pickers), and one action on many tasks at once.
const PASSWORD = 'pickers-password-1';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
const ids: Record<string, number> = {};
const cookies: Record<string, string> = {};
/** Manual reconnection tasks, offered to every collector. */
const tasks: number[] = [];

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  ids.wang = await insertUser(t.db, { username: 'wang', displayName: '王催费', roles: ['collector'], password: PASSWORD });
  ids.li = await insertUser(t.db, { username: 'li', displayName: '李催费', roles: ['collector'], password: PASSWORD });
  ids.lead = await insertUser(t.db, { username: 'lead', displayName: '组长', roles: ['collector', 'dispatcher'], password: PASSWORD });
  ids.boss = await insertUser(t.db, { username: 'boss', displayName: '赵科长', roles: ['collector', 'approver'], password: PASSWORD });
  ids.approver = await insertUser(t.db, { username: 'approver', displayName: '审批员', roles: ['approver'], password: PASSWORD });
  ids.zhao = await insertUser(t.db, { username: 'zhao', displayName: '赵执行', roles: ['executor'], password: PASSWORD });
  ids.designer = await insertUser(t.db, { username: 'designer', displayName: '设计员', roles: ['designer'], password: PASSWORD });
  const gone = await insertUser(t.db, { username: 'gone', displayName: '离职催费', roles: ['collector'], password: PASSWORD });
  await t.db('users').where({ id: gone }).update({ active: false });
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of Object.keys(ids)) cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
  for (const n of [1, 2, 3, 4, 5]) tasks.push(await collectorTask(n));
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

async function call(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', cookie: cookies[who]! }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function collectorTask(n: number): Promise<number> {
  const customer = await insertCustomer(t.db, { customerNo: `TP-${n}`, supplyStatus: 'disconnected', remoteReconnectEligible: false, segment: { code: 'SEG-TP' } });
  const handle = await env.client.workflow.start(reconnectCustomer, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: reconnectionWorkflowId(customer.customerNo),
    args: [{ customerNo: customer.customerNo, trigger: 'sweep' }],
  });
  return until(async () => (await handle.query(reconnectionStatusQuery)).taskId ?? undefined, 'a task');
}

const candidates = (who: string, taskId: number, query: string) => call(who, 'GET', `/api/tasks/${taskId}/candidates?${query}`);
const taskEvents = async () => Number((await t.db('events').whereLike('type', 'task.%').count({ n: '*' }))[0]!.n);

describe('who may take a task', () => {
  beforeAll(async () => {
    // Load: wang holds two (one overdue), li one.
    const [, held1, held2, held3] = tasks;
    expect((await call('wang', 'POST', `/api/tasks/${held1}/claim`)).status).toBe(200);
    expect((await call('wang', 'POST', `/api/tasks/${held2}/claim`)).status).toBe(200);
    expect((await call('li', 'POST', `/api/tasks/${held3}/claim`)).status).toBe(200);
    await t.db('tasks').where({ id: held2 }).update({ due_at: new Date(Date.now() - 60_000) });
  });

  it('names only the active people the task is offered to, least loaded first', async () => {
    const res = await candidates('lead', tasks[0]!, 'purpose=assign');
    expect(res.status).toBe(200);
    // Not the executor, the approver, the designer, nor the collector who has left.
    const people = res.body.data;
    expect(new Set(people.slice(0, 2).map((p: any) => p.id))).toEqual(new Set([ids.lead, ids.boss]));
    expect(people.slice(2)).toEqual([
      { id: ids.li, displayName: '李催费', roles: ['collector'], openTasks: 1, overdueTasks: 0 },
      { id: ids.wang, displayName: '王催费', roles: ['collector'], openTasks: 2, overdueTasks: 1 },
    ]);
    expect(people.find((p: any) => p.id === ids.boss)).toEqual({ id: ids.boss, displayName: '赵科长', roles: ['collector', 'approver'], openTasks: 0, overdueTasks: 0 });

    // A part of the display name or the username, taken literally.
    expect((await candidates('lead', tasks[0]!, `purpose=assign&q=${encodeURIComponent('李')}`)).body.data.map((p: any) => p.id)).toEqual([ids.li]);
    expect((await candidates('lead', tasks[0]!, 'purpose=assign&q=WAN')).body.data.map((p: any) => p.id)).toEqual([ids.wang]);
    expect((await candidates('lead', tasks[0]!, 'purpose=assign&q=%25')).body.data).toEqual([]);
    expect((await candidates('lead', tasks[0]!, 'purpose=assign&q=_')).body.data).toEqual([]);
    expect((await candidates('lead', tasks[0]!, 'purpose=assign&limit=1')).body.data).toHaveLength(1);
    for (const query of ['', 'purpose=steal', 'purpose=assign&limit=0', 'purpose=assign&limit=51', 'purpose=assign&limit=x', 'purpose=assign&sort=name']) {
      expect({ query, status: (await candidates('lead', tasks[0]!, query)).status }).toEqual({ query, status: 400 });
    }
  });

  it('lets the holder delegate only to others who may take it, and refuses everyone else', async () => {
    const held = tasks[1]!;
    const res = await candidates('wang', held, 'purpose=delegate');
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: any) => p.id).sort()).toEqual([ids.li, ids.lead, ids.boss].sort());

    // Without the permission for the purpose: collectors do not assign, designers do neither.
    expect((await candidates('wang', held, 'purpose=assign')).body.error.code).toBe('FORBIDDEN');
    expect((await candidates('designer', held, 'purpose=delegate')).status).toBe(403);
    // Not in their view: nothing about it, nor its people.
    expect((await candidates('zhao', held, 'purpose=delegate')).status).toBe(404);
    expect((await candidates('li', held, 'purpose=delegate')).status).toBe(404);
    // Offered to li but not held by them: claim before delegating.
    expect((await candidates('li', tasks[0]!, 'purpose=delegate')).body.error.code).toBe('NOT_YOURS');
  });
});

describe('one action on many tasks', () => {
  it('claims each task it can, and says why not for the one taken', async () => {
    const [first, , , heldByLi, last] = tasks as [number, number, number, number, number];
    const res = await call('lead', 'POST', '/api/tasks/bulk', { action: 'claim', taskIds: [first, heldByLi, last] });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { taskId: first, ok: true },
      { taskId: heldByLi, ok: false, status: 409, code: 'TASK_TAKEN', message: expect.stringContaining('李催费') },
      { taskId: last, ok: true },
    ]);
    const holders = await t.db('tasks').whereIn('id', [first, heldByLi, last]).orderBy('id').pluck('assignee_id');
    expect(holders).toEqual([ids.lead, ids.li, ids.lead]);

    const assigned = await call('lead', 'POST', '/api/tasks/bulk', { action: 'assign', taskIds: [last], userId: ids.li, reason: '李熟悉该片区' });
    expect(assigned.body.results).toEqual([{ taskId: last, ok: true }]);
    expect((await t.db('events').where({ task_id: last, type: 'task.assigned' }).first()).data).toMatchObject({ to: ids.li, reason: '李熟悉该片区' });
    const released = await call('lead', 'POST', '/api/tasks/bulk', { action: 'release', taskIds: [first] });
    expect(released.body.results).toEqual([{ taskId: first, ok: true }]);
  });

  it('completes approvals with one form, refusing the approver\'s own application and a task of another step', async () => {
    const apply = async (who: string, n: number) => {
      const { customerId } = await insertCustomer(t.db, { customerNo: `DA-${n}`, segment: { code: 'SEG-DA' }, dueBillsFen: [50000] });
      const applied = await call(who, 'POST', '/api/disconnections', { reason: '欠费', customerIds: [customerId] });
      expect(applied.status).toBe(201);
      const workflowId: string = applied.body.workflowId;
      const task = await until<{ id: string | number }>(async () => (await t.db('tasks').where({ workflow_id: workflowId, step: 'disconnection-approval' }).first('id')) ?? undefined, 'the approval task');
      return { workflowId, taskId: Number(task.id) };
    };
    const a = await apply('wang', 1);
    const own = await apply('boss', 2);
    const c = await apply('wang', 3);
    // A collector never learns who may approve.
    expect((await candidates('wang', a.taskId, 'purpose=delegate')).status).toBe(404);
    // The applicant is never offered their own application, though their roles would fit; nor handed it.
    const offered = (await candidates('lead', own.taskId, 'purpose=assign')).body.data.map((p: any) => p.id);
    expect(offered).toEqual(expect.arrayContaining([ids.approver]));
    expect(offered).not.toContain(ids.boss);
    expect((await candidates('lead', a.taskId, 'purpose=assign')).body.data.map((p: any) => p.id)).toEqual(expect.arrayContaining([ids.boss, ids.approver]));
    const handed = await call('lead', 'POST', `/api/tasks/${own.taskId}/assign`, { userId: ids.boss });
    expect([handed.status, handed.body.error.code]).toEqual([400, 'NOT_A_CANDIDATE']);

    const otherStep = tasks[0]!;
    const res = await call('boss', 'POST', '/api/tasks/bulk', { action: 'complete', taskIds: [a.taskId, own.taskId, otherStep, c.taskId], result: { decision: 'approve', opinion: '同意' } });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { taskId: a.taskId, ok: true },
      { taskId: own.taskId, ok: false, status: 403, code: 'NOT_ALLOWED', reason: 'OWN_APPLICATION', message: expect.stringContaining('own') },
      { taskId: otherStep, ok: false, status: 400, code: 'DIFFERENT_STEP', message: expect.any(String), params: { step: 'manual-reconnection', expectedStep: 'disconnection-approval' } },
      { taskId: c.taskId, ok: true },
    ]);
    const stateOf = async (taskId: number) => (await t.db('tasks').where({ id: taskId }).first('state')).state;
    expect(await Promise.all([a.taskId, own.taskId, otherStep, c.taskId].map(stateOf))).toEqual(['completed', 'open', 'open', 'completed']);
    // The approved cases went on to the pre-notice; the refused one still waits for approval.
    const stepOf = async (workflowId: string) => (await t.db('cases').where({ workflow_id: workflowId }).first('current_step')).current_step;
    for (const workflowId of [a.workflowId, c.workflowId]) await until(async () => ((await stepOf(workflowId)) !== 'approval-1' ? true : undefined), 'the case to move on');
    expect(await stepOf(own.workflowId)).toBe('approval-1');
    expect(await t.db('events').where({ type: 'task.completed' }).whereIn('task_id', [a.taskId, c.taskId]).pluck('task_id')).toHaveLength(2);
  });

  it('refuses bad bodies whole, storing nothing', async () => {
    const before = { events: await taskEvents(), holders: await t.db('tasks').orderBy('id').pluck('assignee_id') };
    const open = tasks[0]!;
    const bodies: Array<[string, unknown]> = [
      ['101 tasks', { action: 'claim', taskIds: Array.from({ length: 101 }, (_, i) => i + 1) }],
      ['no tasks', { action: 'claim', taskIds: [] }],
      ['a task twice', { action: 'claim', taskIds: [open, open] }],
      ['an unknown action', { action: 'steal', taskIds: [open] }],
      ['an id that is no id', { action: 'claim', taskIds: [open, 'x'] }],
      ['assign to nobody', { action: 'assign', taskIds: [open] }],
      ['a NUL in the reason', { action: 'assign', taskIds: [open], userId: ids.li, reason: 'a\u0000b' }],
      ['complete without a result', { action: 'complete', taskIds: [open] }],
    ];
    for (const [what, body] of bodies) {
      const res = await call('lead', 'POST', '/api/tasks/bulk', body);
      expect({ what, status: res.status, hasCode: typeof res.body?.error?.code }).toEqual({ what, status: 400, hasCode: 'string' });
    }
    // The action's own permission: designers have no tasks; collectors do not assign.
    expect((await call('designer', 'POST', '/api/tasks/bulk', { action: 'claim', taskIds: [open] })).body.error.code).toBe('FORBIDDEN');
    expect((await call('wang', 'POST', '/api/tasks/bulk', { action: 'assign', taskIds: [open], userId: ids.li })).status).toBe(403);
    expect({ events: await taskEvents(), holders: await t.db('tasks').orderBy('id').pluck('assignee_id') }).toEqual(before);
  });
});
