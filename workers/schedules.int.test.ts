import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { insertCustomer } from '../db/seeds/customers';
import { createTestDatabase, TestDatabase } from '../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../test/support/gridflow';
import { createLocalEnv } from '../test/support/temporal';
import { RECONNECTION_SWEEP_SCHEDULE_ID } from '../workflows/reconnection/ids';
import { ensureReconnectionSweepSchedule } from './schedules';

let env: TestWorkflowEnvironment;
let t: TestDatabase;

beforeAll(async () => {
  [env, t] = await Promise.all([createLocalEnv(), createTestDatabase()]);
});
afterAll(async () => {
  await env?.teardown();
  await t?.drop();
});

describe('reconnection sweep schedule (dev server)', () => {
  it('registers a 15-minute sweep, idempotently, and follows the configured interval', async () => {
    await ensureReconnectionSweepSchedule(env.client, t.db);
    await ensureReconnectionSweepSchedule(env.client, t.db);

    const schedule = await env.client.schedule.getHandle(RECONNECTION_SWEEP_SCHEDULE_ID).describe();
    expect(schedule.spec.intervals).toEqual([{ every: 15 * 60_000 }]);
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reconnectionSweep', taskQueue: 'gridflow' });
    expect(schedule.policies.overlap).toBe('SKIP');

    await t.db('settings').where({ key: 'reconnection' }).update({ value: JSON.stringify({ sweepIntervalMinutes: 30 }) });
    await expect(ensureReconnectionSweepSchedule(env.client, t.db)).resolves.toEqual({ intervalMinutes: 30 });
    const updated = await env.client.schedule.getHandle(RECONNECTION_SWEEP_SCHEDULE_ID).describe();
    expect(updated.spec.intervals).toEqual([{ every: 30 * 60_000 }]);
  });

  it('when triggered, reconnects a paid customer whose start on payment was missed', async () => {
    const gridflow: RunningGridflow = await startGridflow({
      env,
      db: t.db,
      meters: [{ address: '000000000301', relayOpen: true, replyLatencyMs: 2 }],
    });
    try {
      const missed = await insertCustomer(t.db, {
        customerNo: 'SW-1',
        supplyStatus: 'disconnected',
        meter: { address: '000000000301', site: TEST_SITE, line: TEST_LINE },
      });
      await insertCustomer(t.db, { customerNo: 'SW-2', supplyStatus: 'disconnected', dueBillsFen: [500] });

      await env.client.schedule.getHandle(RECONNECTION_SWEEP_SCHEDULE_ID).trigger();

      await waitFor(async () => (await t.db('customers').where({ id: missed.customerId }).first()).supply_status === 'connected');
      const sweeps = env.client.workflow.list({ query: `WorkflowType = 'reconnectionSweep'` });
      const [sweep] = await collect(sweeps);
      expect(await env.client.workflow.getHandle(sweep!.workflowId, sweep!.runId).result()).toEqual({ started: ['SW-1'], alreadyRunning: [] });
      expect(gridflow.simulator.meter('000000000301').relayOpen).toBe(false);
    } finally {
      await gridflow.stop();
    }
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
