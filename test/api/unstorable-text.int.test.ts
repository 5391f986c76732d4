import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { createApp } from '../../api/app';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../support/database';
import { RunningGridflow, startGridflow } from '../support/gridflow';
import { listen, sessionCookie } from '../support/http';
import { createTimeSkippingEnv } from '../support/temporal';

// Text PostgreSQL cannot store (NUL, lone UTF-16 surrogates) is refused at the edge, in every
// part of a request, before anything is written or any workflow is asked to write it.
const PASSWORD = 'unstorable-password-1';
/** A refusal answers at once; the bug it guards against never answered at all. */
const PROMPTLY_MS = 5_000;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
let customerId: number;
let otherCustomerId: number;
let thirdCustomerId: number;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  const wang = await insertUser(t.db, { username: 'wang', displayName: '王催费', roles: ['collector'], password: PASSWORD });
  await insertUser(t.db, { username: 'boss', displayName: '赵科长', roles: ['approver'], password: PASSWORD });
  await insertUser(t.db, { username: 'admin', roles: ['admin'], password: PASSWORD });
  await insertUser(t.db, { username: 'designer', roles: ['designer'], password: PASSWORD });
  customerId = (await insertCustomer(t.db, { customerNo: 'U-1', segment: { code: 'SEG-U' }, dueBillsFen: [50000] })).customerId;
  otherCustomerId = (await insertCustomer(t.db, { customerNo: 'U-2', segment: { code: 'SEG-U' }, dueBillsFen: [60000] })).customerId;
  thirdCustomerId = (await insertCustomer(t.db, { customerNo: 'U-3', segment: { code: 'SEG-U' }, dueBillsFen: [70000] })).customerId;
  await t.db('segments').where({ code: 'SEG-U' }).update({ collector_user_id: wang });
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of ['wang', 'boss', 'admin', 'designer']) {
    cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
  }
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

/** JSON.stringify writes a lone surrogate as the escape `\ud800`, as a hostile client would send it. */
async function call(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: cookies[who]! },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(PROMPTLY_MS),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const count = async (table: string, where: Record<string, unknown> = {}) => Number((await t.db(table).where(where).count({ n: '*' }).first())!.n);

async function approvalTask(workflowId: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const task = await t.db('tasks').where({ workflow_id: workflowId, step: 'disconnection-approval' }).first('id');
    if (task) return task.id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no approval task for ${workflowId}`);
}

describe('text the database cannot store', () => {
  it('refuses a NUL in an approval opinion at once, leaves the task open, and lets it be completed', async () => {
    const applied = await call('wang', 'POST', '/api/disconnections', { reason: '欠费两月', customerIds: [customerId] });
    expect(applied.status).toBe(201);
    const taskId = await approvalTask(applied.body.workflowId);
    const eventsBefore = await count('events', { task_id: taskId });

    const refused = await call('boss', 'POST', `/api/tasks/${taskId}/complete`, { result: { decision: 'reject', opinion: 'no\u0000pe' } });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT', message: expect.stringContaining('result.opinion') } } });
    expect(await t.db('tasks').where({ id: taskId }).first()).toMatchObject({ state: 'open', result: null });
    expect(await count('events', { task_id: taskId })).toBe(eventsBefore);

    const done = await call('boss', 'POST', `/api/tasks/${taskId}/complete`, { result: { decision: 'reject', opinion: '金额有误' } });
    expect(done).toMatchObject({ status: 200, body: { state: 'completed', result: { decision: 'reject', opinion: '金额有误' } } });
  });

  it('answers 400 at once when the database refuses a completion the edge let through, and keeps the task open', async () => {
    // Real PostgreSQL refusing a value with a data exception (class 22), as it refuses a NUL.
    await t.db.raw(`CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN
      IF NEW.result->>'opinion' = 'poison' THEN RAISE EXCEPTION 'cannot store this opinion' USING ERRCODE = '22P05'; END IF;
      RETURN NEW; END $$ LANGUAGE plpgsql`);
    await t.db.raw('CREATE TRIGGER refuse_poison BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_poison()');
    try {
      const applied = await call('wang', 'POST', '/api/disconnections', { reason: '欠费三月', customerIds: [thirdCustomerId] });
      const taskId = await approvalTask(applied.body.workflowId);
      const refused = await call('boss', 'POST', `/api/tasks/${taskId}/complete`, { result: { decision: 'approve', opinion: 'poison' } });
      expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_DATA', message: expect.stringContaining('still open') } } });
      expect(await t.db('tasks').where({ id: taskId }).first()).toMatchObject({ state: 'open', result: null });
      expect(await t.db('events').where({ task_id: taskId, type: 'task.completion_failed' })).toHaveLength(1);
      const done = await call('boss', 'POST', `/api/tasks/${taskId}/complete`, { result: { decision: 'reject', opinion: '再核实' } });
      expect(done).toMatchObject({ status: 200, body: { state: 'completed' } });
    } finally {
      await t.db.raw('DROP TRIGGER refuse_poison ON tasks; DROP FUNCTION refuse_poison()');
    }
  });

  it('refuses an application whose reason holds a NUL, opening no case and writing no event', async () => {
    const [cases, events] = [await count('cases'), await count('events')];
    const refused = await call('wang', 'POST', '/api/disconnections', { reason: 'x\u0000y', customerIds: [otherCustomerId] });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT', message: expect.stringContaining('reason') } } });
    // A case would open within moments of a start; give it the chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect([await count('cases'), await count('events')]).toEqual([cases, events]);
  });

  it('refuses a lone surrogate in a list filter, however it is encoded', async () => {
    const filter = encodeURIComponent(JSON.stringify({ q: 'T-\ud800' }));
    const refused = await call('wang', 'GET', `/api/tasks?filter=${filter}`);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT', message: expect.stringContaining('filter') } } });
    const sort = await call('wang', 'GET', `/api/tasks?sort=${encodeURIComponent('["dueAt\\u0000","ASC"]')}`);
    expect(sort).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT' } } });
    expect((await call('wang', 'GET', `/api/customers?filter=${encodeURIComponent('{"q":"a\\udc00"}')}`)).status).toBe(400);
  });

  it('refuses NUL and lone surrogates in path parameters, changing nothing', async () => {
    const events = await count('events');
    const byNumber = await call('wang', 'GET', '/api/customers/by-number/U-1%00');
    expect(byNumber).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT', message: expect.stringContaining('path') } } });
    const nul = await call('designer', 'PUT', '/api/settings/reconnection%00', { value: {} });
    expect(nul).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT' } } });
    // A lone surrogate can only reach a path as WTF-8 bytes, which are not UTF-8: also a 400.
    const surrogate = await call('designer', 'PUT', '/api/settings/reconnection%ED%A0%80', { value: {} });
    expect(surrogate.status).toBe(400);
    expect(await count('events')).toBe(events);
  });

  it('refuses a user or a service token named with a lone surrogate, storing neither', async () => {
    const [users, tokens, events] = [await count('users'), await count('service_tokens'), await count('events')];
    const user = await call('admin', 'POST', '/api/users', { username: 'newbie', displayName: '新人\ud800', roles: ['agent'], password: 'a-long-password-1' });
    expect(user).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT', message: expect.stringContaining('displayName') } } });
    const token = await call('admin', 'POST', '/api/service_tokens', { name: 'bank\udfff' });
    expect(token).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT', message: expect.stringContaining('name') } } });
    const key = await call('admin', 'POST', '/api/service_tokens', { name: 'bank', ['x\u0000']: 1 });
    expect(key).toMatchObject({ status: 400, body: { error: { code: 'UNSTORABLE_TEXT' } } });
    expect([await count('users'), await count('service_tokens'), await count('events')]).toEqual([users, tokens, events]);
  });
});
