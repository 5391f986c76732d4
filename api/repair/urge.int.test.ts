import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createSmtpGateway } from '../../activities/messaging/smtp-gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import type { Role } from '../../domain/permissions';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow } from '../../test/support/gridflow';
import { contractClient, listen, sessionCookie } from '../../test/support/http';
import { startSmtpServer } from '../../test/support/smtp';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { completeTaskUpdate } from '../../workflows/human/wait-for-person';
import { repairWorkflowId } from '../../workflows/repair/ids';
import { createApp } from '../app';
import { openTaskOf } from '../../test/support/tasks';

/**
 * 催单 (api/repair/urge.ts) against a real order workflow, PostgreSQL and SMTP server: the
 * current handler is texted, the priority rises, repeats within the quiet interval are
 * counted but not texted, the supervisor is texted once a period past the threshold.
 */
const PASSWORD = 'urge-password-1';
const SMS_DOMAIN = 'sms.urge.test';
const PHONES = { dispatcher: '13900000001', crew: '13900000002', supervisor: '13900000003' };
let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let gateway: ReturnType<typeof createSmtpGateway>;
let api: Awaited<ReturnType<typeof listen>>;
let agentCookie: string;
let crewCookie: string;
let customerId: number;
const people = { agent: 0, dispatcher: 0, crew: 0, supervisor: 0 };
const call = contractClient(() => api.baseUrl);

beforeAll(async () => {
  [env, t, smtp] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), startSmtpServer()]);
  people.supervisor = await insertUser(t.db, { username: 'supervisor', displayName: '赵主管', roles: ['approver'], phone: PHONES.supervisor, password: PASSWORD });
  people.agent = await insertUser(t.db, { username: 'agent', displayName: '陈座席', roles: ['agent'], password: PASSWORD });
  people.dispatcher = await insertUser(t.db, { username: 'dispatcher', displayName: '王调度', roles: ['dispatcher'], phone: PHONES.dispatcher, password: PASSWORD });
  people.crew = await insertUser(t.db, { username: 'crew', displayName: '李维修', roles: ['crew'], phone: PHONES.crew, supervisorId: people.supervisor, password: PASSWORD });
  customerId = (await insertCustomer(t.db, { customerNo: 'RU-1', name: '催单户', phone: '13800003001' })).customerId;
  gateway = createSmtpGateway({ transport: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true }, from: 'gridflow@urge.test', smsDomain: SMS_DOMAIN });
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway, log: { error: console.error, warn() {} } }));
  agentCookie = await sessionCookie(api.baseUrl, 'agent', PASSWORD);
  crewCookie = await sessionCookie(api.baseUrl, 'crew', PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await gateway?.close?.();
  await smtp?.close();
  await t?.drop();
});

const urge = (orderId: number, body: object = {}, cookie = agentCookie) => call('post', '/api/repair_orders/{id}/urge', `/api/repair_orders/${orderId}/urge`, { cookie }, body);
const count = async (table: string) => Number((await t.db(table).count('* as n').first())!.n);
const mailsTo = (phone: string) => smtp.received.filter((mail) => mail.to.includes(`${phone}@${SMS_DOMAIN}`));

const openTask = (workflowId: string, step: string) => openTaskOf(t.db, workflowId, step);

/** An agent's intake: the order's workflow starts and offers dispatch to the dispatchers. */
async function newOrder(): Promise<{ id: number; orderNo: string }> {
  const { status, body } = await call('post', '/api/repair_orders', '/api/repair_orders', { cookie: agentCookie }, { customerId, category: 'meter-box', description: '表箱冒烟', place: '幸福路 9 号', contactPhone: '13800003001' });
  expect(status).toBe(201);
  await openTask(repairWorkflowId(body.orderNo), 'repair-dispatch');
  return { id: body.id, orderNo: body.orderNo };
}

/** Dispatched to the crew member, who accepts: the work task is theirs. */
async function toWork(orderNo: string): Promise<number> {
  const handle = env.client.workflow.getHandle(repairWorkflowId(orderNo));
  const steps: Array<[string, number, Role, object]> = [
    ['repair-dispatch', people.dispatcher, 'dispatcher', { crewUserId: people.crew }],
    ['repair-accept', people.crew, 'crew', { decision: 'accept' }],
  ];
  for (const [step, userId, role, result] of steps) {
    const taskId = await openTask(handle.workflowId, step);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles: [role] }, result }] });
  }
  return openTask(handle.workflowId, 'repair-work');
}

/** What an urge stored: its rows, events and texts, to show a refusal stored nothing. */
const stored = async () => ({ urges: await count('repair_urges'), events: await count('events'), outbox: await count('outbox') });

describe('urging an order at the work stage', () => {
  let order: { id: number; orderNo: string };
  let workTaskId: number;

  beforeAll(async () => {
    order = await newOrder();
    workTaskId = await toWork(order.orderNo);
  });

  it('texts the crew member holding the work task (seen at the SMTP server), counts the urge and raises the priority', async () => {
    const { status, body } = await urge(order.id, { reason: '客户第二次来电' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: order.id, orderNo: order.orderNo, urgeCount: 1, priority: 'high', texted: ['李维修'], throttled: [], supervisorNotified: null });
    expect(body.undeliveredSms).toBeUndefined();
    const [mail] = await (async () => {
      for (let i = 0; i < 200 && mailsTo(PHONES.crew).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      return mailsTo(PHONES.crew);
    })();
    expect(mail!.text).toBe(`【催单】工单 ${order.orderNo}（幸福路 9 号）客户催办第 1 次，请尽快处理。客户第二次来电`);
    expect((await t.db('tasks').where({ id: workTaskId }).first('priority')).priority).toBe(2);
    const [row] = await t.db('repair_urges').where({ order_id: order.id });
    expect(row).toMatchObject({ by_user_id: people.agent, reason: '客户第二次来电', priority_before: 'normal', priority_after: 'high', texted_user_ids: [people.crew], supervisor_notified_id: null });
    const event = await t.db('events').where({ order_no: order.orderNo, type: 'repair.urged' }).first();
    expect(event).toMatchObject({ actor: `user:${people.agent}`, task_id: String(workTaskId) });
    expect(event.data).toMatchObject({ by: '陈座席', reason: '客户第二次来电', urgeCount: 1, priorityBefore: 'normal', priorityAfter: 'high', texted: [people.crew], throttled: [], supervisorNotified: null });
    // The order's page shows the count.
    const shown = await call('get', '/api/repair_orders/{id}', `/api/repair_orders/${order.id}`, { cookie: agentCookie });
    expect(shown.body).toMatchObject({ urgeCount: 1, priority: 'high' });
  });

  it('counts a repeat within the quiet interval without texting again; the priority still rises', async () => {
    const { status, body } = await urge(order.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ urgeCount: 2, priority: 'urgent', texted: [], throttled: ['李维修'], supervisorNotified: null });
    expect((await t.db('tasks').where({ id: workTaskId }).first('priority')).priority).toBe(1);
    expect(await t.db('outbox').where({ purpose: 'repair-urged', recipient: PHONES.crew }).count('* as n').first()).toEqual({ n: '1' });
    const events = await t.db('events').where({ order_no: order.orderNo, type: 'repair.urged' }).orderBy('id');
    expect(events.map((e) => [e.data.urgeCount, e.data.texted, e.data.throttled])).toEqual([[1, [people.crew], []], [2, [], [people.crew]]]);
  });

  it('texts the supervisor once the urges pass the threshold within the period, once', async () => {
    const third = await urge(order.id);
    expect(third.body).toMatchObject({ urgeCount: 3, priority: 'urgent', supervisorNotified: null });
    // The fourth urge is more than supervisorAfter (3) within the period.
    const fourth = await urge(order.id);
    expect(fourth.body).toMatchObject({ urgeCount: 4, priority: 'urgent', throttled: ['李维修'], supervisorNotified: '赵主管' });
    for (let i = 0; i < 200 && mailsTo(PHONES.supervisor).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(mailsTo(PHONES.supervisor).map((mail) => mail.text)).toEqual([`【催单督办】工单 ${order.orderNo}（幸福路 9 号）客户已催办 4 次，处理人 李维修，请督办。`]);
    const fifth = await urge(order.id);
    expect(fifth.body).toMatchObject({ urgeCount: 5, supervisorNotified: null });
    expect(await t.db('outbox').where({ purpose: 'repair-urge-supervisor' }).pluck('recipient')).toEqual([PHONES.supervisor]);
    expect((await t.db('repair_urges').where({ order_id: order.id }).whereNotNull('supervisor_notified_id')).map((row) => row.supervisor_notified_id)).toEqual([people.supervisor]);
  });

  it('texts the handler again once the quiet interval has passed', async () => {
    // As if the earlier urges were 31 minutes ago (the default quiet interval is 30).
    await t.db('repair_urges').where({ order_id: order.id }).update({ at: t.db.raw("at - interval '31 minutes'") });
    const { body } = await urge(order.id);
    expect(body).toMatchObject({ urgeCount: 6, texted: ['李维修'], throttled: [] });
    for (let i = 0; i < 200 && mailsTo(PHONES.crew).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(mailsTo(PHONES.crew)).toHaveLength(2);
  });
});

it('texts the dispatchers with a phone while the order waits for dispatch', async () => {
  const order = await newOrder();
  const { status, body } = await urge(order.id);
  expect(status).toBe(200);
  expect(body).toMatchObject({ urgeCount: 1, priority: 'high', texted: ['王调度'], supervisorNotified: null });
  expect(await t.db('outbox').where({ purpose: 'repair-urged', recipient: PHONES.dispatcher }).pluck('body')).toEqual([expect.stringContaining(order.orderNo)]);
});

describe('refusals store nothing', () => {
  it('409 for an order that is no longer open', async () => {
    const [{ id }] = await t.db('repair_orders')
      .insert({ order_no: 'URGE-CLOSED-1', source: 'agent', category: 'meter-box', description: '已结单', place: '幸福路 9 号', priority: 'normal', state: 'closed', workflow_id: 'urge-closed-1' })
      .returning('id');
    const before = await stored();
    const { status, body } = await urge(id, { reason: '还没修好' });
    expect({ status, code: body.error.code }).toEqual({ status: 409, code: 'ORDER_NOT_OPEN' });
    expect(await stored()).toEqual(before);
    expect((await t.db('repair_orders').where({ id }).first()).urge_count).toBe(0);
  });

  it('400 for a reason holding a NUL character, or too long', async () => {
    const order = await t.db('repair_orders').where({ state: 'open' }).first('id', 'urge_count', 'priority');
    const before = await stored();
    for (const [reason, code] of [['催\u0000单', 'UNSTORABLE_TEXT'], ['催'.repeat(201), 'INVALID_URGE']]) {
      const { status, body } = await urge(order.id, { reason });
      expect({ status, code: body.error.code }).toEqual({ status: 400, code });
    }
    expect(await stored()).toEqual(before);
    expect(await t.db('repair_orders').where({ id: order.id }).first('urge_count', 'priority')).toEqual({ urge_count: order.urge_count, priority: order.priority });
  });

  it('403 for a crew member, 404 for an unknown order', async () => {
    const order = await t.db('repair_orders').where({ state: 'open' }).first('id');
    const before = await stored();
    const refused = await urge(order.id, {}, crewCookie);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await stored()).urges).toBe(before.urges);
    const unknown = await urge(999_999);
    expect(unknown.status).toBe(404);
    expect((await stored()).urges).toBe(before.urges);
  });
});
