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
import { repairOrder } from '../../workflows/repair/workflow';
import { createApp } from '../app';
import { issueServiceToken } from '../service-tokens';
import { openTaskOf } from '../../test/support/tasks';

const PASSWORD = 'repair-password-1';
let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
let agentCookie: string;
let crewCookie: string;
let machineToken: string;
const people = { agent: 0, dispatcher: 0, crew: 0 };
const customers = { single: 0, shared1: 0, shared2: 0 };

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  people.agent = await insertUser(t.db, { username: 'agent', displayName: '陈座席', roles: ['agent'], password: PASSWORD });
  people.dispatcher = await insertUser(t.db, { username: 'dispatcher', roles: ['dispatcher'], password: PASSWORD });
  people.crew = await insertUser(t.db, { username: 'crew', displayName: '李维修', roles: ['crew'], password: PASSWORD });
  customers.single = (await insertCustomer(t.db, { customerNo: 'RA-1', name: '独户', phone: '13800002001' })).customerId;
  customers.shared1 = (await insertCustomer(t.db, { customerNo: 'RA-2', name: '同号甲', phone: '13800002002', address: '幸福路 2 号' })).customerId;
  customers.shared2 = (await insertCustomer(t.db, { customerNo: 'RA-3', name: '同号乙', phone: '13800002002', address: '幸福路 3 号' })).customerId;
  await t.db('repair_devices').insert([
    { device_id: 'TX-100', category: 'outage-area', place: '幸福路配变' },
    { device_id: 'TX-200', category: 'line-down', place: '和平路 10kV 线' },
    { device_id: 'TX-300', category: 'outage-area', place: '幸福路 2-3 号配变' },
  ]);
  await t.db('repair_device_customers').insert([
    { device_id: 'TX-100', customer_id: customers.single, position: 0 },
    { device_id: 'TX-300', customer_id: customers.shared2, position: 0 },
    { device_id: 'TX-300', customer_id: customers.shared1, position: 1 },
  ]);
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  agentCookie = await sessionCookie(api.baseUrl, 'agent', PASSWORD);
  crewCookie = await sessionCookie(api.baseUrl, 'crew', PASSWORD);
  machineToken = await issueServiceToken(t.db, 'monitoring');
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

/** Calls the API and checks a 2xx answer against the contract the OpenAPI document names for it. */
const call = contractClient(() => api.baseUrl);

const intake = (body: object, auth: { cookie?: string; token?: string } = { cookie: agentCookie }) =>
  call('post', '/api/repair_orders', '/api/repair_orders', auth, { category: 'meter-box', description: '表箱冒烟', place: '幸福路 1 号', contactPhone: '13800002001', ...body });
const alarm = (body: object) => call('post', '/api/alarms', '/api/alarms', { token: machineToken }, { deviceId: 'TX-100', alarmCode: 'OVERLOAD', severity: 'major', raisedAt: '2026-12-01T08:00:00+08:00', ...body });
const sms = (from: string, text: string, messageId?: string) => call('post', '/api/sms/inbound', '/api/sms/inbound', { token: machineToken }, { from, text, ...(messageId ? { messageId } : {}) });
const count = async (table: string) => Number((await t.db(table).count('* as n').first())!.n);

const openTask = (workflowId: string, step: string) => openTaskOf(t.db, workflowId, step);

/** Takes an order's workflow to its callback: dispatched, accepted, repaired, closed. */
async function toCallback(orderNo: string): Promise<void> {
  const handle = env.client.workflow.getHandle(repairWorkflowId(orderNo));
  const steps: Array<[string, number, Role, object]> = [
    ['repair-dispatch', people.dispatcher, 'dispatcher', { crewUserId: people.crew }],
    ['repair-accept', people.crew, 'crew', { decision: 'accept' }],
    ['repair-work', people.crew, 'crew', { report: '已修复', parts: [] }],
    ['repair-close', people.dispatcher, 'dispatcher', {}],
  ];
  for (const [step, userId, role, result] of steps) {
    const taskId = await openTask(handle.workflowId, step);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles: [role] }, result }] });
  }
  await openTask(handle.workflowId, 'repair-callback');
}

describe('intake by an agent', () => {
  it("takes the one customer with the caller's number, numbers the order and starts its workflow", async () => {
    const { status, body } = await intake({ callerPhone: '13800002001', priority: 'high' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ orderNo: expect.stringMatching(/^16\d{8}$/), source: 'agent', customerNo: 'RA-1', customerName: '独户', state: 'open', priority: 'high', loopCount: 0 });
    await openTask(repairWorkflowId(body.orderNo), 'repair-dispatch');
    const opened = await t.db('events').where({ order_no: body.orderNo, type: 'repair.opened' }).first();
    expect(opened).toMatchObject({ actor: `user:${people.agent}`, customer_id: customers.single });
    const shown = await call('get', '/api/repair_orders/{id}', `/api/repair_orders/${body.id}`, { cookie: agentCookie });
    expect(shown.body).toMatchObject({ orderNo: body.orderNo, caseId: expect.any(Number) });
    // What the back office shows: the category by the tree's names, the SLA stage, the open step, the order's details.
    expect(shown.body).toMatchObject({
      categoryName: '表箱故障',
      categoryParent: 'meter',
      categoryParentName: '计量装置',
      slaStage: 'response',
      slaDueAt: expect.any(String),
      overdue: false,
      openTaskId: expect.any(Number),
      openTaskStep: 'repair-dispatch',
      alarms: [],
      parts: [],
      compensations: [],
    });
  });

  it('answers the fault category tree in force', async () => {
    const { status, body } = await call('get', '/api/repair_categories', '/api/repair_categories', { cookie: agentCookie });
    expect(status).toBe(200);
    expect(body).toContainEqual({ code: 'meter', name: '计量装置', children: [{ code: 'meter-broken', name: '表计损坏' }, { code: 'meter-box', name: '表箱故障' }] });
  });

  it('lists the customers sharing the number, and stores nothing until one is chosen', async () => {
    const before = await count('repair_orders');
    const { status, body } = await intake({ callerPhone: '13800002002' });
    expect(status).toBe(409);
    expect(body.error.code).toBe('CUSTOMER_AMBIGUOUS');
    expect(body.error.details.customers).toEqual([
      { id: customers.shared1, customerNo: 'RA-2', name: '同号甲', address: '幸福路 2 号' },
      { id: customers.shared2, customerNo: 'RA-3', name: '同号乙', address: '幸福路 3 号' },
    ]);
    expect(await count('repair_orders')).toBe(before);
    const chosen = await intake({ callerPhone: '13800002002', customerId: customers.shared2 });
    expect(chosen.status).toBe(201);
    expect(chosen.body.customerNo).toBe('RA-3');
  });

  it('asks for a manual choice when nobody has the number, and refuses bad input, storing nothing', async () => {
    const before = await count('repair_orders');
    const nobody = await intake({ callerPhone: '13999999999' });
    expect([nobody.status, nobody.body.error.code]).toEqual([422, 'CUSTOMER_NOT_FOUND']);
    const category = await intake({ callerPhone: '13800002001', category: 'meter' });
    expect([category.status, category.body.error.code]).toEqual([400, 'UNKNOWN_CATEGORY']);
    const empty = await intake({ callerPhone: '13800002001', description: '  ' });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'INVALID_REPAIR_ORDER']);
    const noCaller = await intake({});
    expect([noCaller.status, noCaller.body.error.code]).toEqual([400, 'INVALID_REPAIR_ORDER']);
    expect(await count('repair_orders')).toBe(before);
  });

  it('answers a retried intake with the order it opened', async () => {
    const first = await intake({ callerPhone: '13800002001', idempotencyKey: 'call-42' });
    const again = await intake({ callerPhone: '13800002001', idempotencyKey: 'call-42' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.orderNo).toBe(first.body.orderNo);
  });

  it('takes the website in with a service token, and refuses those who may not take orders in', async () => {
    const web = await intake({ callerPhone: '13800002001' }, { token: machineToken });
    expect([web.status, web.body.source]).toEqual([201, 'self_service']);
    const crew = await intake({ callerPhone: '13800002001' }, { cookie: crewCookie });
    expect(crew.status).toBe(403);
  });

  it('lists orders and the crews to dispatch to', async () => {
    const list = await call('get', '/api/repair_orders', `/api/repair_orders?filter=${encodeURIComponent(JSON.stringify({ source: 'agent' }))}`, { cookie: crewCookie });
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThan(0);
    expect(list.body.every((order: { source: string }) => order.source === 'agent')).toBe(true);
    const crews = await call('get', '/api/repair_crews', '/api/repair_crews', { cookie: agentCookie });
    expect(crews.body).toEqual([{ id: people.crew, name: '李维修', openOrders: expect.any(Number) }]);
  });
});

describe("the designers' repair policy", () => {
  it('is published like any other, and its category tree decides what intake accepts', async () => {
    await insertUser(t.db, { username: 'designer', roles: ['designer'], password: PASSWORD });
    const cookie = await sessionCookie(api.baseUrl, 'designer', PASSWORD);
    const post = (url: string, body: object) => fetch(`${api.baseUrl}${url}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const categories = [{ code: 'streetlight', name: '路灯', children: [{ code: 'streetlight-out', name: '路灯不亮' }] }];
    expect((await post('/api/policies/preview', { key: 'repair', value: { categories } })).status).toBe(200);
    const refused = await post('/api/policies', { key: 'repair', value: { badRatingThreshold: 9 }, reason: '试试' });
    expect(refused.status).toBe(400);
    const published = await post('/api/policies', { key: 'repair', value: { categories }, reason: '只受理路灯' });
    expect(published.status).toBe(201);
    const street = await intake({ callerPhone: '13800002001', category: 'streetlight-out' });
    expect(street.status).toBe(201);
    const meter = await intake({ callerPhone: '13800002001', category: 'meter-box' });
    expect([meter.status, meter.body.error.code]).toEqual([400, 'UNKNOWN_CATEGORY']);
    // Back to the defaults for the tests below.
    expect((await post('/api/policies', { key: 'repair', value: {}, reason: '恢复默认' })).status).toBe(201);
  });
});

describe('alarms', () => {
  it('opens one order for 100 repeats of one device and code, with all 100 attached, and records the clearing on it', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => alarm({ raisedAt: new Date(Date.UTC(2026, 11, 1, 0, 0, i / 10)).toISOString() })));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(99).fill(200), 201]);
    const orderNos = new Set(answers.map((a) => a.body.orderNo));
    expect(orderNos.size).toBe(1);
    const [orderNo] = [...orderNos];
    const order = await t.db('repair_orders').where({ order_no: orderNo }).first();
    expect(order).toMatchObject({ source: 'alarm', device_id: 'TX-100', alarm_code: 'OVERLOAD', priority: 'high', category: 'outage-area', customer_id: customers.single });
    expect(await t.db('repair_alarms').where({ order_id: order.id }).count('* as n').first()).toEqual({ n: '100' });

    // Another code of the same device is another fault.
    const other = await alarm({ alarmCode: 'OIL-TEMP', severity: 'critical' });
    expect(other.status).toBe(201);
    expect(other.body.orderNo).not.toBe(orderNo);

    const cleared = await alarm({ clearing: true });
    expect([cleared.status, cleared.body]).toEqual([200, { alarmId: expect.any(Number), orderNo, opened: false, clearing: true }]);
    expect(await t.db('repair_alarms').where({ order_id: order.id, clearing: true }).count('* as n').first()).toEqual({ n: '1' });
    const shown = await call('get', '/api/repair_orders/{id}', `/api/repair_orders/${order.id}`, { cookie: agentCookie });
    expect(shown.body.alarmCount).toBe(101);
    expect(shown.body.alarms).toHaveLength(50);
    expect(shown.body.alarms[0]).toMatchObject({ alarmCode: 'OVERLOAD', clearing: true });
  });

  it('records a redelivered alarm once, answering as the first time', async () => {
    const first = await alarm({ deviceId: 'TX-200', alarmCode: 'LINE-DOWN', severity: 'critical', alarmId: 'nms-9001' });
    const again = await Promise.all([1, 2, 3].map(() => alarm({ deviceId: 'TX-200', alarmCode: 'LINE-DOWN', severity: 'critical', alarmId: 'nms-9001' })));
    expect(first.status).toBe(201);
    expect(again.map((a) => [a.status, a.body.alarmId, a.body.orderNo])).toEqual(Array(3).fill([200, first.body.alarmId, first.body.orderNo]));
    expect(await t.db('repair_alarms').where({ device_id: 'TX-200' }).count('* as n').first()).toEqual({ n: '1' });
    const order = await t.db('repair_orders').where({ order_no: first.body.orderNo }).first();
    expect(order).toMatchObject({ priority: 'urgent', customer_id: null, place: '和平路 10kV 线' });
  });

  it("opens an order for every customer the device stands for, and keeps them when the map changes later", async () => {
    const opened = await alarm({ deviceId: 'TX-300', alarmCode: 'NO-VOLTAGE', severity: 'critical' });
    expect(opened.status).toBe(201);
    const order = await t.db('repair_orders').where({ order_no: opened.body.orderNo }).first();
    // The first customer the designer listed is the order's; the description is the alarm's code, worded by the back office.
    expect(order).toMatchObject({ customer_id: customers.shared2, description: 'NO-VOLTAGE', place: '幸福路 2-3 号配变' });
    const [event] = await t.db('events').where({ type: 'repair.alarm_received', order_no: opened.body.orderNo }).select('customer_id', 'data');
    expect(event).toMatchObject({ customer_id: customers.shared2, data: { deviceId: 'TX-300', customerIds: [customers.shared2, customers.shared1] } });
    await t.db('repair_device_customers').where({ device_id: 'TX-300', customer_id: customers.shared1 }).delete();
    const shown = await call('get', '/api/repair_orders/{id}', `/api/repair_orders/${order.id}`, { cookie: agentCookie });
    expect(shown.body.affectedCustomers).toEqual([
      { id: customers.shared2, customerNo: 'RA-3', name: '同号乙', address: '幸福路 3 号' },
      { id: customers.shared1, customerNo: 'RA-2', name: '同号甲', address: '幸福路 2 号' },
    ]);
  });

  it('refuses an unknown device, or a request without a service token, storing nothing', async () => {
    const before = [await count('repair_alarms'), await count('repair_orders')];
    const unknown = await alarm({ deviceId: 'NOPE' });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UNKNOWN_DEVICE']);
    const bad = await alarm({ severity: 'apocalyptic' });
    expect(bad.status).toBe(400);
    const person = await call('post', '/api/alarms', '/api/alarms', { cookie: agentCookie }, { deviceId: 'TX-200', alarmCode: 'X', severity: 'minor', raisedAt: '2026-12-01T08:00:00Z' });
    expect(person.status).toBe(401);
    expect([await count('repair_alarms'), await count('repair_orders')]).toEqual(before);
  });
});

describe('SMS ratings', () => {
  it('keeps and flags what is not a rating (7), then takes ５ as 5 and finishes the order', async () => {
    const { body: order } = await intake({ callerPhone: '13800002001', contactPhone: '13700003001' });
    await toCallback(order.orderNo);
    const seven = await sms('13700003001', '7');
    expect([seven.status, seven.body]).toEqual([201, { replyId: expect.any(Number), orderNo: order.orderNo, rating: null, flagged: true, revisitNo: null }]);
    expect(await t.db('repair_sms_replies').where({ id: seven.body.replyId }).first()).toMatchObject({ body: '7', flagged: true, rating: null });
    expect((await t.db('repair_orders').where({ id: order.id }).first()).state).toBe('closed');

    const five = await sms('13700003001', '５', 'gw-1');
    expect(five.body).toEqual({ replyId: expect.any(Number), orderNo: order.orderNo, rating: 5, flagged: false, revisitNo: null });
    expect(await env.client.workflow.getHandle<typeof repairOrder>(repairWorkflowId(order.orderNo)).result()).toMatchObject({ rating: 5, via: 'sms' });
    // The gateway delivers it again: recorded once.
    const again = await sms('13700003001', '５', 'gw-1');
    expect([again.status, again.body.replyId]).toEqual([200, five.body.replyId]);
    expect(await t.db('repair_orders').where({ id: order.id }).first()).toMatchObject({ state: 'done', rating: 5 });
  });

  it.each([
    ['5分', '13700003002'],
    [' 5 ', '13700003003'],
  ])('reads %j as 5', async (text, phone) => {
    const { body: order } = await intake({ callerPhone: '13800002001', contactPhone: phone });
    await toCallback(order.orderNo);
    const reply = await sms(phone, text);
    expect(reply.body).toMatchObject({ rating: 5, flagged: false, orderNo: order.orderNo });
    expect(await env.client.workflow.getHandle<typeof repairOrder>(repairWorkflowId(order.orderNo)).result()).toMatchObject({ rating: 5, via: 'sms' });
  });

  it('flags a rating from a known number with no order waiting for one', async () => {
    // The first order's contact: that order is done, so nothing waits for a rating from it.
    const reply = await sms('13700003001', '4');
    expect([reply.status, reply.body]).toEqual([201, { replyId: expect.any(Number), orderNo: null, rating: 4, flagged: true, revisitNo: null }]);
  });

  it('refuses a message from a number it does not know, and stores nothing', async () => {
    const before = [await count('repair_sms_replies'), await count('events')];
    const reply = await sms('13700009999', '5', 'gw-unknown');
    expect([reply.status, reply.body.error.code]).toEqual([422, 'UNKNOWN_SENDER']);
    expect([await count('repair_sms_replies'), await count('events')]).toEqual(before);
  });
});

describe('hostile input', () => {
  it.each([
    ['/api/repair_orders', { callerPhone: '13800002001', category: 'meter-box', description: 'a\u0000b', place: 'x', contactPhone: '13800002001' }],
    ['/api/repair_orders', { callerPhone: '13800002001', category: 'meter-box', description: 'x'.repeat(2001), place: 'x', contactPhone: '13800002001' }],
    ['/api/repair_orders', { callerPhone: ['13800002001'], category: 'meter-box', description: 'x', place: 'x', contactPhone: '13800002001' }],
    ['/api/repair_orders', { customerId: 2 ** 40, category: 'meter-box', description: 'x', place: 'x', contactPhone: '13800002001' }],
    ['/api/repair_orders', { callerPhone: '13800002001', category: 'meter-box', description: 'x', place: 'x', contactPhone: '13800002001', __proto__: { admin: true }, extra: 1 }],
    ['/api/alarms', { deviceId: 'TX-100', alarmCode: 'X', severity: 'major', raisedAt: 'yesterday' }],
    ['/api/alarms', { deviceId: 'TX-100', alarmCode: 'X', severity: 'major', raisedAt: '2026-12-01T08:00:00Z', clearing: 'yes' }],
    ['/api/sms/inbound', { from: '13700003001', text: 5 }],
    ['/api/sms/inbound', { from: 'not a phone', text: '5' }],
  ])('refuses %s body #%# with a 400 and stores nothing', async (url, body) => {
    // The API's own events (workflows still running from the tests above write theirs meanwhile).
    const apiEvents = async () => Number((await t.db('events').whereNot('actor', 'like', 'workflow:%').count('* as n').first())!.n);
    const stored = () => Promise.all([...['repair_orders', 'repair_alarms', 'repair_sms_replies'].map(count), apiEvents()]);
    const before = await stored();
    const res = await fetch(`${api.baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${machineToken}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^INVALID_|UNSTORABLE/);
    expect(await stored()).toEqual(before);
  });
});
