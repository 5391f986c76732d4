import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { insertCustomer } from '../db/seeds/customers';
import { parseDisconnectionPolicy } from '../domain/disconnection/policy';
import { createTestDatabase, TestDatabase } from '../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../test/support/gridflow';
import { createTimeSkippingEnv } from '../test/support/temporal';
import { disconnectCustomers } from '../workflows/disconnection/customers';
import { CENTRAL_TASK_QUEUE } from '../workflows/task-queues';

// A real hardware worker on a real Temporal server: once the batch that asked for the trips
// is gone, the site stops sending commands (the heartbeat brings the news).
const HOUR = 3600_000;
const CHINA = 8 * HOUR;
const COUNT = 20;
const meterAddress = (n: number) => `0000000007${String(n).padStart(2, '0')}`;
const anyTime = parseDisconnectionPolicy({ forbiddenWindows: { weekendsForbidden: false, holidays: [], workdayOverrides: [], nightStart: '23:58', nightEnd: '23:59', dailyCutoff: '23:59' } });

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  // Each meter takes about half a second to move its relay, so the batch runs for ~10 s.
  gridflow = await startGridflow({ env, db: t.db, meters: Array.from({ length: COUNT }, (_, i) => ({ address: meterAddress(i + 1), relayOpen: false, replyLatencyMs: 5, relayDelayMs: 500 })) });
});

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

it('stops tripping meters within seconds once the batch workflow is terminated', async () => {
  const now = await env.currentTimeMs();
  const localMidnight = Math.floor((now + CHINA) / (24 * HOUR)) * 24 * HOUR - CHINA;
  await env.sleep(localMidnight + 34 * HOUR - now); // 10:00 China time tomorrow
  const customerNos = [];
  for (let n = 1; n <= COUNT; n++) {
    customerNos.push((await insertCustomer(t.db, { customerNo: `C-${n}`, supplyStatus: 'connected', dueBillsFen: [20000], meter: { address: meterAddress(n), site: TEST_SITE, line: TEST_LINE } })).customerNo);
  }
  const [{ id: caseId }] = await t.db('cases').insert({ type: 'disconnection', title: 'cancel', workflow_id: 'cancel-case', workflow_run_id: 'run' }).returning('id');
  const handle = await env.client.workflow.start(disconnectCustomers, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: 'disconnection-cancel-batch', args: [{ caseId, customerNos, policy: anyTime }] });
  const commanded = () => Array.from({ length: COUNT }, (_, i) => gridflow.simulator.meter(meterAddress(i + 1)).commandsReceived().length).reduce((a, b) => a + b, 0);
  let frames = 0;
  gridflow.simulator.onFrame(() => frames++);
  for (let i = 0; i < 400 && commanded() < 2; i++) await new Promise((r) => setTimeout(r, 25));

  // An operator ends the batch (its meters go to people); the site must stop on its own.
  await handle.terminate('handed to people');
  const atTermination = commanded();
  for (let quiet = 0, last = -1; quiet < 8; ) {
    await new Promise((r) => setTimeout(r, 500));
    quiet = frames === last ? quiet + 1 : 0;
    last = frames;
  }

  const total = commanded();
  console.log(`meters commanded: ${atTermination} before termination, ${total - atTermination} after`);
  expect(total).toBeLessThan(COUNT);
  // At most the heartbeat throttle (3 s) plus one meter's exchange: a handful, never the rest.
  expect(total - atTermination).toBeLessThanOrEqual(8);
}, 60_000);
