/* eslint-disable no-restricted-imports -- a script run by hand beside the fixtures, never part of the workflow bundle */
/**
 * Records replay fixtures of disconnection and reconnection as the code runs now:
 * `npx tsx workflows/disconnection/histories/record.ts [suffix]`. Record with the code that
 * runs in production before changing a workflow, so the replay test proves old histories
 * still fit. With a suffix it records other paths instead, into files named with it:
 * `failed-batches` (the failed-batch paths) or `not-needed` (reconnections with nothing to do).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { insertCustomer } from '../../../db/seeds/customers';
import { insertUser } from '../../../db/seeds/users';
import { createTestDatabase } from '../../../test/support/database';
import { startGridflow, TEST_LINE, TEST_SITE } from '../../../test/support/gridflow';
import { createTimeSkippingEnv } from '../../../test/support/temporal';
import { completeTaskUpdate } from '../../human/wait-for-person';
import { reconnectionWorkflowId } from '../../reconnection/ids';
import { reconnectCustomer } from '../../reconnection/workflow';
import { CENTRAL_TASK_QUEUE } from '../../task-queues';
import { disconnectionCase } from '../case';
import { disconnectCustomers } from '../customers';
import { historyToFixture } from './fixture';

const HOUR = 3600_000;
const CHINA = 8 * HOUR;
const meterAddress = (n: number) => `0000000009${String(n).padStart(2, '0')}`;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const anyTime = { weekendsForbidden: false, holidays: [], workdayOverrides: [], nightStart: '23:58', nightEnd: '23:59', dailyCutoff: '23:59' };

async function main(suffix?: string): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  const gridflow = await startGridflow({
    env,
    db: t.db,
    meters: [
      ...Array.from({ length: 7 }, (_, i) => ({ address: meterAddress(i + 1), relayOpen: false, replyLatencyMs: 2 })),
      // Slow to answer, so the failed-batch recording can catch its batch mid-command.
      { address: meterAddress(8), relayOpen: false, replyLatencyMs: 150 },
      { address: meterAddress(9), relayOpen: true, replyLatencyMs: 2 },
    ],
  });
  const save = async (name: string, handle: WorkflowHandle) => {
    const file = path.join(__dirname, `${suffix ? `${name}.${suffix}` : name}.json`);
    await writeFile(file, historyToFixture(await handle.fetchHistory()));
    console.log(`wrote ${file}`);
  };
  const openTask = async (workflowId: string, step: string) => {
    for (;;) {
      const row = await t.db('tasks').where({ workflow_id: workflowId, step, state: 'open' }).first('id');
      if (row) return Number(row.id);
      await wait(50);
    }
  };
  try {
    const approverId = await insertUser(t.db, { username: 'approver', roles: ['approver'] });
    const executorId = await insertUser(t.db, { username: 'executor', roles: ['executor'] });
    const applicantId = await insertUser(t.db, { username: 'applicant', roles: ['collector'] });
    await t.db('settings').insert({ key: 'disconnection', value: JSON.stringify({ preNoticeMinutes: 1, forbiddenWindows: anyTime }) }).onConflict('key').merge();
    if (suffix === 'not-needed') {
      await recordNeedlessReconnections({ env, t, save });
      return;
    }
    if (suffix) {
      await recordFailedBatches({ env, t, gridflow, save, openTask, approverId, executorId, applicantId });
      return;
    }

    // A case: approval, notice, a payer removed at the re-check, a protected customer, one
    // confirmed trip and one failed trip entered by hand.
    const made = [];
    for (const n of [1, 2, 3, 4]) {
      made.push(await insertCustomer(t.db, {
        customerNo: `H-${n}`,
        supplyStatus: 'connected',
        protected: n === 2,
        meter: { address: meterAddress(n), site: TEST_SITE, line: TEST_LINE },
        dueBillsFen: [30000],
        segment: { code: 'SEG-H' },
      }));
    }
    gridflow.simulator.meter(meterAddress(3)).failNextCommands(1, 'silence');
    const kase = await env.client.workflow.start(disconnectionCase, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: 'disconnection-case-H',
      args: [{ applicantId, reason: '欠费', customerNos: made.map((c) => c.customerNo), title: 'H' }],
    });
    const approval = await openTask(kase.workflowId, 'disconnection-approval');
    await kase.executeUpdate(completeTaskUpdate, { args: [{ taskId: approval, by: { userId: approverId, roles: ['approver'] }, result: { decision: 'approve', opinion: '同意' } }] });
    const account = await t.db('accounts').where({ account_no: made[3]!.accountNo }).first('id');
    const now = new Date(await env.currentTimeMs());
    await t.db('payments').insert({ payment_id: 'H-PAY-4', account_id: account.id, amount_fen: 30000, channel: 'bank', paid_at: now, received_at: now });
    await env.sleep(2 * 60_000);
    const reCheck = await openTask(kase.workflowId, 'disconnection-re-check');
    await kase.executeUpdate(completeTaskUpdate, { args: [{ taskId: reCheck, by: { userId: executorId, roles: ['executor'] }, result: { removed: [made[3]!.customerNo] } }] });
    const caseId = (await t.db('cases').where({ workflow_id: kase.workflowId }).first('id')).id;
    const batch = env.client.workflow.getHandle(`disconnection-${caseId}-batch-1`);
    const entry = await openTask(batch.workflowId, 'manual-outage-entry');
    const outageAt = new Date(await env.currentTimeMs()).toISOString();
    await batch.executeUpdate(completeTaskUpdate, { args: [{ taskId: entry, by: { userId: executorId, roles: ['executor'] }, result: { outageAt, note: '现场拉闸' } }] });
    await kase.result();
    await save('case-commands', kase);
    await save('case-commands-batch', batch);

    // A batch on its own, deferred past the daily cut-off to the next morning.
    const nowMs = await env.currentTimeMs();
    const localMidnight = Math.floor((nowMs + CHINA) / (24 * HOUR)) * 24 * HOUR - CHINA;
    let at17 = localMidnight + 17 * HOUR;
    if (at17 <= nowMs) at17 += 24 * HOUR;
    await env.sleep(at17 - nowMs);
    const late = await insertCustomer(t.db, { customerNo: 'H-5', supplyStatus: 'connected', meter: { address: meterAddress(5), site: TEST_SITE, line: TEST_LINE }, dueBillsFen: [30000] });
    const { parseDisconnectionPolicy } = await import('../../../domain/disconnection/policy');
    const deferred = await env.client.workflow.start(disconnectCustomers, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: 'disconnection-batch-deferred',
      args: [{ caseId, customerNos: [late.customerNo], policy: parseDisconnectionPolicy({ forbiddenWindows: { weekendsForbidden: false, holidays: [], workdayOverrides: [] } }) }],
    });
    await deferred.result();
    await save('batch-deferred', deferred);

    // A remote reconnection confirmed on the first command.
    const paid = await insertCustomer(t.db, { customerNo: 'H-9', supplyStatus: 'disconnected', meter: { address: meterAddress(9), site: TEST_SITE, line: TEST_LINE } });
    const reconnection = await env.client.workflow.start(reconnectCustomer, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: reconnectionWorkflowId(paid.customerNo),
      args: [{ customerNo: paid.customerNo, trigger: 'payment' }],
    });
    await reconnection.result();
    await save('reconnection-remote', reconnection);
  } finally {
    await gridflow.stop();
    await env.teardown();
    await t.drop();
  }
}

/** Reconnections that find nothing to do: the customer has power already, or still owes. */
async function recordNeedlessReconnections(c: {
  env: Awaited<ReturnType<typeof createTimeSkippingEnv>>;
  t: Awaited<ReturnType<typeof createTestDatabase>>;
  save: (name: string, handle: WorkflowHandle) => Promise<void>;
}): Promise<void> {
  const cases = [
    { name: 'reconnection-already-connected', customer: { customerNo: 'N-1', supplyStatus: 'connected' as const, meter: { address: meterAddress(1), site: TEST_SITE, line: TEST_LINE } } },
    { name: 'reconnection-arrears-remain', customer: { customerNo: 'N-2', supplyStatus: 'disconnected' as const, dueBillsFen: [100], meter: { address: meterAddress(2), site: TEST_SITE, line: TEST_LINE } } },
  ];
  for (const { name, customer } of cases) {
    await insertCustomer(c.t.db, customer);
    const handle = await c.env.client.workflow.start(reconnectCustomer, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: reconnectionWorkflowId(customer.customerNo),
      args: [{ customerNo: customer.customerNo, trigger: 'sweep' }],
    });
    await handle.result();
    await c.save(name, handle);
  }
}

/**
 * A case of three, one customer at a time: the second customer's number is gone by command
 * time (settled by its batch), and the third's batch is cancelled mid-command (the case
 * starts a recovery batch that hands the customer to an executor).
 */
async function recordFailedBatches(c: {
  env: Awaited<ReturnType<typeof createTimeSkippingEnv>>;
  t: Awaited<ReturnType<typeof createTestDatabase>>;
  gridflow: Awaited<ReturnType<typeof startGridflow>>;
  save: (name: string, handle: WorkflowHandle) => Promise<void>;
  openTask: (workflowId: string, step: string) => Promise<number>;
  approverId: number;
  executorId: number;
  applicantId: number;
}): Promise<void> {
  const { env, t, gridflow, save, openTask } = c;
  await t.db('settings').update({ value: JSON.stringify({ preNoticeMinutes: 1, commandWindow: 1, forbiddenWindows: anyTime }) }).where({ key: 'disconnection' });
  const made = [];
  for (const n of [6, 7, 8]) {
    made.push(await insertCustomer(t.db, { customerNo: `B-${n}`, supplyStatus: 'connected', meter: { address: meterAddress(n), site: TEST_SITE, line: TEST_LINE }, dueBillsFen: [30000], segment: { code: 'SEG-B' } }));
  }
  const kase = await env.client.workflow.start(disconnectionCase, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: 'disconnection-case-B',
    args: [{ applicantId: c.applicantId, reason: '欠费', customerNos: made.map((m) => m.customerNo), title: 'B' }],
  });
  const approval = await openTask(kase.workflowId, 'disconnection-approval');
  await kase.executeUpdate(completeTaskUpdate, { args: [{ taskId: approval, by: { userId: c.approverId, roles: ['approver'] }, result: { decision: 'approve', opinion: '同意' } }] });
  const caseId: number = (await t.db('cases').where({ workflow_id: kase.workflowId }).first('id')).id;
  const result = kase.result();
  result.catch(() => undefined);
  while ((await t.db('disconnection_outcomes').where({ case_id: caseId })).length < 3) await wait(10);
  await t.db('customers').where({ id: made[1]!.customerId }).update({ customer_no: 'B-7-RENUMBERED' });
  while (gridflow.simulator.meter(meterAddress(8)).commandsReceived().length === 0) await wait(5);
  const third = env.client.workflow.getHandle(`disconnection-${caseId}-batch-3`);
  await third.cancel();
  const recovery = env.client.workflow.getHandle(`disconnection-${caseId}-batch-3-recovery`);
  const entry = await openTask(recovery.workflowId, 'manual-outage-entry');
  await recovery.executeUpdate(completeTaskUpdate, { args: [{ taskId: entry, by: { userId: c.executorId, roles: ['executor'] }, result: { outageAt: new Date(await env.currentTimeMs()).toISOString(), note: '现场核实' } }] });
  await result;
  await save('case', kase);
  await save('batch-unknown-customer', env.client.workflow.getHandle(`disconnection-${caseId}-batch-2`));
  await save('batch-cancelled', third);
  await save('batch-recovery', recovery);
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
