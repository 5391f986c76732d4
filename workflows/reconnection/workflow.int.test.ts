import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { insertCustomer } from '../../db/seeds/customers';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../../test/support/gridflow';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { CENTRAL_TASK_QUEUE } from '../task-queues';
import { reconnectionWorkflowId } from './ids';
import type { WorkflowHandle } from '@temporalio/client';
import { insertUser } from '../../db/seeds/users';
import { completeTaskUpdate } from '../human/wait-for-person';
import { reconnectCustomer, ReconnectionInput, ReconnectionResult, ReconnectionStatus, reconnectionStatusQuery } from './workflow';

const TWO_HOURS = 2 * 60 * 60 * 1000;
const meterAddress = (n: number) => `0000000001${String(n).padStart(2, '0')}`;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let collectorId: number;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  collectorId = await insertUser(t.db, { username: 'collector', roles: ['collector'] });
  gridflow = await startGridflow({
    env,
    db: t.db,
    meters: Array.from({ length: 11 }, (_, i) => ({ address: meterAddress(i + 1), relayOpen: true, replyLatencyMs: 2 })),
  });
});

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

/** A disconnected customer on the test site who has paid everything. */
async function paidDisconnectedCustomer(n: number, overrides: Parameters<typeof insertCustomer>[1] extends infer S ? Partial<S> : never = {}) {
  return insertCustomer(t.db, {
    customerNo: `R-${n}`,
    name: `客户${n}`,
    phone: `1380000${String(n).padStart(4, '0')}`,
    supplyStatus: 'disconnected',
    segment: { code: 'SEG-R', collectorName: '李催费', collectorPhone: '13900000009' },
    meter: { address: meterAddress(n), site: TEST_SITE, line: TEST_LINE },
    ...overrides,
  });
}

function start(customerNo: string) {
  return env.client.workflow.start(reconnectCustomer, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: reconnectionWorkflowId(customerNo),
    args: [{ customerNo, trigger: 'payment' }],
  });
}

async function waitForStage(handle: WorkflowHandle<typeof reconnectCustomer>, stage: ReconnectionStatus['stage']): Promise<ReconnectionStatus> {
  let status: ReconnectionStatus | undefined;
  await waitUntil(async () => (status = await handle.query(reconnectionStatusQuery)).stage === stage);
  return status!;
}

function reconnect(customerNo: string): Promise<ReconnectionResult> {
  return env.client.workflow.execute(reconnectCustomer, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: reconnectionWorkflowId(customerNo),
    args: [{ customerNo, trigger: 'payment' }],
  });
}

const closeCommands = (n: number) =>
  gridflow.simulator.meter(meterAddress(n)).commandsReceived().filter((c) => c.command === 'direct-close');

describe('remote reconnection', () => {
  it('reconnects on the first command, writes back and texts the customer', async () => {
    const customer = await paidDisconnectedCustomer(1);

    const result = await reconnect(customer.customerNo);

    expect(result).toMatchObject({ outcome: 'reconnected', commandsSent: 1, orderNo: expect.stringMatching(/^10\d{6}$/) });
    expect(gridflow.simulator.meter(meterAddress(1)).relayOpen).toBe(false);
    const row = await t.db('customers').where({ id: customer.customerId }).first();
    expect(row.supply_status).toBe('connected');
    expect(row.last_reconnected_at).not.toBeNull();
    const order = await t.db('work_orders').where({ customer_id: customer.customerId }).first();
    expect(order).toMatchObject({ kind: 'auto_reconnection', state: 'completed', outcome: 'reconnected' });
    const sms = await t.db('outbox').where({ customer_id: customer.customerId });
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ channel: 'sms', recipient: '13800000001', state: 'sent', purpose: 'customer-reconnected' });
    expect(sms[0].body).toContain('R-1');
    expect(sms[0].body).toContain(result.outcome === 'reconnected' ? result.orderNo : '?');
    const [attempt] = await t.db('events').where({ customer_id: customer.customerId, type: 'meter.command.confirmed' });
    expect(attempt.data.exchanges[0].sentHex).toMatch(/^FE FE FE FE 68 01 01 00 00 00 00 68 1C 10 /);
  });

  it('retries 2 hours after each failure and succeeds on the third command', async () => {
    const customer = await paidDisconnectedCustomer(2);
    gridflow.simulator.meter(meterAddress(2)).failNextCommands(2, 'silence');
    const startedAt = await env.currentTimeMs();

    const result = await reconnect(customer.customerNo);

    expect(result).toMatchObject({ outcome: 'reconnected', commandsSent: 3 });
    expect((await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(2 * TWO_HOURS);
    const history = await env.client.workflow.getHandle(reconnectionWorkflowId(customer.customerNo)).fetchHistory();
    const timers = history.events!.filter((e) => e.timerStartedEventAttributes).map((e) => Number(e.timerStartedEventAttributes!.startToFireTimeout!.seconds));
    expect(timers).toEqual([7200, 7200]);
    expect(closeCommands(2)).toHaveLength(3);
    const failed = await t.db('events').where({ customer_id: customer.customerId, type: 'meter.command.failed' }).orderBy('id');
    expect(failed.map((e) => e.data.failure.code)).toEqual(['NO_REPLY', 'NO_REPLY']);
    expect(await t.db('outbox').where({ customer_id: customer.customerId, purpose: 'customer-reconnected' })).toHaveLength(1);
  });

  it('after three failed commands texts the collector, opens a manual order and waits for the collector', async () => {
    const customer = await paidDisconnectedCustomer(3);
    gridflow.simulator.meter(meterAddress(3)).failNextCommands(3, 'stuckRelay');

    const handle = await start(customer.customerNo);
    // Skip the two 2-hour waits between commands.
    await env.sleep(2 * TWO_HOURS + 60_000);
    const status = await waitForStage(handle, 'waiting-for-collector');

    expect(status).toMatchObject({ commandsSent: 3, manualOrderNo: expect.stringMatching(/^14\d{10}$/) });
    expect(closeCommands(3)).toHaveLength(3);
    const orders = await t.db('work_orders').where({ customer_id: customer.customerId }).orderBy('opened_at');
    expect(orders.map((o) => [o.kind, o.state])).toEqual([
      ['auto_reconnection', 'failed'],
      ['manual_reconnection', 'open'],
    ]);
    const messages = await t.db('outbox').where({ customer_id: customer.customerId });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ recipient: '13900000009', purpose: 'collector-manual-reconnection', state: 'sent' });
    expect(messages[0].body).toContain(status.manualOrderNo);
    expect(messages[0].body).toContain('远程复电指令多次失败');
    expect((await t.db('customers').where({ id: customer.customerId }).first()).supply_status).toBe('disconnected');

    const task = await t.db('tasks').where({ id: status.taskId }).first();
    expect(task).toMatchObject({ step: 'manual-reconnection', state: 'open', candidate_roles: ['collector'] });
    const onSiteAt = new Date(await env.currentTimeMs()).toISOString();
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: Number(task.id), by: { userId: collectorId, roles: ['collector'] }, result: { reconnectedAt: onSiteAt } }] });

    await expect(handle.result()).resolves.toMatchObject({
      outcome: 'reconnected-on-site',
      reason: 'commands-failed',
      manualOrderNo: status.manualOrderNo,
      autoOrderNo: status.autoOrderNo,
      commandsSent: 3,
      completedById: collectorId,
    });
    const row = await t.db('customers').where({ id: customer.customerId }).first();
    expect(row.supply_status).toBe('connected');
    expect(new Date(row.last_reconnected_at).toISOString()).toBe(onSiteAt);
    expect(await t.db('work_orders').where({ order_no: status.manualOrderNo }).first()).toMatchObject({ state: 'completed', outcome: 'reconnected-on-site' });
  });

  it('sends an ineligible customer straight to the collector without touching the meter', async () => {
    const customer = await paidDisconnectedCustomer(4, { remoteReconnectEligible: false });

    const status = await waitForStage(await start(customer.customerNo), 'waiting-for-collector');

    expect(status).toMatchObject({ commandsSent: 0, manualOrderNo: expect.stringMatching(/^14/) });
    expect(gridflow.simulator.meter(meterAddress(4)).received).toHaveLength(0);
    const [message] = await t.db('outbox').where({ customer_id: customer.customerId });
    expect(message).toMatchObject({ recipient: '13900000009', purpose: 'collector-manual-reconnection' });
    expect(message.body).toContain('未开通远程自动复电');
  });

  it('sends no command while arrears remain', async () => {
    const customer = await paidDisconnectedCustomer(5, { dueBillsFen: [100] });

    const result = await reconnect(customer.customerNo);

    expect(result).toEqual({ outcome: 'not-needed', reason: 'arrears-remain', commandsSent: 0 });
    expect(gridflow.simulator.meter(meterAddress(5)).received).toHaveLength(0);
    expect(await t.db('work_orders').where({ customer_id: customer.customerId })).toHaveLength(0);
    // A look that finds nothing to do is not a case: the case list shows only work.
    expect(await t.db('cases').where({ customer_id: customer.customerId })).toHaveLength(0);
  });

  it('opens no second case when a late start finds the customer reconnected already', async () => {
    // The sweep read the customer as due just before the first reconnection wrote back.
    const customer = await paidDisconnectedCustomer(10);
    await expect(reconnect(customer.customerNo)).resolves.toMatchObject({ outcome: 'reconnected' });
    await expect(reconnect(customer.customerNo)).resolves.toEqual({ outcome: 'not-needed', reason: 'already-connected', commandsSent: 0 });
    expect(await t.db('cases').where({ customer_id: customer.customerId })).toMatchObject([{ type: 'reconnection', state: 'completed' }]);
    expect(closeCommands(10)).toHaveLength(1);
  });

  it('stops retrying when the customer was reconnected on site meanwhile', async () => {
    const customer = await paidDisconnectedCustomer(6);
    gridflow.simulator.meter(meterAddress(6)).failNextCommands(1, 'silence');
    const handle = await env.client.workflow.start(reconnectCustomer, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: reconnectionWorkflowId(customer.customerNo),
      args: [{ customerNo: customer.customerNo, trigger: 'sweep' }],
    });
    // Wait, in real time, for the first command to fail; then fix things by hand.
    await waitUntil(async () => (await handle.query(reconnectionStatusQuery)).stage === 'waiting-to-retry');
    await t.db('customers').where({ id: customer.customerId }).update({ supply_status: 'connected' });

    const result = await handle.result();

    expect(result).toMatchObject({ outcome: 'not-needed', reason: 'already-connected', commandsSent: 1 });
    expect(closeCommands(6)).toHaveLength(1);
    expect(await t.db('work_orders').where({ customer_id: customer.customerId }).first()).toMatchObject({ state: 'cancelled' });
  });

  it('refuses a second workflow for the same customer while one runs', async () => {
    const customer = await paidDisconnectedCustomer(7);
    gridflow.simulator.meter(meterAddress(7)).failNextCommands(1, 'silence');
    const options = {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: reconnectionWorkflowId(customer.customerNo),
      args: [{ customerNo: customer.customerNo, trigger: 'payment' }] as [ReconnectionInput],
    };
    const first = await env.client.workflow.start(reconnectCustomer, options);
    await expect(env.client.workflow.start(reconnectCustomer, options)).rejects.toThrow('already started');
    await first.result();
    expect(await t.db('work_orders').where({ customer_id: customer.customerId })).toHaveLength(1);
  });
});

describe('the satisfaction survey after a reconnection', () => {
  const publishRevisitPolicy = (value: object) => t.db('settings').insert({ key: 'revisit', value: JSON.stringify(value) }).onConflict('key').merge();
  afterAll(() => publishRevisitPolicy({}));

  it('is not texted while the revisit policy leaves it off (the default)', async () => {
    const customer = await paidDisconnectedCustomer(8);
    const result = await reconnect(customer.customerNo);
    expect(result).toMatchObject({ outcome: 'reconnected' });
    expect(await t.db('outbox').where({ customer_id: customer.customerId }).pluck('purpose')).toEqual(['customer-reconnected']);
    expect(await t.db('survey_requests').where({ customer_id: customer.customerId })).toEqual([]);
  });

  it('is texted once, with the policy’s template, when the policy turns it on; it then waits for the reply', async () => {
    await publishRevisitPolicy({ surveys: { reconnection: { enabled: true, template: '复电工单 {orderNo} 请评分 1-5' } } });
    const customer = await paidDisconnectedCustomer(9);
    const result = await reconnect(customer.customerNo);
    expect(result).toMatchObject({ outcome: 'reconnected' });
    const orderNo = (result as { orderNo: string }).orderNo;
    const sms = await t.db('outbox').where({ customer_id: customer.customerId }).orderBy('id');
    expect(sms.map((m) => m.purpose)).toEqual(['customer-reconnected', 'reconnection-rating-survey']);
    expect(sms[1]).toMatchObject({ recipient: '13800000009', body: `复电工单 ${orderNo} 请评分 1-5`, idempotency_key: `sms:reconnection-rating-survey:${orderNo}`, state: 'sent' });
    const [request] = await t.db('survey_requests').where({ customer_id: customer.customerId });
    expect(request).toMatchObject({ process: 'reconnection', order_ref: orderNo, phone: '13800000009', answered_at: null });
    // The policy's 48 hours for an answer.
    expect(new Date(request.expires_at).getTime() - new Date(request.sent_at).getTime()).toBeGreaterThanOrEqual(48 * 3600_000 - 5_000);
    expect(await t.db('events').where({ order_no: orderNo, type: 'rating.survey_requested' })).toHaveLength(1);
  });

  it('is not texted to a customer who had the week’s share of surveys', async () => {
    const customer = await paidDisconnectedCustomer(11);
    await t.db('outbox').insert(
      ['a', 'b'].map((n) => ({ idempotency_key: `cap-R-11-${n}`, channel: 'sms', recipient: '13800000011', body: '请评分', purpose: 'repair-rating-request', state: 'sent' })),
    );
    await reconnect(customer.customerNo);
    expect(await t.db('outbox').where({ customer_id: customer.customerId }).pluck('purpose')).toEqual(['customer-reconnected']);
    expect(await t.db('survey_requests').where({ customer_id: customer.customerId })).toEqual([]);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
