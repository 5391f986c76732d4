import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { insertCustomer } from '../db/seeds/customers';
import { insertUser } from '../db/seeds/users';
import type { Dashboard } from '../domain/contracts/dashboard';
import type { EventType } from '../domain/events';
import type { Role } from '../domain/permissions';
import type { CaseType, TaskStep } from '../domain/processes';
import { createTestDatabase, TestDatabase } from '../test/support/database';
import { listen, sessionCookie } from '../test/support/http';
import { createTimeSkippingEnv } from '../test/support/temporal';
import { createApp } from './app';

/**
 * The landing page against real PostgreSQL: each figure is the count of the list it links to
 * with that list's filter, and each section follows the permission table. The rows are built
 * here directly; the numbers each figure should show are worked out beside them.
 */
const PASSWORD = 'a-dashboard-password';
const PEOPLE: Array<{ username: string; roles: Role[] }> = [
  { username: 'li', roles: ['collector'] },
  { username: 'wang', roles: ['collector'] },
  { username: 'dispatcher', roles: ['dispatcher'] },
  { username: 'auditor', roles: ['auditor'] },
  { username: 'admin', roles: ['admin'] },
];

const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;
/** Midnight at the end of today in China (UTC+8, no summer time), where "today" is counted. */
const tomorrowInChina = () => Math.floor((Date.now() + CHINA) / DAY) * DAY + DAY - CHINA;
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
const cookies = new Map<string, string>();
const ids = new Map<string, number>();

async function get(username: string, path: string): Promise<{ status: number; body: any; total: number | null }> {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { cookie: cookies.get(username)! } });
  const range = res.headers.get('content-range');
  return { status: res.status, body: await res.json(), total: range ? Number(range.split('/')[1]) : null };
}

const board = async (username: string): Promise<Dashboard> => {
  const answer = await get(username, '/api/dashboard');
  expect(answer.status).toBe(200);
  return answer.body as Dashboard;
};

/** How many rows the list lists with this filter (the figure's link). */
async function listed(username: string, resource: string, filter: object): Promise<number> {
  const answer = await get(username, `/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent('[0,499]')}`);
  expect(answer.status).toBe(200);
  expect(answer.body).toHaveLength(answer.total!);
  return answer.total!;
}

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  for (const person of PEOPLE) ids.set(person.username, await insertUser(t.db, { ...person, password: PASSWORD }));
  const db = t.db;

  // Customers: two owe (100.00 + 23.45), two are disconnected (one of them owes), three were reconnected.
  const owes = await insertCustomer(db, { customerNo: 'D-1', supplyStatus: 'disconnected', dueBillsFen: [10_000] });
  await insertCustomer(db, { customerNo: 'D-2', dueBillsFen: [2_000, 345] });
  await insertCustomer(db, { customerNo: 'D-3', supplyStatus: 'disconnected' });
  const paid = [];
  for (const no of ['D-4', 'D-5', 'D-6', 'D-7']) paid.push(await insertCustomer(db, { customerNo: no }));

  let serial = 0;
  const openCase = async (type: CaseType, customerId: number | null, state: string, startedAt: Date) => {
    serial += 1;
    const [{ id }] = await db('cases')
      .insert({ type, title: `${type} ${serial}`, customer_id: customerId, state, current_step: 'started', workflow_id: `dash-${serial}`, workflow_run_id: `dash-run-${serial}`, started_at: startedAt, closed_at: state === 'running' ? null : startedAt })
      .returning('id');
    return id as number;
  };
  const event = (type: EventType, caseId: number, customerId: number, data: object) =>
    db('events').insert({ type, actor: 'workflow:dash', case_id: caseId, customer_id: customerId, data: JSON.stringify(data) });
  /** A payment received `paidAgo` seconds ago; supply back `restoredAgo` seconds ago. */
  const reconnection = async (customer: { customerId: number; accountNo: string }, paidAgo: number, restoredAgo: number) => {
    const account = await db('accounts').where({ account_no: customer.accountNo }).first('id');
    serial += 1;
    await db('payments').insert({ payment_id: `DASH-${serial}`, account_id: account.id, amount_fen: 100, channel: 'bank', paid_at: ago(paidAgo), received_at: ago(paidAgo) });
    const caseId = await openCase('reconnection', customer.customerId, 'completed', ago(paidAgo - 1));
    await event('customer.reconnected', caseId, customer.customerId, { reconnectedAt: ago(restoredAgo).toISOString(), via: 'remote' });
    return caseId;
  };
  // Today: 60 s, 120 s and 300 s from payment to power (median 120 s). Two days ago: not today.
  await reconnection(paid[0]!, 62, 2);
  await reconnection(paid[1]!, 123, 3);
  await reconnection(paid[2]!, 304, 4);
  await reconnection(paid[3]!, 2 * 86_400 + 60, 2 * 86_400);

  // Open cases: one reconnection and two disconnections running; one disconnection done.
  const running = await openCase('reconnection', owes.customerId, 'running', ago(600));
  const disconnection = await openCase('disconnection', null, 'running', ago(600));
  await openCase('disconnection', null, 'running', ago(600));
  await openCase('disconnection', null, 'completed', ago(600));

  const laterToday = new Date(Date.now() + (tomorrowInChina() - Date.now()) / 2);
  const task = (step: TaskStep, caseId: number, dueAt: Date, fields: Record<string, unknown>) => {
    serial += 1;
    return db('tasks').insert({ case_id: caseId, workflow_id: `dash-task-${serial}`, workflow_run_id: `dash-task-run-${serial}`, step, step_seq: 1, title: `${step} ${serial}`, routing_reason: 'test', due_at: dueAt, state: 'open', ...fields });
  };
  // li (collector): offered T2 (by role) and T6 (by name), holds T3 (overdue); wang holds T4; T1 is the approvers'.
  await task('disconnection-approval', disconnection, ago(3600), { candidate_roles: ['approver'] }); // T1 overdue
  await task('manual-reconnection', running, new Date(tomorrowInChina() + 3600_000), { candidate_roles: ['collector'] }); // T2 due tomorrow
  await task('manual-reconnection', running, ago(60), { candidate_roles: ['collector'], assignee_id: ids.get('li') }); // T3 overdue
  await task('manual-reconnection', running, laterToday, { candidate_roles: ['collector'], assignee_id: ids.get('wang') }); // T4 due today
  await task('manual-outage-entry', disconnection, ago(60), { candidate_roles: ['executor'], state: 'completed', completed_at: ago(30) }); // T5 done
  await task('manual-reconnection', running, laterToday, { candidate_user_ids: [ids.get('li')] }); // T6 due today

  api = await listen(createApp({ db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const person of PEOPLE) cookies.set(person.username, await sessionCookie(api.baseUrl, person.username, PASSWORD));
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
  await t?.drop();
});

describe('the dashboard', () => {
  it("shows a collector their own queue, each figure the count of the task list it opens, and not the office's figures", async () => {
    const { queue, office } = await board('li');
    expect(office).toBeNull();
    expect(queue).toEqual({ scope: 'mine', open: 3, overdue: 1, dueToday: 1, steps: [{ step: 'manual-reconnection', open: 3, overdue: 1 }] });
    expect(await listed('li', 'tasks', { state: 'open' })).toBe(queue!.open);
    expect(await listed('li', 'tasks', { overdue: true })).toBe(queue!.overdue);
    for (const row of queue!.steps) {
      expect(await listed('li', 'tasks', { state: 'open', step: row.step })).toBe(row.open);
      expect(await listed('li', 'tasks', { overdue: true, step: row.step })).toBe(row.overdue);
    }
    // Another collector's queue holds only what is theirs or offered to collectors.
    expect((await board('wang')).queue).toMatchObject({ open: 2, overdue: 0, dueToday: 1 });
  });

  it("shows a dispatcher the office's open work by step, and the office's figures", async () => {
    const { queue, office } = await board('dispatcher');
    expect(queue).toEqual({
      scope: 'all',
      open: 5,
      overdue: 2,
      dueToday: 2,
      steps: [
        { step: 'disconnection-approval', open: 1, overdue: 1 },
        { step: 'manual-reconnection', open: 4, overdue: 1 },
      ],
    });
    for (const row of queue!.steps) {
      expect(await listed('dispatcher', 'tasks', { state: 'open', step: row.step })).toBe(row.open);
      expect(await listed('dispatcher', 'tasks', { overdue: true, step: row.step })).toBe(row.overdue);
    }
    expect(office).not.toBeNull();
  });

  it("gives those who read reports the office's figures, each the count of the list it opens", async () => {
    const { office } = await board('auditor');
    expect(office).toEqual({
      arrears: { customers: 2, amount: '123.45' },
      disconnected: 2,
      reconnectionsToday: { cases: 3, medianSeconds: 120 },
      openCases: [
        { type: 'disconnection', cases: 2 },
        { type: 'reconnection', cases: 1 },
        { type: 'repair', cases: 0 },
        { type: 'relocation', cases: 0 },
        { type: 'revisit', cases: 0 },
      ],
      overdueTasks: 2,
      overdueByStep: [
        { step: 'disconnection-approval', overdue: 1 },
        { step: 'manual-reconnection', overdue: 1 },
      ],
    });
    for (const reader of ['auditor', 'dispatcher']) {
      expect(await listed(reader, 'customers', { inArrears: true })).toBe(office!.arrears.customers);
      expect(await listed(reader, 'customers', { supplyStatus: 'disconnected' })).toBe(office!.disconnected);
      expect(await listed(reader, 'cases', { reconnectedToday: true })).toBe(office!.reconnectionsToday.cases);
      for (const open of office!.openCases) expect(await listed(reader, 'cases', { type: open.type, state: 'running' })).toBe(open.cases);
      expect(await listed(reader, 'tasks', { overdue: true })).toBe(office!.overdueTasks);
      for (const row of office!.overdueByStep) expect(await listed(reader, 'tasks', { overdue: true, step: row.step })).toBe(row.overdue);
    }
    // The arrears the list shows add up to the figure's amount.
    const owing = await get('auditor', `/api/customers?filter=${encodeURIComponent('{"inArrears":true}')}`);
    expect(owing.body.reduce((sum: number, c: { arrears: string }) => sum + Math.round(Number(c.arrears) * 100), 0)).toBe(12_345);
    expect((await listed('auditor', 'customers', { inArrears: false })) + office!.arrears.customers).toBe(await listed('auditor', 'customers', {}));
  });

  it('gives an administrator the office figures without a queue, and refuses a bad filter value', async () => {
    const { queue, office } = await board('admin');
    expect(queue).toBeNull();
    expect(office).toMatchObject({ disconnected: 2, reconnectionsToday: { cases: 3 } });
    for (const filter of [{ inArrears: 'yes' }, { reconnectedToday: 1 }]) {
      const resource = 'inArrears' in filter ? 'customers' : 'cases';
      const answer = await get('auditor', `/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_QUERY');
    }
  });
});
