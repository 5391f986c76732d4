import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DbRow } from '../../db/connection';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ALWAYS_OPEN_POLICY, runsOf, ScaleSite, seedScaleCustomers, startApprovedCase, startScaleSite, waitFor } from '../support/scale';
import { createLocalEnv } from '../support/temporal';
import { completeTaskUpdate } from '../../workflows/human/wait-for-person';

// 10,000 customers in one case, on 8 instant simulated lines and a real Temporal dev server:
// every customer gets a result, and no workflow history comes near Temporal's limits.
// (bench/disconnection-10k.ts runs the same case at 2400 baud with real line timing.)
const CUSTOMERS = 10_000;
const LINES = 8;
const HISTORY_LIMIT = 10_240;
/** Meters that stay silent to the trip: their outage time is entered by hand. */
const SILENT = ['S-000007', 'S-001234', 'S-005001', 'S-009999'];

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let site: ScaleSite;

beforeAll(async () => {
  [env, t] = await Promise.all([createLocalEnv(), createTestDatabase()]);
}, 120_000);

afterAll(async () => {
  await site?.stop();
  await env?.teardown();
  await t?.drop();
});

it('gives every one of 10,000 customers a result, and keeps every history short', async () => {
  const applicantId = await insertUser(t.db, { username: 'applicant', roles: ['collector'] });
  const approverId = await insertUser(t.db, { username: 'approver', roles: ['approver'] });
  const executorId = await insertUser(t.db, { username: 'executor', roles: ['executor'] });
  // A wider window than the default 100: batches of 25, two for each of the 8 lines.
  await t.db('settings').insert({ key: 'disconnection', value: JSON.stringify({ ...ALWAYS_OPEN_POLICY, commandWindow: 400 }) }).onConflict('key').merge();
  const seed = await seedScaleCustomers(t.db, { count: CUSTOMERS, lines: LINES, protectedEvery: 1000 });
  site = await startScaleSite({
    connection: env.nativeConnection,
    db: t.db,
    customers: seed.customers,
    lines: LINES,
    baudRate: 0,
    meter: { replyLatencyMs: 1 },
    // A generous reply timeout: the 10,000-customer case, its worker and the simulators share one
    // process, and a long GC pause must not pass for a silent meter.
    driver: { confirmTimeoutMs: 2000, pollIntervalMs: 20, timeouts: { replyTimeoutMs: 2000, interByteTimeoutMs: 500 } },
  });
  for (const customerNo of SILENT) {
    const customer = seed.customers.find((c) => c.customerNo === customerNo)!;
    site.simulators.find((s) => s.meters.some((m) => m.address === customer.meterAddress))!.meter(customer.meterAddress).setFault('silence');
  }

  const handle = await startApprovedCase({
    client: env.client,
    db: t.db,
    workflowId: 'disconnection-case-10k',
    customerNos: seed.customers.map((c) => c.customerNo),
    applicantId,
    approverId,
  });

  // The silent meters' customers wait for an executor; the others do not wait for them. Every
  // entry task is completed as it opens, so an unexpected one fails the counts below, not the clock.
  let finished = false;
  const result = handle.result().finally(() => (finished = true));
  const entered = new Set<number>();
  while (!finished) {
    const open = await t.db('tasks').where({ step: 'manual-outage-entry', state: 'open' }).whereNotIn('id', [...entered]).select('id', 'workflow_id');
    for (const entry of open) {
      try {
        await env.client.workflow.getHandle(entry.workflow_id).executeUpdate(completeTaskUpdate, {
          args: [{ taskId: Number(entry.id), by: { userId: executorId, roles: ['executor'] }, result: { outageAt: new Date().toISOString(), note: '现场拉闸' } }],
        });
        entered.add(Number(entry.id));
      } catch (err) {
        // The row is written a moment before its workflow takes the task up: try again next round.
        if (!(err instanceof WorkflowUpdateFailedError && (err.cause as ApplicationFailure | undefined)?.type === 'TASK_NOT_OPEN')) throw err;
      }
    }
    await Promise.race([result, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }

  const progress = await result;
  const protectedCount = CUSTOMERS / seed.protectedEvery;
  expect(progress).toMatchObject({
    stage: 'archived',
    total: CUSTOMERS,
    disconnected: CUSTOMERS - protectedCount,
    manualEntry: SILENT.length,
    failed: SILENT.length,
    awaitingEntry: 0,
    excluded: protectedCount,
    inFlight: 0,
    remaining: 0,
  });

  // Every customer has exactly one final outcome, and the database agrees with the case.
  const caseId = (await t.db('cases').where({ workflow_id: handle.workflowId }).first('id')).id;
  const byState = Object.fromEntries(
    (await t.db('disconnection_outcomes').where({ case_id: caseId }).groupBy('state').select('state').count({ n: '*' })).map((row: DbRow) => [row.state, Number(row.n)]),
  );
  expect(byState).toEqual({ disconnected: CUSTOMERS - protectedCount, excluded: protectedCount });
  const supply = await t.db('customers').where('customer_no', 'like', 'S-%').groupBy('supply_status', 'protected').select('supply_status', 'protected').count({ n: '*' });
  expect(supply.map((row: DbRow) => [row.supply_status, row.protected, Number(row.n)]).sort()).toEqual([
    ['connected', true, protectedCount],
    ['disconnected', false, CUSTOMERS - protectedCount],
  ]);
  // Protected customers' meters never saw a trip.
  const tripped = site.simulators.flatMap((s) => s.meters.filter((m) => m.commandsReceived().some((c) => c.command === 'trip')));
  expect(tripped).toHaveLength(CUSTOMERS - protectedCount);

  // The case continued as new along the way; none of its runs, nor any batch's, is long.
  const runs = await runsOf(env.client, handle.workflowId, handle.firstExecutionRunId);
  expect(runs.length).toBeGreaterThan(1);
  expect(Math.max(...runs.map((run) => run.events))).toBeLessThan(HISTORY_LIMIT);
  const batches = await waitFor(async () => {
    const listed = [];
    for await (const info of env.client.workflow.list({ query: `WorkflowType = 'disconnectCustomers'` })) listed.push(info);
    // Visibility catches up shortly after the last batch closes.
    return listed.length > 0 && listed.every((info) => info.status.name === 'COMPLETED') ? listed : undefined;
  }, 60_000, 1000);
  const longestBatch = Math.max(...batches.map((info) => info.historyLength));
  expect(longestBatch).toBeLessThan(HISTORY_LIMIT);
  console.log(`10k case: ${runs.length} runs, longest ${Math.max(...runs.map((run) => run.events))} events; ${batches.length} batches, longest ${longestBatch} events`);
}, 20 * 60_000);
