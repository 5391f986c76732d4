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

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
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
    expect(JSON.parse(Buffer.from(input.data!).toString())).toMatchObject({ applicantId: wangId, customerNos: ['AP-1', 'AP-2'] });

    expect((await call('GET', '/api/disconnections/disconnection-case-not-a-uuid')).status).toBe(404);
  });
});
