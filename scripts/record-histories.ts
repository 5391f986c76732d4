/**
 * Records replay fixtures: histories of the workflows as the code runs now, replayed by
 * test/replay/replay.int.test.ts against every later version of the code. Record with the
 * code that runs in production BEFORE changing a workflow (docs/workflow-changes.md).
 *
 *   npx tsx scripts/record-histories.ts --list
 *   npx tsx scripts/record-histories.ts <workflow kind | scenario>... [--label NAME] [--overwrite]
 *
 * Only the named scenarios run (a kind names the scenarios listed under it; a case scenario
 * also writes its batches). Each writes test/replay/<kind>/<name>.<label>.json, the label
 * naming the code it came from: the commit by default, refused while workflows/ or domain/
 * differ from it unless --label names that code. An existing file is never replaced
 * without --overwrite, so older recordings stay and keep being replayed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { appendEvent } from '../db/events';
import { insertCustomer } from '../db/seeds/customers';
import { insertUser } from '../db/seeds/users';
import { parseDisconnectionPolicy } from '../domain/disconnection/policy';
import { DEFAULT_RECONNECTION_POLICY } from '../domain/reconnection/policy';
import type { Role } from '../domain/permissions';
import { formatRepairOrderNo, REPAIR_ORDER_SEQUENCE } from '../domain/repair/numbering';
import { createTestDatabase } from '../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../test/support/gridflow';
import { refusingLedger } from '../test/support/ledger';
import { createTimeSkippingEnv } from '../test/support/temporal';
import { FIXTURES_DIR, historyToFixture, WORKFLOW_KINDS, WorkflowKind } from '../test/replay/fixture';
import { anchorAuditChain } from '../workflows/audit/anchor';
import { disconnectionCase } from '../workflows/disconnection/case';
import { disconnectCustomers } from '../workflows/disconnection/customers';
import { completeTaskUpdate } from '../workflows/human/wait-for-person';
import { reconnectionWorkflowId } from '../workflows/reconnection/ids';
import { reconnectionSweep } from '../workflows/reconnection/sweep';
import { reconnectCustomer, reconnectionStatusQuery } from '../workflows/reconnection/workflow';
import { repairWorkflowId } from '../workflows/repair/ids';
import { repairOrder, repairSmsRatingSignal } from '../workflows/repair/workflow';
import { reserveNumber } from '../db/queries/numbers';
import { addDays, chinaDate } from '../domain/relocation/appointment';
import { formatRelocationOrderNo, RELOCATION_ORDER_SEQUENCE } from '../domain/relocation/numbering';
import { relocationWorkflowId } from '../workflows/relocation/ids';
import { relocationCancelUpdate, relocationOrder } from '../workflows/relocation/workflow';
import { recordRating } from '../db/queries/ratings';
import { DEFAULT_REVISIT_POLICY } from '../domain/revisit/policy';
import { revisitWorkflowId } from '../workflows/revisit/ids';
import { revisitCase, revisitSurveyReplySignal } from '../workflows/revisit/workflow';
import { CENTRAL_TASK_QUEUE } from '../workflows/task-queues';

const HOUR = 3600_000;
const CHINA = 8 * HOUR;
const meterAddress = (n: number) => `0000000009${String(n).padStart(2, '0')}`;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const anyTime = { weekendsForbidden: false, holidays: [], workdayOverrides: [], nightStart: '23:58', nightEnd: '23:59', dailyCutoff: '23:59' };
const onLine = (n: number) => ({ address: meterAddress(n), site: TEST_SITE, line: TEST_LINE });

/** A fresh Temporal, database and Gridflow for each scenario: no scenario sees another's data. */
interface World {
  env: TestWorkflowEnvironment;
  t: Awaited<ReturnType<typeof createTestDatabase>>;
  gridflow: RunningGridflow;
  /** The site's ledger: refusing a write fails the attempt that asked for it, before any frame. */
  ledger: ReturnType<typeof refusingLedger>;
  save(kind: WorkflowKind, name: string, handle: WorkflowHandle): Promise<void>;
  openTask(workflowId: string, step: string): Promise<number>;
}

interface Scenario {
  /** The kind it is listed under; `record-histories.ts <kind>` runs it. */
  kind: WorkflowKind;
  name: string;
  about: string;
  /** Every history it saves, as [kind, name]: the files are checked before anything runs. */
  writes: Array<[WorkflowKind, string]>;
  record(world: World): Promise<void>;
}

const SCENARIOS: Scenario[] = [
  {
    kind: 'disconnectionCase',
    name: 'case-commands',
    about: 'happy path: approval, notice, a payer removed at the re-check, a protected customer, one confirmed trip and one failed trip entered by hand',
    writes: [['disconnectionCase', 'case-commands'], ['disconnectCustomers', 'case-commands-batch']],
    async record({ env, t, gridflow, save, openTask }) {
      const people = await disconnectionPeople(t);
      const made = [];
      for (const n of [1, 2, 3, 4]) {
        made.push(await insertCustomer(t.db, { customerNo: `H-${n}`, supplyStatus: 'connected', protected: n === 2, meter: onLine(n), dueBillsFen: [30000], segment: { code: 'SEG-H' } }));
      }
      gridflow.simulator.meter(meterAddress(3)).failNextCommands(1, 'silence');
      const kase = await env.client.workflow.start(disconnectionCase, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: 'disconnection-case-H',
        args: [{ applicantId: people.applicantId, reason: '欠费', customerNos: made.map((c) => c.customerNo), title: 'H' }],
      });
      const approval = await openTask(kase.workflowId, 'disconnection-approval');
      await kase.executeUpdate(completeTaskUpdate, { args: [{ taskId: approval, by: { userId: people.approverId, roles: ['approver'] }, result: { decision: 'approve', opinion: '同意' } }] });
      const account = await t.db('accounts').where({ account_no: made[3]!.accountNo }).first('id');
      const now = new Date(await env.currentTimeMs());
      await t.db('payments').insert({ payment_id: 'H-PAY-4', account_id: account.id, amount_fen: 30000, channel: 'bank', paid_at: now, received_at: now });
      await env.sleep(2 * 60_000);
      const reCheck = await openTask(kase.workflowId, 'disconnection-re-check');
      await kase.executeUpdate(completeTaskUpdate, { args: [{ taskId: reCheck, by: { userId: people.executorId, roles: ['executor'] }, result: { removed: [made[3]!.customerNo] } }] });
      const caseId = (await t.db('cases').where({ workflow_id: kase.workflowId }).first('id')).id;
      const batch = env.client.workflow.getHandle(`disconnection-${caseId}-batch-1`);
      const entry = await openTask(batch.workflowId, 'manual-outage-entry');
      const outageAt = new Date(await env.currentTimeMs()).toISOString();
      await batch.executeUpdate(completeTaskUpdate, { args: [{ taskId: entry, by: { userId: people.executorId, roles: ['executor'] }, result: { outageAt, note: '现场拉闸' } }] });
      await kase.result();
      await save('disconnectionCase', 'case-commands', kase);
      await save('disconnectCustomers', 'case-commands-batch', batch);
    },
  },
  {
    kind: 'disconnectionCase',
    name: 'case-failed-batches',
    about:
      "a case of three, one customer at a time: the second customer's number is gone by command time (settled by its batch), the third's batch is cancelled mid-command (a recovery batch hands the customer to an executor)",
    writes: [
      ['disconnectionCase', 'case-failed-batches'],
      ['disconnectCustomers', 'batch-unknown-customer'],
      ['disconnectCustomers', 'batch-cancelled'],
      ['disconnectCustomers', 'batch-recovery'],
    ],
    async record({ env, t, gridflow, save, openTask }) {
      const people = await disconnectionPeople(t, { commandWindow: 1 });
      const made = [];
      for (const n of [6, 7, 8]) {
        made.push(await insertCustomer(t.db, { customerNo: `B-${n}`, supplyStatus: 'connected', meter: onLine(n), dueBillsFen: [30000], segment: { code: 'SEG-B' } }));
      }
      const kase = await env.client.workflow.start(disconnectionCase, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: 'disconnection-case-B',
        args: [{ applicantId: people.applicantId, reason: '欠费', customerNos: made.map((m) => m.customerNo), title: 'B' }],
      });
      const approval = await openTask(kase.workflowId, 'disconnection-approval');
      await kase.executeUpdate(completeTaskUpdate, { args: [{ taskId: approval, by: { userId: people.approverId, roles: ['approver'] }, result: { decision: 'approve', opinion: '同意' } }] });
      const caseId: number = (await t.db('cases').where({ workflow_id: kase.workflowId }).first('id')).id;
      const result = kase.result();
      // Awaited below, once the cancellation has been arranged; a failure meanwhile must not go unhandled.
      result.catch(() => undefined);
      while ((await t.db('disconnection_outcomes').where({ case_id: caseId })).length < 3) await wait(10);
      await t.db('customers').where({ id: made[1]!.customerId }).update({ customer_no: 'B-7-RENUMBERED' });
      while (gridflow.simulator.meter(meterAddress(8)).commandsReceived().length === 0) await wait(5);
      const third = env.client.workflow.getHandle(`disconnection-${caseId}-batch-3`);
      await third.cancel();
      const recovery = env.client.workflow.getHandle(`disconnection-${caseId}-batch-3-recovery`);
      const entry = await openTask(recovery.workflowId, 'manual-outage-entry');
      await recovery.executeUpdate(completeTaskUpdate, { args: [{ taskId: entry, by: { userId: people.executorId, roles: ['executor'] }, result: { outageAt: new Date(await env.currentTimeMs()).toISOString(), note: '现场核实' } }] });
      await result;
      await save('disconnectionCase', 'case-failed-batches', kase);
      await save('disconnectCustomers', 'batch-unknown-customer', env.client.workflow.getHandle(`disconnection-${caseId}-batch-2`));
      await save('disconnectCustomers', 'batch-cancelled', third);
      await save('disconnectCustomers', 'batch-recovery', recovery);
    },
  },
  {
    kind: 'disconnectionCase',
    name: 'case-rejected',
    about: 'the approver rejects the application: no notice, no batch',
    writes: [['disconnectionCase', 'case-rejected']],
    async record({ env, t, save, openTask }) {
      const people = await disconnectionPeople(t);
      const customer = await insertCustomer(t.db, { customerNo: 'X-1', supplyStatus: 'connected', meter: onLine(1), dueBillsFen: [30000] });
      const kase = await env.client.workflow.start(disconnectionCase, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: 'disconnection-case-X',
        args: [{ applicantId: people.applicantId, reason: '欠费', customerNos: [customer.customerNo], title: 'X' }],
      });
      const approval = await openTask(kase.workflowId, 'disconnection-approval');
      await kase.executeUpdate(completeTaskUpdate, { args: [{ taskId: approval, by: { userId: people.approverId, roles: ['approver'] }, result: { decision: 'reject', opinion: '暂缓' } }] });
      await kase.result();
      await save('disconnectionCase', 'case-rejected', kase);
    },
  },
  {
    kind: 'disconnectCustomers',
    name: 'batch-read-back',
    about: "a batch whose attempt fails at the site before any frame (its ledger cannot be written): its meters are read back on the site's read-back queue, found never commanded and closed, and tripped in a new attempt",
    writes: [['disconnectCustomers', 'batch-read-back']],
    async record({ env, t, ledger, gridflow, save }) {
      await disconnectionPeople(t);
      const [{ id: caseId }] = await t.db('cases').insert({ type: 'disconnection', title: 'R', workflow_id: 'disconnection-case-R', workflow_run_id: 'recorded-by-hand-R' }).returning('id');
      const customers = [];
      for (const n of [5, 6]) customers.push(await insertCustomer(t.db, { customerNo: `R-${n}`, supplyStatus: 'connected', meter: onLine(n), dueBillsFen: [30000] }));
      ledger.refuseNextAttempts(1);
      const batch = await env.client.workflow.start(disconnectCustomers, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: 'disconnection-batch-read-back',
        args: [{ caseId, customerNos: customers.map((c) => c.customerNo), policy: parseDisconnectionPolicy({ forbiddenWindows: anyTime }) }],
      });
      const results = await batch.result();
      const commands = [5, 6].map((n) => gridflow.simulator.meter(meterAddress(n)).commandsReceived().length);
      if (results.some((r) => r.outcome !== 'disconnected' || r.via !== 'remote') || commands.some((c) => c !== 1)) throw new Error(`expected both tripped once, remotely: ${JSON.stringify({ results, commands })}`);
      await save('disconnectCustomers', 'batch-read-back', batch);
    },
  },
  {
    kind: 'disconnectCustomers',
    name: 'batch-deferred',
    about: 'a batch on its own, started after the daily cut-off and deferred to the next morning',
    writes: [['disconnectCustomers', 'batch-deferred']],
    async record({ env, t, save }) {
      await disconnectionPeople(t);
      const [{ id: caseId }] = await t.db('cases').insert({ type: 'disconnection', title: 'D', workflow_id: 'disconnection-case-D', workflow_run_id: 'recorded-by-hand' }).returning('id');
      const nowMs = await env.currentTimeMs();
      const localMidnight = Math.floor((nowMs + CHINA) / (24 * HOUR)) * 24 * HOUR - CHINA;
      let at17 = localMidnight + 17 * HOUR;
      if (at17 <= nowMs) at17 += 24 * HOUR;
      await env.sleep(at17 - nowMs);
      const late = await insertCustomer(t.db, { customerNo: 'H-5', supplyStatus: 'connected', meter: onLine(5), dueBillsFen: [30000] });
      const deferred = await env.client.workflow.start(disconnectCustomers, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: 'disconnection-batch-deferred',
        args: [{ caseId, customerNos: [late.customerNo], policy: parseDisconnectionPolicy({ forbiddenWindows: { weekendsForbidden: false, holidays: [], workdayOverrides: [] } }) }],
      });
      await deferred.result();
      await save('disconnectCustomers', 'batch-deferred', deferred);
    },
  },
  {
    kind: 'reconnectCustomer',
    name: 'reconnection-remote',
    about: 'happy path: a paid customer reconnected by the first remote command',
    writes: [['reconnectCustomer', 'reconnection-remote']],
    async record({ env, t, save }) {
      const paid = await insertCustomer(t.db, { customerNo: 'H-9', supplyStatus: 'disconnected', meter: onLine(9) });
      const reconnection = await env.client.workflow.start(reconnectCustomer, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: reconnectionWorkflowId(paid.customerNo),
        args: [{ customerNo: paid.customerNo, trigger: 'payment' }],
      });
      await reconnection.result();
      await save('reconnectCustomer', 'reconnection-remote', reconnection);
    },
  },
  {
    kind: 'reconnectCustomer',
    name: 'reconnection-read-back',
    about: "the first close command's attempt fails at the site before any frame (its ledger cannot be written); read back, the relay is still open, so the policy's next command reconnects",
    writes: [['reconnectCustomer', 'reconnection-read-back']],
    async record({ env, t, ledger, save }) {
      const paid = await insertCustomer(t.db, { customerNo: 'R-10', supplyStatus: 'disconnected', meter: onLine(10) });
      ledger.refuseNextAttempts(1);
      const reconnection = await env.client.workflow.start(reconnectCustomer, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: reconnectionWorkflowId(paid.customerNo),
        args: [{ customerNo: paid.customerNo, trigger: 'payment' }],
      });
      const result = await reconnection.result();
      if (result.outcome !== 'reconnected' || result.commandsSent !== 2) throw new Error(`expected a reconnection by the second command, got ${JSON.stringify(result)}`);
      await save('reconnectCustomer', 'reconnection-read-back', reconnection);
    },
  },
  {
    kind: 'reconnectCustomer',
    name: 'reconnection-not-needed',
    about: 'reconnections that find nothing to do: the customer has power already, or still owes',
    writes: [['reconnectCustomer', 'reconnection-already-connected'], ['reconnectCustomer', 'reconnection-arrears-remain']],
    async record({ env, t, save }) {
      const cases = [
        { name: 'reconnection-already-connected', customer: { customerNo: 'N-1', supplyStatus: 'connected' as const, meter: onLine(1) } },
        { name: 'reconnection-arrears-remain', customer: { customerNo: 'N-2', supplyStatus: 'disconnected' as const, dueBillsFen: [100], meter: onLine(2) } },
      ];
      for (const { name, customer } of cases) {
        await insertCustomer(t.db, customer);
        const handle = await env.client.workflow.start(reconnectCustomer, {
          taskQueue: CENTRAL_TASK_QUEUE,
          workflowId: reconnectionWorkflowId(customer.customerNo),
          args: [{ customerNo: customer.customerNo, trigger: 'sweep' }],
        });
        await handle.result();
        await save('reconnectCustomer', name, handle);
      }
    },
  },
  ...(['completed', 'nul-note', 'reopened-after-failed-write'] as const).map(
    (mode): Scenario => ({
      kind: 'reconnectCustomer',
      name: mode === 'completed' ? 'manual-reconnection' : `manual-reconnection-${mode}`,
      about: {
        completed: 'an on-site reconnection (not eligible for remote) whose task escalates once and is then completed',
        'nul-note': 'the same, completed with a NUL in the note: code before the UNSTORABLE_DATA check accepted it and retried the write for ever; today it is refused. Left waiting, then terminated',
        'reopened-after-failed-write': 'the same, PostgreSQL refuses the first completion\'s write (SQLSTATE 22P05): the task reopens and a second completion finishes it',
      }[mode],
      writes: [['reconnectCustomer', mode === 'completed' ? 'manual-reconnection' : `manual-reconnection-${mode}`]],
      record: (world) => recordManualReconnection(world, mode),
    }),
  ),
  {
    kind: 'anchorAuditChain',
    name: 'anchor-mailed',
    about: 'happy path: the chain head becomes the day\'s anchor and is mailed to the auditors',
    writes: [['anchorAuditChain', 'anchor-mailed']],
    async record({ env, t, save }) {
      await appendEvent(t.db, { type: 'task.note', actor: 'user:1', data: { text: 'recorded' } });
      const run = await env.client.workflow.start(anchorAuditChain, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: 'audit-anchor-A', args: [{ mailbox: 'audit@audit.example' }] });
      if (!(await run.result()).mailed) throw new Error('the anchor was not mailed');
      await save('anchorAuditChain', 'anchor-mailed', run);
    },
  },
  {
    kind: 'anchorAuditChain',
    name: 'anchor-empty-log',
    about: 'an empty event log: nothing to anchor, nothing mailed',
    writes: [['anchorAuditChain', 'anchor-empty-log']],
    async record({ env, save }) {
      const run = await env.client.workflow.start(anchorAuditChain, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: 'audit-anchor-E', args: [{ mailbox: 'audit@audit.example' }] });
      if ((await run.result()).seq !== undefined) throw new Error('an empty log was anchored');
      await save('anchorAuditChain', 'anchor-empty-log', run);
    },
  },
  {
    kind: 'reconnectionSweep',
    name: 'sweep-starts-reconnection',
    about: 'happy path: the sweep finds a paid, disconnected customer and starts a reconnection, which reconnects remotely',
    writes: [['reconnectionSweep', 'sweep-starts-reconnection']],
    async record({ env, t, save }) {
      const due = await insertCustomer(t.db, { customerNo: 'S-1', supplyStatus: 'disconnected', meter: onLine(10) });
      const sweep = await env.client.workflow.start(reconnectionSweep, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: 'reconnection-sweep-S' });
      const result = await sweep.result();
      if (result.started.join() !== due.customerNo) throw new Error(`the sweep started ${JSON.stringify(result)}`);
      await env.client.workflow.getHandle(reconnectionWorkflowId(due.customerNo)).result();
      await save('reconnectionSweep', 'sweep-starts-reconnection', sweep);
    },
  },
  {
    kind: 'reconnectionSweep',
    name: 'sweep-already-running',
    about: "a sweep that finds two customers due, one of whose reconnection (started on payment) has not opened its order yet: it starts the other's",
    writes: [['reconnectionSweep', 'sweep-already-running']],
    async record({ env, t, save }) {
      const running = await insertCustomer(t.db, { customerNo: 'S-2', supplyStatus: 'disconnected', meter: onLine(11) });
      const due = await insertCustomer(t.db, { customerNo: 'S-3', supplyStatus: 'disconnected', meter: onLine(12) });
      // On a queue no worker polls: a reconnection that runs but has not got to its order.
      const early = await env.client.workflow.start(reconnectCustomer, {
        taskQueue: 'recording-nobody-polls',
        workflowId: reconnectionWorkflowId(running.customerNo),
        args: [{ customerNo: running.customerNo, trigger: 'payment' }],
      });
      const sweep = await env.client.workflow.start(reconnectionSweep, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: 'reconnection-sweep-S' });
      const result = await sweep.result();
      if (result.started.join() !== due.customerNo || result.alreadyRunning.join() !== running.customerNo) throw new Error(`the sweep answered ${JSON.stringify(result)}`);
      await env.client.workflow.getHandle(reconnectionWorkflowId(due.customerNo)).result();
      await early.terminate('recorded');
      await save('reconnectionSweep', 'sweep-already-running', sweep);
    },
  },
  {
    kind: 'repairOrder',
    name: 'repair-rated',
    about: 'happy path: dispatched, accepted, repaired, closed, rated 5 by the agent on the callback',
    writes: [['repairOrder', 'repair-rated']],
    record: (world) => recordRepair(world, 'rated'),
  },
  {
    kind: 'repairOrder',
    name: 'repair-refused-compensated-rejected-sms',
    about: 'the crew refuses (redispatched), a liable party pays compensation, the callback rejects once, the customer rates 1 by SMS',
    writes: [['repairOrder', 'repair-refused-compensated-rejected-sms']],
    record: (world) => recordRepair(world, 'branches'),
  },
  {
    kind: 'repairOrder',
    name: 'repair-by-rule-refused',
    about: 'a dispatch rule places the order with a crew member, who refuses; the dispatcher dispatches; the customer is texted for a rating and an agent records 2',
    writes: [['repairOrder', 'repair-by-rule-refused']],
    record: (world) => recordRepair(world, 'by-rule'),
  },
  {
    kind: 'repairOrder',
    name: 'repair-crew-team',
    about: 'a rule places the order with a crew (班组) of two, one member refuses; the dispatcher sends it to a crew with nobody active (refused), then to the crew again; the other member accepts, repairs, the order is closed and rated 4',
    writes: [['repairOrder', 'repair-crew-team']],
    record: (world) => recordRepairCrew(world),
  },
  {
    kind: 'relocationOrder',
    name: 'relocation-same-installed',
    about: 'happy path: same exchange, paid, no audit (nothing sampled), installed, the customer texted',
    writes: [['relocationOrder', 'relocation-same-installed']],
    record: (world) => recordRelocation(world, 'same'),
  },
  {
    kind: 'relocationOrder',
    name: 'relocation-cross-rejected-rescheduled-announced',
    about: 'across exchanges with a new number and an announcement: sampled, rejected and fixed, passed, not installed and rebooked (a slot taken meanwhile), installed, the announcement ends',
    writes: [['relocationOrder', 'relocation-cross-rejected-rescheduled-announced']],
    record: (world) => recordRelocation(world, 'branches'),
  },
  {
    kind: 'relocationOrder',
    name: 'relocation-cancelled-after-payment',
    about: 'paid with a deposit, then cancelled at the installation: refunded, the number released',
    writes: [['relocationOrder', 'relocation-cancelled-after-payment']],
    record: (world) => recordRelocation(world, 'cancelled'),
  },
  {
    kind: 'relocationOrder',
    name: 'relocation-reservation-expired',
    about: 'not paid within the reservation time: cancelled, the number free again',
    writes: [['relocationOrder', 'relocation-reservation-expired']],
    record: (world) => recordRelocation(world, 'expired'),
  },
  {
    kind: 'revisitCase',
    name: 'revisit-recovered',
    about: 'a bad repair rating: no answer, reached on the second attempt (cause, action, who), the survey SMS after 7 days answered 5: recovered',
    writes: [['revisitCase', 'revisit-recovered']],
    record: (world) => recordRevisit(world, 'recovered'),
  },
  {
    kind: 'revisitCase',
    name: 'revisit-unreachable',
    about: 'a bad repair rating: three attempts, nobody answers; closed unreachable',
    writes: [['revisitCase', 'revisit-unreachable']],
    record: (world) => recordRevisit(world, 'unreachable'),
  },
  {
    kind: 'revisitCase',
    name: 'revisit-not-recovered',
    about: 'a bad repair rating: reached at once after its SLA escalated; the survey gets no reply, the call finds the customer not recovered, the manager above acknowledges it',
    writes: [['revisitCase', 'revisit-not-recovered']],
    record: (world) => recordRevisit(world, 'not-recovered'),
  },
  {
    kind: 'revisitCase',
    name: 'revisit-reopened',
    about: 'a bad repair rating: reached, the supervisor reopens the repair; its crew redoes it (the repair workflow, a child) and the dispatcher closes it again; the survey answered 5: recovered',
    writes: [
      ['revisitCase', 'revisit-reopened'],
      ['repairOrder', 'repair-reopened'],
    ],
    record: (world) => recordRevisit(world, 'reopened'),
  },
];

/** A revisit of a badly rated repair (the rating intake opens it) through its branches. */
async function recordRevisit({ env, t, save, openTask }: World, mode: 'recovered' | 'unreachable' | 'not-recovered' | 'reopened'): Promise<void> {
  const manager = await insertUser(t.db, { username: 'revisit-manager', roles: ['approver'] });
  const supervisor = await insertUser(t.db, { username: 'revisit-supervisor', roles: ['dispatcher'], supervisorId: manager });
  const crew = await insertUser(t.db, { username: 'revisit-crew', roles: ['crew'], supervisorId: supervisor });
  const customer = await insertCustomer(t.db, { customerNo: 'RV-H1', phone: '13800009004' });
  await t.db('repair_orders').insert({
    order_no: '1699000001', source: 'agent', customer_id: customer.customerId, category: 'power-outage', description: '停电', place: '幸福街道 3 号',
    contact_phone: '13800009004', priority: 'normal', state: 'done', workflow_id: 'repair-1699000001', crew_user_id: crew,
  });
  const recorded = await t.db.transaction((trx) =>
    recordRating(trx, { process: 'repair', orderNo: '1699000001', caseId: null, customerId: customer.customerId, rating: 1, comment: null, source: 'call', recordedById: null, actor: 'test', idempotencyKey: null }, DEFAULT_REVISIT_POLICY),
  );
  const revisitNo = recorded.revisit!.revisitNo;
  const handle = await env.client.workflow.start(revisitCase, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: revisitWorkflowId(revisitNo), args: [{ revisitNo }] });
  const complete = async (step: string, userId: number, role: Role, result: unknown, on: WorkflowHandle = handle) => {
    const taskId = await openTask(on.workflowId, step);
    await on.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles: [role] }, result }] });
  };
  const reached = { outcome: 'reached', causeCode: DEFAULT_REVISIT_POLICY.causes[0]!.children[0]!.code, said: '修完又停电', action: '复查线路', responsible: '维修一班' };
  const waitFor = async (step: string) => {
    while (!(await t.db('cases').where({ workflow_id: handle.workflowId, current_step: step }).first())) await wait(50);
  };
  if (mode === 'recovered') {
    await complete('revisit-contact', supervisor, 'dispatcher', { outcome: 'no-answer' });
    await waitFor('revisit-retry-wait');
    await env.sleep(4 * HOUR + 60_000);
    await complete('revisit-contact', supervisor, 'dispatcher', reached);
  } else if (mode === 'unreachable') {
    await complete('revisit-contact', supervisor, 'dispatcher', { outcome: 'no-answer' });
    await waitFor('revisit-retry-wait');
    await env.sleep(4 * HOUR + 60_000);
    await complete('revisit-contact', supervisor, 'dispatcher', { outcome: 'no-answer', note: '关机' });
    await waitFor('revisit-retry-wait');
    await env.sleep(20 * HOUR + 60_000);
    await complete('revisit-contact', supervisor, 'dispatcher', { outcome: 'no-answer' });
  } else if (mode === 'reopened') {
    await complete('revisit-contact', supervisor, 'dispatcher', { ...reached, reopen: true });
    await waitFor('revisit-reopened');
    const rework = env.client.workflow.getHandle(`repair-1699000001-reopen-${revisitNo}`);
    await complete('repair-work', crew, 'crew', { report: '更换进户线', parts: [] }, rework);
    await complete('repair-close', supervisor, 'dispatcher', {}, rework);
    await rework.result();
    await save('repairOrder', 'repair-reopened', rework);
  } else {
    const taskId = await openTask(handle.workflowId, 'revisit-contact');
    await env.sleep(24 * HOUR + 60_000);
    while ((await t.db('tasks').where({ id: taskId }).first()).escalation_level < 1) await wait(50);
    await complete('revisit-contact', supervisor, 'dispatcher', reached);
  }
  if (mode === 'recovered' || mode === 'reopened') {
    // The survey SMS after 7 days, answered 5.
    await waitFor('revisit-recovery-wait');
    await env.sleep(7 * 24 * HOUR + 60_000);
    await waitFor('revisit-survey');
    await handle.signal(revisitSurveyReplySignal, { rating: 5, replyId: 1 });
  } else if (mode === 'not-recovered') {
    // The survey gets no reply in its 48 hours: the supervisor calls.
    await waitFor('revisit-recovery-wait');
    await env.sleep(7 * 24 * HOUR + 60_000);
    await waitFor('revisit-survey');
    await env.sleep(48 * HOUR + 60_000);
    await complete('revisit-recovery', supervisor, 'dispatcher', { recovered: false, note: '仍不满意' });
  }
  if (mode === 'not-recovered') await complete('revisit-escalation', manager, 'approver', { note: '约谈班组' });
  await handle.result();
  await save('revisitCase', `revisit-${mode}`, handle);
}

/** A repair order through its steps: the happy path, or every branch it has. */
async function recordRepair({ env, t, save, openTask }: World, mode: 'rated' | 'branches' | 'by-rule'): Promise<void> {
  const dispatcher = await insertUser(t.db, { username: 'repair-dispatcher', roles: ['dispatcher'] });
  const crew = await insertUser(t.db, { username: 'repair-crew', roles: ['crew'] });
  const otherCrew = await insertUser(t.db, { username: 'repair-crew-2', roles: ['crew'] });
  const cashier = await insertUser(t.db, { username: 'repair-cashier', roles: ['cashier'] });
  const agent = await insertUser(t.db, { username: 'repair-agent', roles: ['agent'] });
  const customer = await insertCustomer(t.db, { customerNo: 'RP-H', phone: '13800009001', segment: { code: 'SEG-RP' } });
  if (mode === 'by-rule') {
    const dispatchRules = [{ area: 'SEG-RP', categories: ['meter'], crewUserId: otherCrew }];
    await t.db('settings').insert({ key: 'repair', value: JSON.stringify({ dispatchRules }) }).onConflict('key').merge();
  }
  const { rows } = await t.db.raw(`SELECT nextval('${REPAIR_ORDER_SEQUENCE}') AS serial`);
  const orderNo = formatRepairOrderNo(Number(rows[0].serial));
  const [{ id: orderId }] = await t.db('repair_orders')
    .insert({ order_no: orderNo, source: 'agent', customer_id: customer.customerId, category: 'meter-box', description: '表箱冒烟', place: '幸福路 1 号', contact_phone: '13800009001', priority: 'normal', workflow_id: repairWorkflowId(orderNo) })
    .returning('id');
  const handle = await env.client.workflow.start(repairOrder, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: repairWorkflowId(orderNo), args: [{ orderId, orderNo }] });
  const complete = async (step: string, userId: number, role: Role, result: unknown) => {
    const taskId = await openTask(handle.workflowId, step);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles: [role] }, result }] });
  };
  if (mode === 'branches') await complete('repair-dispatch', dispatcher, 'dispatcher', { crewUserId: otherCrew });
  if (mode !== 'rated') await complete('repair-accept', otherCrew, 'crew', { decision: 'refuse', reason: '车辆故障' });
  await complete('repair-dispatch', dispatcher, 'dispatcher', { crewUserId: crew });
  await complete('repair-accept', crew, 'crew', { decision: 'accept' });
  if (mode === 'branches') {
    await complete('repair-work', crew, 'crew', { report: '更换表箱', parts: [{ oldSerial: 'H-OLD', newSerial: 'H-NEW' }], liableParty: '施工单位', compensationFen: 50000 });
    await complete('repair-compensation', cashier, 'cashier', { decision: 'paid' });
    await complete('repair-close', dispatcher, 'dispatcher', {});
    await complete('repair-callback', agent, 'agent', { outcome: 'reject', reason: '仍然跳闸' });
  }
  await complete('repair-work', crew, 'crew', { report: '已修复', parts: [] });
  await complete('repair-close', dispatcher, 'dispatcher', {});
  if (mode === 'rated') {
    await complete('repair-callback', agent, 'agent', { outcome: 'accept', rating: 5, comment: '及时' });
  } else if (mode === 'by-rule') {
    await complete('repair-callback', agent, 'agent', { outcome: 'accept', rating: 2, comment: '太慢' });
  } else {
    await openTask(handle.workflowId, 'repair-callback');
    await handle.signal(repairSmsRatingSignal, { rating: 1, replyId: 1 });
  }
  await handle.result();
  await save('repairOrder', mode === 'rated' ? 'repair-rated' : mode === 'by-rule' ? 'repair-by-rule-refused' : 'repair-refused-compensated-rejected-sms', handle);
}

/** A repair order dispatched to crews (班组) rather than people: by a rule, refused by a member, an empty crew refused, accepted by the other member. */
async function recordRepairCrew({ env, t, save, openTask }: World): Promise<void> {
  const dispatcher = await insertUser(t.db, { username: 'repair-dispatcher', roles: ['dispatcher'] });
  const first = await insertUser(t.db, { username: 'repair-crew', roles: ['crew'] });
  const second = await insertUser(t.db, { username: 'repair-crew-2', roles: ['crew'] });
  const agent = await insertUser(t.db, { username: 'repair-agent', roles: ['agent'] });
  await t.db('repair_crews').insert([{ code: 'east', name: '城东抢修班' }, { code: 'west', name: '城西抢修班' }]);
  await t.db('repair_crew_members').insert([{ crew_code: 'east', user_id: first }, { crew_code: 'east', user_id: second }]);
  const customer = await insertCustomer(t.db, { customerNo: 'RP-C', phone: '13800009003', segment: { code: 'SEG-RC' } });
  await t.db('settings').insert({ key: 'repair', value: JSON.stringify({ dispatchRules: [{ area: 'SEG-RC', categories: ['meter'], crewCode: 'east' }] }) }).onConflict('key').merge();
  const { rows } = await t.db.raw(`SELECT nextval('${REPAIR_ORDER_SEQUENCE}') AS serial`);
  const orderNo = formatRepairOrderNo(Number(rows[0].serial));
  const [{ id: orderId }] = await t.db('repair_orders')
    .insert({ order_no: orderNo, source: 'agent', customer_id: customer.customerId, category: 'meter-box', description: '表箱冒烟', place: '幸福路 3 号', contact_phone: '13800009003', priority: 'normal', workflow_id: repairWorkflowId(orderNo) })
    .returning('id');
  const handle = await env.client.workflow.start(repairOrder, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: repairWorkflowId(orderNo), args: [{ orderId, orderNo }] });
  const complete = async (step: string, userId: number, role: Role, result: unknown) => {
    const taskId = await openTask(handle.workflowId, step);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles: [role] }, result }] });
  };
  await complete('repair-accept', first, 'crew', { decision: 'refuse', reason: '人手不足' });
  await complete('repair-dispatch', dispatcher, 'dispatcher', { crewCode: 'west' });
  await complete('repair-dispatch', dispatcher, 'dispatcher', { crewCode: 'east' });
  await complete('repair-accept', second, 'crew', { decision: 'accept' });
  await complete('repair-work', second, 'crew', { report: '更换表箱', parts: [] });
  await complete('repair-close', dispatcher, 'dispatcher', {});
  await complete('repair-callback', agent, 'agent', { outcome: 'accept', rating: 4 });
  await handle.result();
  await save('repairOrder', 'repair-crew-team', handle);
}

/** A relocation order (as the API accepts it) through its steps: the happy path, its branches, or its two cancellations. */
async function recordRelocation({ env, t, save, openTask }: World, mode: 'same' | 'branches' | 'cancelled' | 'expired'): Promise<void> {
  const clerk = await insertUser(t.db, { username: 'relocation-clerk', roles: ['clerk'] });
  const cashier = await insertUser(t.db, { username: 'relocation-cashier', roles: ['cashier'] });
  const checker = await insertUser(t.db, { username: 'relocation-checker', roles: ['checker'] });
  const installer = await insertUser(t.db, { username: 'relocation-installer', roles: ['crew'] });
  const cross = mode !== 'same';
  await t.db('settings')
    .insert({ key: 'relocation', value: JSON.stringify({ audit: { sampleShare: mode === 'branches' ? 1 : 0 }, appointmentSlots: [{ code: 'am', capacity: 1 }, { code: 'pm', capacity: 1 }] }) })
    .onConflict('key')
    .merge();
  await t.db('exchanges').insert([{ code: 'DC', name: '东城局' }, { code: 'XC', name: '西城局' }]);
  await t.db('phone_numbers').insert({ number: '66200100', exchange_code: 'XC', state: 'free' });
  await t.db('install_teams').insert({ code: 'T1', name: '东城装机一队', exchange_code: 'DC' });
  await t.db('install_team_members').insert({ team_code: 'T1', user_id: installer });
  const today = chinaDate(await env.currentTimeMs());
  const order = async (n: number, date: string, slot: string) => {
    const serviceNo = `6510500${n}`;
    const customer = await insertCustomer(t.db, { customerNo: `RL-H${n}`, phone: '13800009002' });
    await t.db('service_accounts').insert({ service_no: serviceNo, customer_id: customer.customerId, account_relation: `ACC-H${n}`, pricing_plan: 'residential-basic', line_type: 'A', exchange_code: 'DC', address: '幸福街道 1 号', local: mode !== 'cancelled' });
    await t.db('phone_numbers').insert({ number: serviceNo, exchange_code: 'DC', state: 'in_use', service_no: serviceNo });
    const { rows } = await t.db.raw(`SELECT nextval('${RELOCATION_ORDER_SEQUENCE}') AS serial`);
    const orderNo = formatRelocationOrderNo(Number(rows[0].serial));
    const fees = [{ code: 'labour', amountFen: 12000 }, ...(mode === 'branches' ? [{ code: 'announcement', amountFen: 3000 }] : [])];
    const total = fees.reduce((sum, fee) => sum + fee.amountFen, 0);
    const newNumber = cross && n === 1 ? '66200100' : serviceNo;
    const [{ id }] = await t.db('relocation_orders')
      .insert({
        order_no: orderNo, service_no: serviceNo, customer_id: customer.customerId, kind: cross ? 'cross' : 'same', from_exchange: 'DC', to_exchange: cross ? 'XC' : 'DC',
        new_address: cross ? '和平路 20 号' : '建设路 8 号', old_number: serviceNo, new_number: newNumber, announcement: mode === 'branches' && n === 1,
        account_relation: `ACC-H${n}`, pricing_plan: 'residential-basic', team_code: 'T1', appointment_date: date, appointment_slot: slot,
        contact_name: '王先生', contact_phone: '13800009002', holder: 'person', document_type: 'resident-id', document_number: '11010519491231002X',
        deposit_fen: mode === 'cancelled' ? 100000 : 0, fee_lines: JSON.stringify(fees), fee_computed_fen: total, fee_total_fen: total, accepted_by_id: clerk, workflow_id: relocationWorkflowId(orderNo),
      })
      .returning('id');
    if (newNumber !== serviceNo) await reserveNumber(t.db, { number: newNumber, exchangeCode: 'XC', reservedBy: relocationWorkflowId(orderNo), until: new Date((await env.currentTimeMs()) + 3 * 24 * HOUR) });
    await t.db('relocation_bookings').insert({ team_code: 'T1', day: date, slot, seat: 1, order_id: id });
    return orderNo;
  };
  const orderNo = await order(1, addDays(today, 1), 'am');
  const handle = await env.client.workflow.start(relocationOrder, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: relocationWorkflowId(orderNo), args: [{ orderNo }] });
  const complete = async (step: string, userId: number, role: Role, result: unknown) => {
    const taskId = await openTask(handle.workflowId, step);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles: [role] }, result }] });
  };
  if (mode !== 'expired') await complete('relocation-payment', cashier, 'cashier', { invoiceNo: 'FP-H1' });
  if (mode === 'branches') {
    await complete('relocation-audit', checker, 'checker', { decision: 'reject', reason: '证件号不符' });
    await complete('relocation-fix', clerk, 'clerk', { note: '已核实', contactPhone: '13800009003' });
    await complete('relocation-audit', checker, 'checker', { decision: 'pass' });
    await complete('relocation-install', installer, 'crew', { outcome: 'not-installed', reason: '客户不在家' });
    await openTask(handle.workflowId, 'relocation-reschedule');
    // The slot is taken after the task opened: the booking refuses it, the clerk books again.
    await order(2, addDays(today, 2), 'am');
    await complete('relocation-reschedule', clerk, 'clerk', { date: addDays(today, 2), slot: 'am' });
    await complete('relocation-reschedule', clerk, 'clerk', { date: addDays(today, 3), slot: 'pm' });
  }
  if (mode === 'cancelled') {
    await openTask(handle.workflowId, 'relocation-install');
    await handle.executeUpdate(relocationCancelUpdate, { args: [{ reason: '客户取消', byUserId: clerk }] });
  } else if (mode !== 'expired') {
    await complete('relocation-install', installer, 'crew', { outcome: 'installed' });
  }
  await handle.result();
  const names = { same: 'relocation-same-installed', branches: 'relocation-cross-rejected-rescheduled-announced', cancelled: 'relocation-cancelled-after-payment', expired: 'relocation-reservation-expired' } as const;
  await save('relocationOrder', names[mode], handle);
}

/** The users and settings a disconnection case needs; notice of a minute, commands at any hour. */
async function disconnectionPeople(t: World['t'], settings: { commandWindow?: number } = {}) {
  const approverId = await insertUser(t.db, { username: 'approver', roles: ['approver'] });
  const executorId = await insertUser(t.db, { username: 'executor', roles: ['executor'] });
  const applicantId = await insertUser(t.db, { username: 'applicant', roles: ['collector'] });
  await t.db('settings')
    .insert({ key: 'disconnection', value: JSON.stringify({ preNoticeMinutes: 1, ...settings, forbiddenWindows: anyTime }) })
    .onConflict('key')
    .merge();
  return { approverId, executorId, applicantId };
}

async function recordManualReconnection({ env, t, save }: World, mode: 'completed' | 'nul-note' | 'reopened-after-failed-write'): Promise<void> {
  const supervisorId = await insertUser(t.db, { username: 'supervisor', roles: ['dispatcher'], phone: '13700000001' });
  const collectorId = await insertUser(t.db, { username: 'collector', roles: ['collector'], supervisorId, phone: '13700000002' });
  await t.db('settings').where({ key: 'reconnection' }).update({
    value: JSON.stringify({ ...DEFAULT_RECONNECTION_POLICY, manualReconnection: { slaMinutes: 60, onOverdue: [{ notify: 'supervisor' }] } }),
  });
  await insertCustomer(t.db, { customerNo: 'R-1', supplyStatus: 'disconnected', remoteReconnectEligible: false, segment: { code: 'SEG-R' } });
  await t.db('segments').where({ code: 'SEG-R' }).update({ collector_user_id: collectorId });
  const handle = await env.client.workflow.start(reconnectCustomer, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: reconnectionWorkflowId('R-1'),
    args: [{ customerNo: 'R-1', trigger: 'sweep' }],
  });
  let taskId: number | undefined;
  while (!(taskId = (await handle.query(reconnectionStatusQuery)).taskId)) await wait(50);
  await env.sleep(61 * 60_000);
  while ((await t.db('tasks').where({ id: taskId }).first()).escalation_level !== 1) await wait(50);
  const reconnectedAt = new Date(await env.currentTimeMs()).toISOString();
  const by = { userId: collectorId, roles: ['collector' as const] };
  const name = mode === 'completed' ? 'manual-reconnection' : `manual-reconnection-${mode}`;
  if (mode === 'nul-note') {
    // Refused by today's validator (so not in the history); older code accepted it and wedged.
    const refused = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by, result: { reconnectedAt, note: 'no\u0000pe' } }] }).catch((err: Error) => err);
    if (!(refused instanceof Error)) throw new Error('the completion with a NUL was recorded');
    await handle.terminate('recorded');
    await save('reconnectCustomer', name, handle);
    return;
  }
  if (mode === 'reopened-after-failed-write') {
    await t.db.raw(`CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN
      IF NEW.result->>'note' = 'poison' THEN RAISE EXCEPTION 'cannot store this note' USING ERRCODE = '22P05'; END IF;
      RETURN NEW; END $$ LANGUAGE plpgsql`);
    await t.db.raw('CREATE TRIGGER refuse_poison BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_poison()');
    const failed = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by, result: { reconnectedAt, note: 'poison' } }] }).catch((err: Error) => err);
    if (!(failed instanceof Error)) throw new Error('the poisoned completion was recorded');
  }
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by, result: { reconnectedAt, note: '已现场合闸' } }] });
  await handle.result();
  await save('reconnectCustomer', name, handle);
}

const METERS = [
  ...Array.from({ length: 7 }, (_, i) => ({ address: meterAddress(i + 1), relayOpen: false, replyLatencyMs: 2 })),
  // Slow to answer, so the failed-batch recording can catch its batch mid-command.
  { address: meterAddress(8), relayOpen: false, replyLatencyMs: 150 },
  // Disconnected customers' meters, for the reconnections.
  ...[9, 10, 11, 12].map((n) => ({ address: meterAddress(n), relayOpen: true, replyLatencyMs: 2 })),
];

const fixtureFile = (kind: WorkflowKind, name: string, label: string) => path.join(FIXTURES_DIR, kind, `${name}.${label}.json`);

/** Runs one scenario in a world of its own and writes its histories once all of them are in. */
async function run(scenario: Scenario, label: string): Promise<string[]> {
  const [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  const ledger = refusingLedger();
  const gridflow = await startGridflow({ env, db: t.db, meters: METERS, ledger });
  const saved = new Map<string, string>();
  try {
    await scenario.record({
      env,
      t,
      gridflow,
      ledger,
      async save(kind, name, handle) {
        if (!scenario.writes.some(([k, n]) => k === kind && n === name)) throw new Error(`${scenario.name} saves ${kind}/${name}, which it does not list in writes`);
        saved.set(fixtureFile(kind, name, label), historyToFixture(await handle.fetchHistory()));
      },
      async openTask(workflowId, step) {
        for (;;) {
          const row = await t.db('tasks').where({ workflow_id: workflowId, step, state: 'open' }).first('id');
          if (row) return Number(row.id);
          await wait(50);
        }
      },
    });
  } finally {
    await gridflow.stop();
    await env.teardown();
    await t.drop();
  }
  if (saved.size !== scenario.writes.length) throw new Error(`${scenario.name} saved ${saved.size} of the ${scenario.writes.length} histories it lists`);
  for (const [file, text] of saved) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return [...saved.keys()];
}

/** The commit the recorded code came from; a working tree that differs from it must be named. */
function codeLabel(given: string | undefined): string {
  if (given !== undefined) {
    if (!/^[A-Za-z0-9_-]+$/.test(given)) throw new Error(`--label ${given}: letters, digits, - and _ only`);
    return given;
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).trim();
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'workflows', 'domain');
  if (dirty) throw new Error(`workflows/ or domain/ differ from the last commit; commit first, or name this code with --label:\n${dirty}`);
  return git('rev-parse', '--short=10', 'HEAD');
}

function usage(): string {
  const lines = WORKFLOW_KINDS.flatMap((kind) => [
    `${kind}:`,
    ...SCENARIOS.filter((s) => s.kind === kind).map((s) => `  ${s.name} (writes ${s.writes.map(([k, n]) => `${k}/${n}`).join(', ')})\n      ${s.about}`),
  ]);
  return ['usage: npx tsx scripts/record-histories.ts <workflow kind | scenario>... [--label NAME] [--overwrite]', '', ...lines].join('\n');
}

async function main(argv: string[]): Promise<void> {
  let overwrite = false;
  let list = false;
  let label: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--overwrite') overwrite = true;
    else if (arg === '--list') list = true;
    else if (arg === '--label') {
      label = argv[++i];
      if (!label) throw new Error('--label needs a name');
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n\n${usage()}`);
    else names.push(arg);
  }
  if (list || names.length === 0) {
    console.log(usage());
    // Nothing is recorded unless named: a bare run is a mistake, not "record everything".
    if (!list) process.exitCode = 2;
    return;
  }
  const chosen: Scenario[] = [];
  for (const name of names) {
    const found = SCENARIOS.filter((s) => s.name === name || s.kind === name);
    if (found.length === 0) throw new Error(`no workflow kind or scenario "${name}"\n\n${usage()}`);
    for (const scenario of found) if (!chosen.includes(scenario)) chosen.push(scenario);
  }
  const tag = codeLabel(label);
  const targets = chosen.flatMap((s) => s.writes.map(([kind, name]) => fixtureFile(kind, name, tag)));
  const existing = targets.filter((file) => existsSync(file));
  if (existing.length > 0 && !overwrite) {
    throw new Error(`refusing to replace recorded histories (pass --overwrite if that is what you mean):\n${existing.map((f) => `  ${path.relative(process.cwd(), f)}`).join('\n')}`);
  }

  Runtime.install({ logger: new DefaultLogger('WARN') });
  for (const scenario of chosen) {
    console.log(`recording ${scenario.kind}/${scenario.name}`);
    for (const file of await run(scenario, tag)) console.log(`  wrote ${path.relative(process.cwd(), file)}`);
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
