import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { taskRecord } from '../../domain/contracts/tasks';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { listen, sessionCookie } from '../../test/support/http';
import { createApp } from '../app';

// The inbox's search (GET /api/tasks filter q) finds a task by any customer of its case: a
// disconnection case's approval names none of its customers in its title.
const PASSWORD = 'search-password-1';

let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
const cookies: Record<string, string> = {};
const customers = {} as Record<'zhang' | 'sima' | 'li' | 'zhao', number>;
const tasks: Record<string, number> = {};
const cases = {} as Record<'disconnection' | 'reconnection', number>;

let seq = 0;
async function insertCase(type: string, customerId: number | null): Promise<number> {
  seq += 1;
  const [{ id }] = await t.db('cases').insert({ type, title: `${type} ${seq}`, customer_id: customerId, workflow_id: `${type}-${seq}`, workflow_run_id: `run-${seq}` }).returning('id');
  return id;
}

async function insertTask(caseId: number, spec: { title: string; customerId?: number | null; roles: string[]; step?: string }): Promise<number> {
  seq += 1;
  const [{ id }] = await t.db('tasks')
    .insert({
      case_id: caseId,
      workflow_id: `wf-${caseId}`,
      workflow_run_id: `run-task-${seq}`,
      step: spec.step ?? 'disconnection-approval',
      step_seq: 1,
      title: spec.title,
      customer_id: spec.customerId ?? null,
      candidate_roles: spec.roles,
      due_at: new Date(Date.now() + seq * 60_000),
      routing_reason: 'test',
    })
    .returning('id');
  return Number(id);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await insertUser(t.db, { username: 'wang', displayName: '王催费', roles: ['collector'], password: PASSWORD });
  await insertUser(t.db, { username: 'chen', displayName: '陈审批', roles: ['approver'], password: PASSWORD });
  await insertUser(t.db, { username: 'dispatcher', displayName: '派单员', roles: ['dispatcher'], password: PASSWORD });
  for (const [key, customerNo, name] of [
    ['zhang', 'C-70001', '张三丰'],
    ['sima', 'C-70002', '司马光明'],
    ['li', 'C-70003', '李四'],
    ['zhao', 'C-80004', '赵六'],
  ] as const) {
    customers[key] = (await insertCustomer(t.db, { customerNo, name, segment: { code: 'SEG-S' } })).customerId;
  }
  // A disconnection case of two customers; its approval task names neither.
  cases.disconnection = await insertCase('disconnection', null);
  await t.db('disconnection_outcomes').insert([
    { case_id: cases.disconnection, customer_id: customers.zhang, customer_no: 'C-70001' },
    { case_id: cases.disconnection, customer_id: customers.sima, customer_no: 'C-70002' },
  ]);
  tasks.approval = await insertTask(cases.disconnection, { title: '停电审批 第 1 级', roles: ['approver'] });
  // A reconnection case of one customer, with the customer's own task.
  cases.reconnection = await insertCase('reconnection', customers.li);
  tasks.reconnection = await insertTask(cases.reconnection, { title: '现场复电', customerId: customers.li, roles: ['collector'], step: 'manual-reconnection' });
  // A title with the characters LIKE reads as wildcards, and a case of someone else.
  tasks.literal = await insertTask(await insertCase('reconnection', customers.zhao), { title: '减免 50%_off\\ 审批', roles: ['approver'] });

  api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of ['wang', 'chen', 'dispatcher']) cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

async function search(who: string, q: string, extra: object = {}): Promise<{ ids: number[]; range: string | null; body: any[] }> {
  const filter = encodeURIComponent(JSON.stringify({ q, ...extra }));
  const res = await fetch(`${api.baseUrl}/api/tasks?filter=${filter}&sort=["id","ASC"]&range=[0,24]`, { headers: { cookie: cookies[who]! } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as any[];
  return { ids: body.map((task) => task.id), range: res.headers.get('content-range'), body };
}

describe('inbox search', () => {
  it("finds a disconnection case's approval by the number of any customer in the case", async () => {
    expect((await search('dispatcher', 'C-70001')).ids).toEqual([tasks.approval]);
    expect((await search('dispatcher', 'C-70002')).ids).toEqual([tasks.approval]);
    // Part of a number: both cases' customers start C-700.
    expect((await search('dispatcher', 'c-700')).ids).toEqual([tasks.approval, tasks.reconnection]);
    expect((await search('dispatcher', '70003')).ids).toEqual([tasks.reconnection]);
  });

  it("finds an approval by its application's customers before any of them has an outcome, and counts them", async () => {
    const applicant = await insertUser(t.db, { username: 'applicant', displayName: '申请人', roles: ['collector'], password: PASSWORD });
    const [{ id: applicationId }] = await t.db('disconnection_applications')
      .insert({ applicant_id: applicant, idempotency_key: 'k-1', fingerprint: 'f', workflow_id: 'disconnection-applied-1', workflow_input: '{}', response: '{}' })
      .returning('id');
    await t.db('disconnection_application_customers').insert([customers.li, customers.zhao].map((customerId) => ({ application_id: applicationId, customer_id: customerId })));
    // The case opens after the application was stored, as the workflow does.
    const [{ id: caseId }] = await t.db('cases').insert({ type: 'disconnection', title: 'applied', workflow_id: 'disconnection-applied-1', workflow_run_id: 'run-applied-1' }).returning('id');
    const approval = await insertTask(caseId, { title: '停电审批 第 1 级', roles: ['approver'] });
    const found = await search('dispatcher', 'C-80004');
    expect(found.ids).toContain(approval);
    expect(found.body.find((task) => task.id === approval).customerCount).toBe(2);
    // The approval page lists the case's customers through the customer list.
    const listed = await fetch(`${api.baseUrl}/api/customers?filter=${encodeURIComponent(JSON.stringify({ caseId }))}`, { headers: { cookie: cookies.dispatcher! } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as any[]).map((c) => c.customerNo)).toEqual(['C-70003', 'C-80004']);
    await t.db('tasks').where({ id: approval }).delete();
    await t.db('case_customers').where({ case_id: caseId }).delete();
    await t.db('cases').where({ id: caseId }).delete();
  });

  it('finds by part of a name, a short name whole, and by title', async () => {
    expect((await search('dispatcher', '马光明')).ids).toEqual([tasks.approval]);
    expect((await search('dispatcher', '张三丰')).ids).toEqual([tasks.approval]);
    // Fewer than three characters: a whole name or number (no index reads parts that short).
    expect((await search('dispatcher', '李四')).ids).toEqual([tasks.reconnection]);
    expect((await search('dispatcher', '三丰')).ids).toEqual([]);
    expect((await search('dispatcher', '现场复电')).ids).toEqual([tasks.reconnection]);
    expect((await search('dispatcher', '  ')).ids).toHaveLength(3);
  });

  it("shows each task's case customer count, kept as customers join the case", async () => {
    const before = await search('dispatcher', 'C-700');
    expect(before.body.map((task) => [task.id, task.customerCount, task.customerNo])).toEqual([
      [tasks.approval, 2, null],
      [tasks.reconnection, 1, 'C-70003'],
    ]);
    for (const task of before.body) expect(() => taskRecord.parse(task)).not.toThrow();
    // A customer joins the disconnection case: found by it, counted; the same one again changes nothing.
    await t.db('disconnection_outcomes').insert({ case_id: cases.disconnection, customer_id: customers.zhao, customer_no: 'C-80004' });
    await t.db('disconnection_outcomes').insert({ case_id: cases.disconnection, customer_id: customers.zhao }).onConflict(['case_id', 'customer_id']).ignore();
    const after = await search('dispatcher', 'C-80004');
    expect(after.ids).toEqual([tasks.approval, tasks.literal]);
    expect(after.body[0].customerCount).toBe(3);
    // A reconnection case moved to another customer concerns that one too, and the old one
    // while its task names them; moved back, no longer the other.
    const concerned = async () => (await t.db('case_customers').where({ case_id: cases.reconnection }).orderBy('customer_id').pluck('customer_id')).map(Number);
    await t.db('cases').where({ id: cases.reconnection }).update({ customer_id: customers.sima });
    expect((await search('dispatcher', '马光明')).ids).toEqual([tasks.approval, tasks.reconnection]);
    expect(await concerned()).toEqual([customers.sima, customers.li].sort((a, b) => a - b));
    expect((await search('dispatcher', 'C-70003')).body.map((task) => task.customerCount)).toEqual([2]);
    await t.db('cases').where({ id: cases.reconnection }).update({ customer_id: customers.li });
    expect(await concerned()).toEqual([customers.li]);
    expect((await t.db('cases').where({ id: cases.reconnection }).first()).customer_count).toBe(1);
    // A task naming a customer makes its case concern them.
    await insertTask(cases.disconnection, { title: '现场停电', customerId: customers.li, roles: ['executor'], step: 'manual-outage-entry' });
    expect((await search('dispatcher', 'C-70001')).body[0].customerCount).toBe(4);
    await t.db('tasks').where({ case_id: cases.disconnection, step: 'manual-outage-entry' }).delete();
  });

  it("finds nothing outside the person's inbox", async () => {
    // The approval is offered to approvers: a collector's search does not reach it.
    expect(await search('wang', 'C-70001')).toMatchObject({ ids: [], range: 'tasks */0' });
    expect((await search('chen', 'C-70001')).ids).toEqual([tasks.approval]);
    expect((await search('wang', 'C-700')).ids).toEqual([tasks.reconnection]);
  });

  it('reads what is typed literally: %, _ and \\ are no wildcards', async () => {
    for (const q of ['%', '_', '\\', '%%%', '___', '\\\\\\', '%_%', 'C-7%1']) {
      expect({ q, ids: (await search('dispatcher', q)).ids }).toEqual({ q, ids: [] });
    }
    expect((await search('dispatcher', '0%_off\\')).ids).toEqual([tasks.literal]);
    expect((await search('dispatcher', 'C-7_001')).ids).toEqual([]);
  });
});
