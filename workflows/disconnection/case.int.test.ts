import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../../test/support/gridflow';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { completeTaskUpdate } from '../human/wait-for-person';
import { CENTRAL_TASK_QUEUE } from '../task-queues';
import { disconnectionCase, disconnectionProgressQuery } from './case';

const HOUR = 3600_000;
const CHINA = 8 * HOUR;
const meterAddress = (n: number) => `0000000005${String(n).padStart(2, '0')}`;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
const users: Record<string, number> = {};

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  users.applicant = await insertUser(t.db, { username: 'applicant', roles: ['collector', 'approver'] });
  users.approver = await insertUser(t.db, { username: 'approver', roles: ['approver'] });
  users.executor = await insertUser(t.db, { username: 'executor', roles: ['executor'] });
  gridflow = await startGridflow({
    env,
    db: t.db,
    meters: Array.from({ length: 20 }, (_, i) => ({ address: meterAddress(i + 1), relayOpen: false, replyLatencyMs: 2 })),
  });
});

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

async function customers(prefix: string, numbers: number[], overrides: Record<number, Record<string, unknown>> = {}) {
  const made = [];
  for (const n of numbers) {
    made.push(await insertCustomer(t.db, {
      customerNo: `${prefix}-${n}`,
      supplyStatus: 'connected',
      meter: { address: meterAddress(n), site: TEST_SITE, line: TEST_LINE },
      dueBillsFen: [30000],
      segment: { code: `SEG-${prefix}` },
      ...overrides[n],
    }));
  }
  return made;
}

async function openTask(caseWorkflowId: string, step: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const row = await t.db('tasks').where({ workflow_id: caseWorkflowId, step, state: 'open' }).first('id');
    if (row) return Number(row.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no open ${step} task`);
}

function complete(handle: WorkflowHandle, taskId: number, who: string, roles: string[], result: unknown) {
  return handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId: users[who]!, roles: roles as never }, result }] });
}

/** A payment stamped with the test server's (skipped-ahead) clock, as the case sees time. */
async function pay(accountNo: string, fen: number, id: string) {
  const account = await t.db('accounts').where({ account_no: accountNo }).first('id');
  const now = new Date(await env.currentTimeMs());
  await t.db('payments').insert({ payment_id: id, account_id: account.id, amount_fen: fen, channel: 'bank', paid_at: now, received_at: now });
}

describe('disconnection case', () => {
  it('approves (never by the applicant), pre-notices, re-checks payers, commands each customer and archives', async () => {
    const [a, b, c, d] = await customers('K', [1, 2, 3, 4], { 2: { protected: true } });
    const handle = await env.client.workflow.start(disconnectionCase, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: 'disconnection-case-K',
      args: [{ applicantId: users.applicant!, reason: '欠费超过两个月', customerNos: [a!, b!, c!, d!].map((x) => x.customerNo), title: 'K 段欠费停电' }],
    });

    const approval = await openTask(handle.workflowId, 'disconnection-approval');
    const own = await complete(handle, approval, 'applicant', ['collector', 'approver'], { decision: 'approve', opinion: '同意' }).catch((err) => err);
    expect(own).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((own as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'NOT_ALLOWED', message: expect.stringContaining('own') });
    await complete(handle, approval, 'approver', ['approver'], { decision: 'approve', opinion: '同意停电' });

    // Pre-notice goes to subscribers before any command.
    for (let i = 0; i < 200 && (await t.db('outbox').where({ purpose: 'outage-notice' })).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    const notices = await t.db('outbox').where({ purpose: 'outage-notice' });
    expect(notices.map((m) => m.body)).toEqual(expect.arrayContaining([expect.stringContaining('K-1')]));
    // The protected customer is never cut off, so is never told they will be.
    expect(notices.map((m) => m.customer_id).sort()).toEqual([a!.customerId, c!.customerId, d!.customerId].sort());
    expect(gridflow.simulator.meter(meterAddress(1)).received).toHaveLength(0);

    // Meanwhile C pays part, D pays everything.
    await pay(c!.accountNo, 10000, 'K-PAY-C');
    await pay(d!.accountNo, 30000, 'K-PAY-D');
    await env.sleep(25 * HOUR);
    const reCheck = await openTask(handle.workflowId, 'disconnection-re-check');
    expect((await t.db('tasks').where({ id: reCheck }).first()).payload).toMatchObject({ payers: [c!.customerNo, d!.customerNo] });
    await complete(handle, reCheck, 'executor', ['executor'], { removed: [d!.customerNo] });

    const progress = await handle.result();

    expect(progress).toMatchObject({ stage: 'archived', total: 4, disconnected: 2, excluded: 2, inFlight: 0, remaining: 0 });
    const status = async (x: { customerId: number }) => (await t.db('customers').where({ id: x.customerId }).first()).supply_status;
    expect([await status(a!), await status(b!), await status(c!), await status(d!)]).toEqual(['disconnected', 'connected', 'disconnected', 'connected']);
    expect(gridflow.simulator.meter(meterAddress(2)).received).toHaveLength(0);
    expect(gridflow.simulator.meter(meterAddress(4)).received).toHaveLength(0);
    // Each customer's outcome, with its reason, for the case page.
    const caseRow = await t.db('cases').where({ workflow_id: handle.workflowId }).first('id');
    const outcomes = await t.db('disconnection_outcomes').where({ case_id: caseRow.id }).orderBy('customer_id');
    expect(outcomes.map((o) => [o.customer_id, o.state, o.code])).toEqual([
      [a!.customerId, 'disconnected', null],
      [b!.customerId, 'excluded', 'PROTECTED'],
      [c!.customerId, 'disconnected', null],
      [d!.customerId, 'excluded', 'REMOVED'],
    ]);
    // Each customer has a disconnection order; the notice names it (not the case id), and it ends with the outcome.
    const orders = await t.db('work_orders').where({ case_id: caseRow.id }).orderBy('customer_id');
    expect(orders.map((o) => [o.customer_id, o.kind, o.state, o.outcome])).toEqual([
      [a!.customerId, 'disconnection', 'completed', 'disconnected'],
      [b!.customerId, 'disconnection', 'cancelled', 'excluded'],
      [c!.customerId, 'disconnection', 'completed', 'disconnected'],
      [d!.customerId, 'disconnection', 'cancelled', 'excluded'],
    ]);
    expect(orders.map((o) => o.reason)).toEqual(['arrears', 'PROTECTED', 'arrears', 'REMOVED']);
    for (const order of orders) expect(order.order_no).toMatch(/^12\d{8}$/);
    for (const notice of notices) {
      const order = orders.find((o) => o.customer_id === notice.customer_id)!;
      expect(notice.body).toContain(`（工单${order.order_no}）`);
    }
    const orderEvents = await t.db('events').where({ case_id: caseRow.id }).whereIn('type', ['work_order.opened', 'work_order.closed']).select('type', 'order_no');
    expect(orderEvents).toHaveLength(8);
  });

  it('ends with the reason when the approver rejects', async () => {
    const [a] = await customers('R', [10]);
    const handle = await env.client.workflow.start(disconnectionCase, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: 'disconnection-case-R',
      args: [{ applicantId: users.applicant!, reason: '欠费', customerNos: [a!.customerNo], title: 'R' }],
    });
    await complete(handle, await openTask(handle.workflowId, 'disconnection-approval'), 'approver', ['approver'], { decision: 'reject', opinion: '客户已承诺本周缴费' });
    await expect(handle.result()).resolves.toMatchObject({ stage: 'rejected', disconnected: 0 });
    const task = await t.db('tasks').where({ workflow_id: handle.workflowId }).first();
    expect(task.result).toEqual({ decision: 'reject', opinion: '客户已承诺本周缴费' });
    expect(gridflow.simulator.meter(meterAddress(10)).received).toHaveLength(0);
  });

  it('archives with nobody left when everyone paid and was removed', async () => {
    const [a, b] = await customers('E', [11, 12]);
    const handle = await env.client.workflow.start(disconnectionCase, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: 'disconnection-case-E',
      args: [{ applicantId: users.applicant!, reason: '欠费', customerNos: [a!.customerNo, b!.customerNo], title: 'E' }],
    });
    await complete(handle, await openTask(handle.workflowId, 'disconnection-approval'), 'approver', ['approver'], { decision: 'approve', opinion: '同意' });
    await pay(a!.accountNo, 30000, 'E-PAY-A');
    await pay(b!.accountNo, 30000, 'E-PAY-B');
    await env.sleep(25 * HOUR);
    await complete(handle, await openTask(handle.workflowId, 'disconnection-re-check'), 'applicant', ['collector'], { removed: [a!.customerNo, b!.customerNo] });
    await expect(handle.result()).resolves.toMatchObject({ stage: 'archived', disconnected: 0, excluded: 2 });
    const caseRow = await t.db('cases').where({ workflow_id: handle.workflowId }).first();
    expect(caseRow).toMatchObject({ state: 'completed', current_step: 'archived-empty' });
  });
});

describe('disconnection case, commands', () => {
  afterEach(async () => {
    await t.db('settings').where({ key: 'disconnection' }).delete();
  });

  async function usePolicy(policy: Record<string, unknown>) {
    await t.db('settings').insert({ key: 'disconnection', value: JSON.stringify(policy) }).onConflict('key').merge();
  }

  /** Moves the test server's clock to the next given time of day in China. */
  async function skipToChinaTime(hour: number, minute = 0): Promise<number> {
    const now = await env.currentTimeMs();
    const localMidnight = Math.floor((now + CHINA) / (24 * HOUR)) * 24 * HOUR - CHINA;
    let target = localMidnight + hour * HOUR + minute * 60_000;
    if (target <= now) target += 24 * HOUR;
    await env.sleep(target - now);
    return target;
  }

  async function approvedCase(id: string, customerNos: string[]) {
    const handle = await env.client.workflow.start(disconnectionCase, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: `disconnection-case-${id}`,
      args: [{ applicantId: users.applicant!, reason: '欠费', customerNos, title: id }],
    });
    await complete(handle, await openTask(handle.workflowId, 'disconnection-approval'), 'approver', ['approver'], { decision: 'approve', opinion: '同意' });
    return handle;
  }

  const anyDay = { weekendsForbidden: false, holidays: [], workdayOverrides: [] };

  it('pauses its commands after the cut-off, says until when and why, and commands next morning', async () => {
    await usePolicy({ preNoticeMinutes: 60, forbiddenWindows: anyDay });
    const at1530 = await skipToChinaTime(15, 30);
    const [a, b] = await customers('P', [13, 14]);
    const handle = await approvedCase('P', [a!.customerNo, b!.customerNo]);

    // The notice period ends at 16:30, past the 16:00 cut-off.
    await env.sleep(70 * 60_000);
    const paused = await handle.query(disconnectionProgressQuery);
    const nextMorning = at1530 + 15.5 * HOUR;
    expect(paused).toMatchObject({ stage: 'commands', remaining: 2, inFlight: 0, pausedUntil: new Date(nextMorning).toISOString(), pauseCode: 'AFTER_CUTOFF', pauseReason: expect.stringContaining('after 16:00') });
    expect((await t.db('cases').where({ workflow_id: handle.workflowId }).first()).current_step).toBe('commands-paused');
    expect(gridflow.simulator.meter(meterAddress(13)).received).toHaveLength(0);
    // The paused case holds the rest back; nobody waits idle in a child as "deferred".
    expect(paused.deferred).toBe(0);

    await expect(handle.result()).resolves.toMatchObject({ stage: 'archived', disconnected: 2, pausedUntil: null });
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(nextMorning);
    expect(gridflow.simulator.meter(meterAddress(13)).relayOpen).toBe(true);
  });

  it('frees a failed command\'s place in the window: the next customer is commanded while the first waits for a hand-entered time', async () => {
    await usePolicy({ preNoticeMinutes: 1, commandWindow: 1, forbiddenWindows: { ...anyDay, nightStart: '23:58', nightEnd: '23:59', dailyCutoff: '23:59' } });
    await skipToChinaTime(10);
    const [a, b] = await customers('W', [15, 16]);
    gridflow.simulator.meter(meterAddress(15)).failNextCommands(1, 'silence');
    const handle = await approvedCase('W', [a!.customerNo, b!.customerNo]);
    await env.sleep(2 * 60_000); // the notice period
    // With a window of one, each customer goes alone in a batch of its own.
    const caseId = (await t.db('cases').where({ workflow_id: handle.workflowId }).first()).id;
    const batchOfA = `disconnection-${caseId}-batch-1`;
    const entry = await openTask(batchOfA, 'manual-outage-entry');
    expect((await t.db('tasks').where({ id: entry }).first()).customer_id).toBe(a!.customerId);
    for (let i = 0; i < 200 && !gridflow.simulator.meter(meterAddress(16)).relayOpen; i++) await new Promise((r) => setTimeout(r, 50));
    expect(gridflow.simulator.meter(meterAddress(16)).relayOpen).toBe(true);
    let progress = await handle.query(disconnectionProgressQuery);
    for (let i = 0; i < 100 && progress.disconnected < 1; i++) {
      await new Promise((r) => setTimeout(r, 50));
      progress = await handle.query(disconnectionProgressQuery);
    }
    expect(progress).toMatchObject({ stage: 'commands', total: 2, disconnected: 1, failed: 1, awaitingEntry: 1, inFlight: 0, remaining: 0 });

    await env.client.workflow.getHandle(batchOfA).executeUpdate(completeTaskUpdate, {
      args: [{ taskId: entry, by: { userId: users.executor!, roles: ['executor'] }, result: { outageAt: new Date(await env.currentTimeMs()).toISOString(), note: '现场拉闸' } }],
    });
    await expect(handle.result()).resolves.toMatchObject({ stage: 'archived', disconnected: 2, manualEntry: 1, failed: 1, awaitingEntry: 0 });
  });

  it('escalates an approval left waiting: the holder\'s supervisor is texted, then the task moves to them, and they approve', async () => {
    const chief = await insertUser(t.db, { username: 'chief', roles: ['approver'], phone: '13700000088' });
    const slow = await insertUser(t.db, { username: 'slow', roles: ['approver'], supervisorId: chief });
    await usePolicy({
      preNoticeMinutes: 1,
      forbiddenWindows: { ...anyDay, nightStart: '23:58', nightEnd: '23:59', dailyCutoff: '23:59' },
      approvalLevels: [{ name: '科长审批', approverRoles: ['approver'], slaMinutes: 60, onOverdue: [{ notify: 'supervisor' }, { reassignTo: 'supervisor' }] }],
    });
    await skipToChinaTime(9);
    const [a] = await customers('X', [17]);
    const handle = await env.client.workflow.start(disconnectionCase, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: 'disconnection-case-X',
      args: [{ applicantId: users.applicant!, reason: '欠费', customerNos: [a!.customerNo], title: 'X' }],
    });
    const taskId = await openTask(handle.workflowId, 'disconnection-approval');
    await t.db('tasks').where({ id: taskId }).update({ assignee_id: slow }); // claimed, then forgotten

    await env.sleep(61 * 60_000);
    const level = async (n: number) => {
      for (let i = 0; i < 200 && (await t.db('tasks').where({ id: taskId }).first()).escalation_level < n; i++) await new Promise((r) => setTimeout(r, 50));
      return t.db('tasks').where({ id: taskId }).first();
    };
    expect(await level(1)).toMatchObject({ overdue: true, escalation_level: 1, assignee_id: slow });
    const [sms] = await t.db('outbox').where({ purpose: 'task-overdue', recipient: '13700000088' });
    expect(sms.body).toContain(String(taskId));

    await env.sleep(61 * 60_000);
    expect(await level(2)).toMatchObject({ escalation_level: 2, assignee_id: chief });
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId: chief, roles: ['approver'] }, result: { decision: 'approve', opinion: '同意' } }] });
    await expect(handle.result()).resolves.toMatchObject({ stage: 'archived', disconnected: 1 });
    expect((await t.db('tasks').where({ id: taskId }).first()).completed_by_id).toBe(chief);
    expect((await t.db('events').where({ task_id: taskId, type: 'task.escalated' }).orderBy('id')).map((e) => e.data.level)).toEqual([1, 2]);
  });
});
