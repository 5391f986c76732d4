import { WorkflowClient } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../../test/support/gridflow';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { completeTaskUpdate } from '../human/wait-for-person';
import { CENTRAL_TASK_QUEUE } from '../task-queues';
import { disconnectionCase } from './case';

// A batch that fails must not leave its case waiting for reports that never come: the case
// finishes and every customer has an outcome someone can act on.
const HOUR = 3600_000;
const CHINA = 8 * HOUR;
const meterAddress = (n: number) => `0000000006${String(n).padStart(2, '0')}`;
// Any day; the night (22:00-07:00) and the 16:00 cut-off still hold commands back.
const anyDay = { weekendsForbidden: false, holidays: [], workdayOverrides: [] };

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
const users: Record<string, number> = {};

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  users.applicant = await insertUser(t.db, { username: 'applicant', roles: ['collector'] });
  users.approver = await insertUser(t.db, { username: 'approver', roles: ['approver'] });
  users.executor = await insertUser(t.db, { username: 'executor', roles: ['executor'] });
  gridflow = await startGridflow({
    env,
    db: t.db,
    // Meter 5's relay takes 0.9 s to move (the driver confirms for up to 1 s), so its batch is
    // still in the middle of its command when the test's cancellation arrives.
    meters: Array.from({ length: 9 }, (_, i) => ({ address: meterAddress(i + 1), relayOpen: false, replyLatencyMs: 2, ...(i === 4 ? { relayDelayMs: 900 } : {}) })),
  });
  await t.db('settings').insert({ key: 'disconnection', value: JSON.stringify({ preNoticeMinutes: 60, commandWindow: 1, forbiddenWindows: anyDay }) }).onConflict('key').merge();
});

/** Moves the test server's clock to the next given time of day in China. */
async function skipToChinaTime(hour: number, minute = 0): Promise<void> {
  const now = await env.currentTimeMs();
  let target = Math.floor((now + CHINA) / (24 * HOUR)) * 24 * HOUR - CHINA + hour * HOUR + minute * 60_000;
  if (target <= now) target += 24 * HOUR;
  await env.sleep(target - now);
}

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

async function until<T>(what: string, read: () => Promise<T>): Promise<NonNullable<Exclude<T, false>>> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (value) return value as NonNullable<Exclude<T, false>>;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The case's result without letting the test server skip time while the test waits for it.
 * The time-skipping client's `result()` unlocks skipping until the workflow ends: while a
 * person's task is open nothing runs, so the server jumped over every SLA timer to the end of
 * time and the case "timed out" before the test could complete the task (flaky: it depended
 * on whether the test's poll or the server's jump came first). Time passes here only where a
 * test sleeps.
 */
function resultOf(workflowId: string) {
  return new WorkflowClient({ connection: env.connection }).getHandle(workflowId).result();
}

/** The case's result, or a failure naming what it still waits for: a wedged case never ends. */
async function finished<T>(result: Promise<T>, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const wedged = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the case did not finish within ${ms} ms`)), ms)));
  try {
    return await Promise.race([result, wedged]);
  } finally {
    clearTimeout(timer);
  }
}

/** Approved; with `sitOutNotice` the test also lets the notice period pass and waits for the listing. */
async function approvedCase(id: string, numbers: number[], sitOutNotice = true) {
  const made = [];
  for (const n of numbers) {
    made.push(await insertCustomer(t.db, { customerNo: `${id}-${n}`, supplyStatus: 'connected', dueBillsFen: [30000], meter: { address: meterAddress(n), site: TEST_SITE, line: TEST_LINE } }));
  }
  const handle = await env.client.workflow.start(disconnectionCase, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: `disconnection-case-${id}`,
    args: [{ applicantId: users.applicant!, reason: '欠费', customerNos: made.map((c) => c.customerNo), title: id }],
  });
  const approval = await until('the approval task', () => t.db('tasks').where({ workflow_id: handle.workflowId, step: 'disconnection-approval', state: 'open' }).first('id'));
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: Number(approval.id), by: { userId: users.approver!, roles: ['approver'] }, result: { decision: 'approve', opinion: '同意' } }] });
  const caseId: number = (await until('the case row', () => t.db('cases').where({ workflow_id: handle.workflowId }).first('id'))).id;
  if (sitOutNotice) {
    // Just past the notice: the commands start at its end, and once a batch has been cancelled
    // in the middle of its hardware activity the test server skips no more time, so what is
    // left of this sleep then passes in real time.
    await env.sleep(60 * 60_000 + 1_000);
    // The case has listed its customers (one row each).
    await until('the listed customers', async () => (await t.db('disconnection_outcomes').where({ case_id: caseId })).length === numbers.length);
  }
  return { handle, caseId, made };
}

const outcomes = async (caseId: number) =>
  (await t.db('disconnection_outcomes as o').join('customers as c', 'c.id', 'o.customer_id').where({ case_id: caseId }).orderBy('o.customer_id').select('c.id', 'o.state', 'o.code')).map((o) => [o.id, o.state, o.code]);

describe('a disconnection case whose batch fails', () => {
  it('finishes when a customer cannot be found at command time, and says so for that customer', async () => {
    // The notice period ends after the 16:00 cut-off: the case lists its customers, then
    // holds the commands until morning.
    await skipToChinaTime(15, 30);
    const { handle, caseId, made } = await approvedCase('F', [1, 2, 3]);
    await until('the paused case', async () => (await t.db('cases').where({ id: caseId }).first()).current_step === 'commands-paused');
    // Renumbered by a data clean-up during the night: the batch cannot find F-3 any more.
    await t.db('customers').where({ id: made[2]!.customerId }).update({ customer_no: 'F-3-RENUMBERED' });

    const progress = await finished(handle.result());

    expect(progress).toMatchObject({ stage: 'archived', total: 3, disconnected: 2, excluded: 1, inFlight: 0, remaining: 0 });
    expect(await outcomes(caseId)).toEqual([
      [made[0]!.customerId, 'disconnected', null],
      [made[1]!.customerId, 'disconnected', null],
      [made[2]!.customerId, 'excluded', 'CUSTOMER_NOT_FOUND'],
    ]);
    expect(gridflow.simulator.meter(meterAddress(3)).received).toHaveLength(0);
  });

  it('withdraws the task of a batch that ended while its customer waited for a person, and opens one that can be completed', async () => {
    await skipToChinaTime(9);
    gridflow.simulator.meter(meterAddress(7)).failNextCommands(1, 'silence');
    const { handle, caseId, made } = await approvedCase('S', [7]);
    const result = finished(resultOf(handle.workflowId), 60_000);
    result.catch(() => undefined);
    const stale = await until('the manual-entry task of the batch', () => t.db('tasks').where({ customer_id: made[0]!.customerId, step: 'manual-outage-entry', state: 'open' }).first('id', 'workflow_id'));
    await env.client.workflow.getHandle(stale.workflow_id).cancel();

    const fresh = await until('the recovery batch\'s task', () => t.db('tasks').where({ customer_id: made[0]!.customerId, step: 'manual-outage-entry', state: 'open' }).whereNot({ id: stale.id }).first('id', 'workflow_id'));
    // Nobody can complete the ended batch's task any more, so nobody is offered it.
    expect(await t.db('tasks').where({ id: stale.id }).first()).toMatchObject({ state: 'cancelled' });
    const outageAt = new Date(await env.currentTimeMs()).toISOString();
    await env.client.workflow.getHandle(fresh.workflow_id).executeUpdate(completeTaskUpdate, { args: [{ taskId: Number(fresh.id), by: { userId: users.executor!, roles: ['executor'] }, result: { outageAt } }] });
    await expect(result).resolves.toMatchObject({ stage: 'archived', total: 1, disconnected: 1, manualEntry: 1, failed: 1, awaitingEntry: 0 });
    expect(await t.db('disconnection_outcomes').where({ case_id: caseId }).first()).toMatchObject({ state: 'disconnected', via: 'manual-entry' });
  });

  // Last: after a batch is cancelled in the middle of its hardware activity the test server
  // skips no more time, so anything after this test would wait in real time.
  it('hands the customers of a batch that was cancelled to an executor, and finishes once they are entered', async () => {
    await skipToChinaTime(9);
    // An operator cancels the second batch in the middle of its command: the moment G-5's
    // meter hears the trip, while its relay is still moving.
    const meter = gridflow.simulator.meter(meterAddress(5));
    let cancelled: Promise<void> | undefined;
    const stopListening = meter.onFrame(() => {
      if (cancelled || meter.commandsReceived().length === 0) return;
      cancelled = (async () => {
        const { id } = await t.db('cases').where({ workflow_id: 'disconnection-case-G' }).first('id');
        await env.client.workflow.getHandle(`disconnection-${id}-batch-2`).cancel();
      })();
    });
    const { handle, caseId, made } = await approvedCase('G', [4, 5, 6]);
    const result = finished(resultOf(handle.workflowId), 60_000);
    result.catch(() => undefined);
    await until('the cancellation of the second batch', async () => cancelled !== undefined);
    await cancelled;
    stopListening();

    const entry = await until('a manual-entry task for G-5', () => t.db('tasks').where({ customer_id: made[1]!.customerId, step: 'manual-outage-entry', state: 'open' }).first('id', 'workflow_id'));
    expect(await t.db('disconnection_outcomes').where({ case_id: caseId, customer_id: made[1]!.customerId }).first()).toMatchObject({ state: 'awaiting-entry', code: 'BATCH_FAILED' });
    const outageAt = new Date(await env.currentTimeMs()).toISOString();
    await env.client.workflow.getHandle(entry.workflow_id).executeUpdate(completeTaskUpdate, { args: [{ taskId: Number(entry.id), by: { userId: users.executor!, roles: ['executor'] }, result: { outageAt, note: '现场核实并拉闸' } }] });

    const progress = await result;
    expect(progress).toMatchObject({ stage: 'archived', total: 3, disconnected: 3, manualEntry: 1, failed: 1, inFlight: 0, remaining: 0, awaitingEntry: 0 });
    expect((await outcomes(caseId)).map(([, state]) => state)).toEqual(['disconnected', 'disconnected', 'disconnected']);
  });
});
