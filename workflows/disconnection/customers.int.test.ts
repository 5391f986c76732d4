import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { parseDisconnectionPolicy } from '../../domain/disconnection/policy';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../../test/support/gridflow';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { completeTaskUpdate } from '../human/wait-for-person';
import { CENTRAL_TASK_QUEUE } from '../task-queues';
import { disconnectCustomers } from './customers';

const HOUR = 3600_000;
const CHINA = 8 * HOUR;
const meterAddress = (n: number) => `0000000004${String(n).padStart(2, '0')}`;
// Weekends and holidays allowed, so only the night (22:00-07:00) and the 16:00 cut-off apply.
const policy = parseDisconnectionPolicy({ forbiddenWindows: { weekendsForbidden: false, holidays: [], workdayOverrides: [] } });

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let executorId: number;
let caseId: number;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  executorId = await insertUser(t.db, { username: 'executor', roles: ['executor'] });
  [{ id: caseId }] = await t.db('cases').insert({ type: 'disconnection', title: 'test case', workflow_id: 'case', workflow_run_id: 'case-run' }).returning('id');
  gridflow = await startGridflow({
    env,
    db: t.db,
    meters: Array.from({ length: 9 }, (_, i) => ({ address: meterAddress(i + 1), relayOpen: false, replyLatencyMs: 2 })),
  });
});

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

/** Moves the test server's clock forward to the next given hour of the day in China. */
async function skipToChinaHour(hour: number): Promise<number> {
  const now = await env.currentTimeMs();
  const localMidnight = Math.floor((now + CHINA) / (24 * HOUR)) * 24 * HOUR - CHINA;
  let target = localMidnight + hour * HOUR;
  if (target <= now) target += 24 * HOUR;
  await env.sleep(target - now);
  return target;
}

async function customerInArrears(n: number, overrides: Record<string, unknown> = {}) {
  return insertCustomer(t.db, {
    customerNo: `D-${n}`,
    supplyStatus: 'connected',
    meter: { address: meterAddress(n), site: TEST_SITE, line: TEST_LINE },
    dueBillsFen: [20000],
    ...overrides,
  });
}

function startBatch(customerNos: string[]) {
  return env.client.workflow.start(disconnectCustomers, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: `disconnection-test-${customerNos.join('-')}`,
    args: [{ caseId, customerNos, policy }],
  });
}

/** A batch of one, answering that customer's result. */
async function start(customerNo: string) {
  const handle = await startBatch([customerNo]);
  return { handle, result: async () => (await handle.result())[0]! };
}

const outcome = (customerId: number) => t.db('disconnection_outcomes').where({ case_id: caseId, customer_id: customerId }).first();

async function waitForTask(customerId: number): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const task = await t.db('tasks').where({ customer_id: customerId, step: 'manual-outage-entry', state: 'open' }).first('id');
    if (task) return Number(task.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no manual-entry task for customer ${customerId}`);
}

const verdicts = async (customerId: number) =>
  (await t.db('events').where({ customer_id: customerId, type: 'disconnection.verdict' }).orderBy('id')).map((e) => e.data.code ?? e.data.verdict);

describe('disconnecting a batch of one customer', () => {
  it('trips in an allowed window, takes the outage time from the meter and archives', async () => {
    await skipToChinaHour(10);
    const customer = await customerInArrears(1);

    const result = await (await start(customer.customerNo)).result();

    expect(result).toMatchObject({ outcome: 'disconnected', via: 'remote', outageAt: expect.any(String) });
    expect(gridflow.simulator.meter(meterAddress(1)).relayOpen).toBe(true);
    const row = await t.db('customers').where({ id: customer.customerId }).first();
    expect(row.supply_status).toBe('disconnected');
    expect(new Date(row.last_outage_at).toISOString()).toBe(result.outcome === 'disconnected' ? result.outageAt : '');
    expect(await verdicts(customer.customerId)).toEqual(['proceed']);
  });

  it('never trips a protected customer, and says why', async () => {
    const customer = await customerInArrears(2, { protected: true });
    await t.db('customers').where({ id: customer.customerId }).update({ protection_reason: '居家氧疗 home oxygen therapy' });

    const result = await (await start(customer.customerNo)).result();

    expect(result).toMatchObject({ outcome: 'not-disconnected', code: 'PROTECTED' });
    expect(gridflow.simulator.meter(meterAddress(2)).received).toHaveLength(0);
    expect(await verdicts(customer.customerId)).toEqual(['PROTECTED']);
    expect(await outcome(customer.customerId)).toMatchObject({ state: 'excluded', code: 'PROTECTED', reason: expect.stringContaining('home oxygen therapy') });
  });

  it('drops a customer who has paid by command time', async () => {
    const customer = await customerInArrears(3, { dueBillsFen: [] });
    await expect((await start(customer.customerNo)).result()).resolves.toMatchObject({ outcome: 'not-disconnected', code: 'PAID' });
    expect(gridflow.simulator.meter(meterAddress(3)).received).toHaveLength(0);
    expect(await outcome(customer.customerId)).toMatchObject({ state: 'excluded', code: 'PAID' });
  });

  it('leaves a customer without a remote meter to be disconnected on site', async () => {
    const customer = await customerInArrears(6, { meter: undefined });
    await expect((await start(customer.customerNo)).result()).resolves.toMatchObject({ outcome: 'not-disconnected', code: 'NO_METER' });
    expect(await outcome(customer.customerId)).toMatchObject({ state: 'excluded', code: 'NO_METER' });
  });

  it('defers a command after the daily cut-off to 07:00 next morning, then trips', async () => {
    const at17 = await skipToChinaHour(17);
    const customer = await customerInArrears(4);

    const result = await (await start(customer.customerNo)).result();

    expect(result).toMatchObject({ outcome: 'disconnected', via: 'remote' });
    const nextMorning = at17 + 14 * HOUR;
    const trip = gridflow.simulator.meter(meterAddress(4)).commandsReceived()[0];
    expect(trip?.command).toBe('trip');
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(nextMorning);
    expect(await verdicts(customer.customerId)).toEqual(['AFTER_CUTOFF', 'proceed']);
    const [deferred] = await t.db('events').where({ customer_id: customer.customerId, type: 'disconnection.verdict' }).orderBy('id');
    expect(deferred.data).toMatchObject({ verdict: 'defer', until: new Date(nextMorning).toISOString(), reason: expect.any(String) });
    expect(await outcome(customer.customerId)).toMatchObject({ state: 'disconnected', via: 'remote', code: null, deferred_until: null });
  });

  it('asks an executor to enter the outage time when the trip fails', async () => {
    await skipToChinaHour(9);
    const customer = await customerInArrears(5);
    gridflow.simulator.meter(meterAddress(5)).failNextCommands(1, 'silence');
    const { handle, result: resultOf } = await start(customer.customerNo);

    let task: { id: string } | undefined;
    for (let i = 0; i < 200 && !task; i++) {
      task = await t.db('tasks').where({ customer_id: customer.customerId, step: 'manual-outage-entry' }).first('id');
      if (!task) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [failed] = await t.db('events').where({ customer_id: customer.customerId, type: 'meter.command.failed' });
    expect(failed.data).toMatchObject({ command: 'trip', failure: { code: 'NO_REPLY' }, exchanges: expect.arrayContaining([expect.objectContaining({ sentHex: expect.stringMatching(/ 68 1C /), receivedHex: null })]) });
    expect(await outcome(customer.customerId)).toMatchObject({ state: 'awaiting-entry', code: 'NO_REPLY' });
    const outageAt = new Date(await env.currentTimeMs()).toISOString();
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: Number(task!.id), by: { userId: executorId, roles: ['executor'] }, result: { outageAt, note: '现场拉闸' } }] });

    await expect(resultOf()).resolves.toMatchObject({ outcome: 'disconnected', via: 'manual-entry', commandFailure: { code: 'NO_REPLY' } });
    expect((await t.db('customers').where({ id: customer.customerId }).first()).supply_status).toBe('disconnected');
    const entered = await outcome(customer.customerId);
    expect(entered).toMatchObject({ state: 'disconnected', via: 'manual-entry' });
    expect(new Date(entered.outage_at).toISOString()).toBe(outageAt);
  });
});

describe('disconnecting a batch of one line', () => {
  it('judges each customer, trips the rest one after another, and answers each result in order', async () => {
    await skipToChinaHour(11);
    const ok = await customerInArrears(7);
    const guarded = await customerInArrears(8, { protected: true });
    const silent = await customerInArrears(9);
    gridflow.simulator.meter(meterAddress(9)).failNextCommands(1, 'silence');
    const handle = await startBatch([ok.customerNo, guarded.customerNo, silent.customerNo]);

    const task = await waitForTask(silent.customerId);
    // The batch's good news is not held back by the failed one waiting for a person.
    expect(await outcome(ok.customerId)).toMatchObject({ state: 'disconnected', via: 'remote' });
    expect(await outcome(guarded.customerId)).toMatchObject({ state: 'excluded', code: 'PROTECTED' });
    expect(await outcome(silent.customerId)).toMatchObject({ state: 'awaiting-entry', code: 'NO_REPLY' });
    const okTrip = gridflow.simulator.meter(meterAddress(7)).commandsReceived()[0]!;
    const silentTrip = gridflow.simulator.meter(meterAddress(9)).received[0]!;
    expect(silentTrip.at.getTime()).toBeGreaterThanOrEqual(okTrip.at.getTime());
    expect(gridflow.simulator.meter(meterAddress(8)).received).toHaveLength(0);

    const outageAt = new Date(await env.currentTimeMs()).toISOString();
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task, by: { userId: executorId, roles: ['executor'] }, result: { outageAt, note: '现场拉闸' } }] });
    const results = await handle.result();
    expect(results.map((r) => [r.customerNo, r.outcome])).toEqual([
      [ok.customerNo, 'disconnected'],
      [guarded.customerNo, 'not-disconnected'],
      [silent.customerNo, 'disconnected'],
    ]);
    expect(results[2]).toMatchObject({ via: 'manual-entry', outageAt });
  });
});
