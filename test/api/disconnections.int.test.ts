import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { createApp } from '../../api/app';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../support/database';
import { RunningGridflow, startGridflow } from '../support/gridflow';
import { listen } from '../support/http';
import { createTimeSkippingEnv } from '../support/temporal';

const PASSWORD = 'disconnect-password-1';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
let cookie: string;
let wangId: number;
let ownCustomer: number;
let othersCustomer: number;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  const me = (wangId = await insertUser(t.db, { username: 'wang', displayName: '王催费', roles: ['collector'], password: PASSWORD }));
  const other = await insertUser(t.db, { username: 'li', displayName: '李催费', roles: ['collector'], password: PASSWORD });
  ownCustomer = (await insertCustomer(t.db, { customerNo: 'AP-1', segment: { code: 'SEG-MINE', collectorName: '王催费' }, dueBillsFen: [50000] })).customerId;
  othersCustomer = (await insertCustomer(t.db, { customerNo: 'AP-2', segment: { code: 'SEG-LI', collectorName: '李催费' }, dueBillsFen: [8000] })).customerId;
  await t.db('segments').where({ code: 'SEG-MINE' }).update({ collector_user_id: me });
  await t.db('segments').where({ code: 'SEG-LI' }).update({ collector_user_id: other });
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  const res = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wang', password: PASSWORD }) });
  cookie = res.headers.get('set-cookie')!.split(';')[0]!;
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

// The tests apply for the same customers again; a customer in an open case may not be, so each test's cases end after it.
afterEach(async () => {
  for (const { workflow_id: workflowId } of await t.db('disconnection_applications').select('workflow_id')) await caseIdOf(workflowId);
  await t.db('cases').where({ type: 'disconnection', state: 'running' }).update({ state: 'completed', closed_at: t.db.fn.now() });
});

async function logIn(username: string): Promise<string> {
  const res = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function call(method: string, path: string, body?: unknown, as = cookie): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', cookie: as }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const list = (resource: string, filter: Record<string, unknown>) => `/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;

async function caseIdOf(workflowId: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const progress = await call('GET', `/api/disconnections/${workflowId}`);
    if (progress.body.caseId) return progress.body.caseId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`case of ${workflowId} not opened`);
}

describe('disconnection applications', () => {
  it('finds customers owing more than an amount', async () => {
    const found = await call('GET', `/api/customers?filter=${encodeURIComponent('{"arrearsAbove":100}')}`);
    expect(found.body.map((c: any) => c.customerNo)).toEqual(['AP-1']);
    expect((await call('GET', `/api/customers?filter=${encodeURIComponent('{"arrearsAbove":"lots"}')}`)).status).toBe(400);
  });

  it('refuses an application without a reason or with unknown customers, starting nothing', async () => {
    const noReason = await call('POST', '/api/disconnections', { reason: '  ', customerIds: [ownCustomer] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('INVALID_APPLICATION');
    const unknown = await call('POST', '/api/disconnections', { reason: '欠费', customerIds: [ownCustomer, 999999] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_CUSTOMERS', message: expect.stringContaining('999999') });
    expect(await t.db('cases').where({ type: 'disconnection' })).toHaveLength(0);
  });

  it('starts a case for the logged-in applicant, warns about another reader\'s segment, and shows progress', async () => {
    const applied = await call('POST', '/api/disconnections', { reason: '欠费超过两个月', customerIds: [ownCustomer, othersCustomer], applicantId: 12345 });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ customers: 2, warnings: [{ code: 'SEGMENT_OF_ANOTHER_READER', segmentCode: 'SEG-LI', collectorName: '李催费' }] });

    let progress: any;
    for (let i = 0; i < 100; i++) {
      progress = await call('GET', `/api/disconnections/${applied.body.workflowId}`);
      if (progress.body.caseId) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(progress.body).toMatchObject({ caseId: expect.any(Number), progress: { stage: 'approval', total: 2, disconnected: 0, remaining: 2 } });
    const history = await env.client.workflow.getHandle(applied.body.workflowId).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    // The body's applicantId is ignored: the applicant is whoever is logged in.
    expect(JSON.parse(Buffer.from(input.data!).toString())).toMatchObject({ applicantId: wangId, applicantName: '王催费', customerNos: ['AP-1', 'AP-2'] });

    expect((await call('GET', '/api/disconnections/disconnection-case-not-a-uuid')).status).toBe(404);
  });
});

describe('applying for all matching customers', () => {
  afterEach(async () => {
    await t.db('settings').where({ key: 'disconnection' }).delete();
  });

  it('takes every connected customer owing more than the amount, as the screen lists them', async () => {
    const applied = await call('POST', '/api/disconnections', { reason: '欠费', filter: { arrearsAbove: 100 } });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ customers: 1, warnings: [] });
    const inSegment = await call('POST', '/api/disconnections', { reason: '欠费', filter: { arrearsAbove: 0, segmentCode: 'SEG-LI' } });
    expect(inSegment.body).toMatchObject({ customers: 1, warnings: [{ segmentCode: 'SEG-LI' }] });
  });

  it('says so when nobody matches, or more than a case may hold', async () => {
    const nobody = await call('POST', '/api/disconnections', { reason: '欠费', filter: { arrearsAbove: 100_000 } });
    expect(nobody).toMatchObject({ status: 400, body: { error: { code: 'NO_CUSTOMERS' } } });
    await t.db('settings').insert({ key: 'disconnection', value: JSON.stringify({ maxCustomersPerCase: 1 }) }).onConflict('key').merge();
    const tooMany = await call('POST', '/api/disconnections', { reason: '欠费', filter: { arrearsAbove: 0 } });
    expect(tooMany).toMatchObject({ status: 400, body: { error: { code: 'TOO_MANY_CUSTOMERS', message: expect.stringContaining('at most 1') } } });
    const both = await call('POST', '/api/disconnections', { reason: '欠费', filter: { arrearsAbove: 0 }, customerIds: [ownCustomer] });
    expect(both).toMatchObject({ status: 400, body: { error: { code: 'INVALID_APPLICATION', message: expect.stringContaining('either customerIds') } } });
  });

  it('accepts a list of 10,000 ids, larger than other requests may be', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => 1_000_000 + i);
    const res = await call('POST', '/api/disconnections', { reason: '欠费', customerIds: ids });
    // Parsed and checked, not cut off by the body limit: the ids are unknown here.
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_CUSTOMERS' } } });
  });
});

describe('segments', () => {
  it('lists each segment with its reader, for the applicant\'s warning', async () => {
    const res = await call('GET', '/api/segments');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toMatch(/^segments 0-\d+\/\d+$/);
    expect(res.body).toEqual(expect.arrayContaining([{ id: 'SEG-MINE', code: 'SEG-MINE', name: expect.any(String), collectorUserId: wangId, collectorName: '王催费' }]));
    const mine = await call('GET', list('segments', { collectorUserId: wangId }));
    expect(mine.body.map((segment: any) => segment.code)).toEqual(['SEG-MINE']);
    expect((await call('GET', list('segments', { collectorUserId: 'me' }))).status).toBe(400);
  });
});

describe('each customer\'s outcome', () => {
  it('is listed one case at a time, filtered by state', async () => {
    expect(await call('GET', '/api/disconnection_outcomes')).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('caseId is required') } } });
    const applied = await call('POST', '/api/disconnections', { reason: '欠费', customerIds: [ownCustomer, othersCustomer] });
    const caseId = await caseIdOf(applied.body.workflowId);
    // The rows the case's workflows write (see the workflow tests); here, how they are shown.
    await t.db('disconnection_outcomes').insert([
      { case_id: caseId, customer_id: ownCustomer, state: 'disconnected', outage_at: '2026-11-24T02:00:00Z', via: 'remote' },
      { case_id: caseId, customer_id: othersCustomer, state: 'excluded', code: 'PROTECTED', reason: 'Customer is protected and is never disconnected' },
    ]);

    const all = await call('GET', list('disconnection_outcomes', { caseId }));
    expect(all.headers.get('content-range')).toBe('disconnection_outcomes 0-1/2');
    expect(all.body).toEqual([
      expect.objectContaining({ caseId, customerNo: 'AP-1', state: 'disconnected', outageAt: '2026-11-24T02:00:00.000Z', via: 'remote', code: null }),
      expect.objectContaining({ caseId, customerNo: 'AP-2', state: 'excluded', code: 'PROTECTED', reason: expect.stringContaining('protected') }),
    ]);
    const excluded = await call('GET', list('disconnection_outcomes', { caseId, state: 'excluded' }));
    expect(excluded.body.map((o: any) => o.customerNo)).toEqual(['AP-2']);
    expect((await call('GET', list('disconnection_outcomes', { caseId, state: 'gone' }))).status).toBe(400);
  });

  it('keeps each customer\'s records off the case timeline, and says how many', async () => {
    const applied = await call('POST', '/api/disconnections', { reason: '欠费', customerIds: [ownCustomer] });
    const caseId = await caseIdOf(applied.body.workflowId);
    await t.db('events').insert([
      { type: 'disconnection.verdict', actor: 'test', case_id: caseId, customer_id: ownCustomer, data: JSON.stringify({ verdict: 'proceed' }) },
      { type: 'case.note', actor: 'test', case_id: caseId, data: JSON.stringify({ note: 'case-level' }) },
    ]);
    const shown = await call('GET', `/api/cases/${caseId}`);
    expect(shown.status).toBe(200);
    const types = shown.body.timeline.map((entry: any) => entry.type);
    expect(types).toContain('case.note');
    expect(types).not.toContain('disconnection.verdict');
    expect(shown.body.timelineOmitted).toEqual({ events: 1, messages: 0 });
  });
});

describe('approving', () => {
  it('refuses the applicant\'s own approval with a code the UI translates', async () => {
    await insertUser(t.db, { username: 'zhao', displayName: '赵科长', roles: ['collector', 'approver'], password: PASSWORD });
    const zhao = await logIn('zhao');
    const applied = await call('POST', '/api/disconnections', { reason: '欠费', customerIds: [ownCustomer] }, zhao);
    let task: { id: number } | undefined;
    for (let i = 0; i < 100 && !task; i++) {
      task = await t.db('tasks').where({ workflow_id: applied.body.workflowId, step: 'disconnection-approval' }).first('id');
      if (!task) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const own = await call('POST', `/api/tasks/${task!.id}/complete`, { result: { decision: 'approve', opinion: '同意' } }, zhao);
    expect(own).toMatchObject({ status: 403, body: { error: { code: 'NOT_ALLOWED', details: { reason: 'OWN_APPLICATION' }, message: expect.stringContaining('own') } } });
    expect((await t.db('tasks').where({ id: task!.id }).first()).state).toBe('open');
  });
});
