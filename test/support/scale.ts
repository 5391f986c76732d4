import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import type { Db } from '../../db/connection';
import type { Dlt645DriverOptions } from '../../hardware/dlt645/driver';
import { MeterSimulator, SimulatedMeterConfig, startMeterSimulator } from '../../hardware/simulator';
import { createInMemoryChannelPair } from '../../hardware/transport';
import { completeTaskUpdate } from '../../workflows/human/wait-for-person';
import { disconnectionCase, DisconnectionProgress, disconnectionProgressQuery } from '../../workflows/disconnection/case';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { createCentralWorker } from '../../workers/central';
import { createHardwareWorkers, siteLinesOver } from '../../workers/hardware';
import { workflowBundle } from './temporal';

/**
 * A disconnection case at scale, shared by the 10,000-customer test and its benchmark:
 * customers seeded in bulk, a site with several simulated RS-485 lines, and the case run
 * from application to archive.
 */
export const SCALE_SITE = 'scale-site';
const lineName = (index: number) => `line-${index + 1}`;

export interface ScaleCustomer {
  customerNo: string;
  meterAddress: string;
  line: string;
}

export interface ScaleSeed {
  customers: ScaleCustomer[];
  /** Every n-th customer is protected (medical need): never tripped. */
  protectedEvery: number;
}

/** Seeds `count` connected customers in arrears, spread round-robin over the lines, in a few statements. */
export async function seedScaleCustomers(db: Db, options: { count: number; lines: number; protectedEvery?: number; smsEvery?: number }): Promise<ScaleSeed> {
  const { count, lines, protectedEvery = 1000, smsEvery = 10 } = options;
  await db('segments').insert({ code: 'SEG-SCALE', name: '规模测试段', collector_name: '李催费', collector_phone: '13900000001' }).onConflict('code').ignore();
  await db.raw(
    `INSERT INTO customers (customer_no, name, type, address, phone, segment_code, supply_status, protected, protection_reason, remote_reconnect_eligible, sms_outage_notice, sms_reconnect_notice)
     SELECT 'S-' || lpad(i::text, 6, '0'), '用户' || i, 'residential', '规模路 ' || i || ' 号', '1380000' || lpad((i % 10000)::text, 4, '0'), 'SEG-SCALE',
            'connected', i % ? = 0, CASE WHEN i % ? = 0 THEN '居家医疗设备' END, true, i % ? = 0, false
     FROM generate_series(1, ?) AS i`,
    [protectedEvery, protectedEvery, smsEvery, count],
  );
  await db.raw(
    `INSERT INTO meters (customer_id, address, site, line, password_level, password, operator_code, close_command)
     SELECT c.id, '9' || lpad(substr(c.customer_no, 3), 11, '0'), ?, 'line-' || ((substr(c.customer_no, 3)::int - 1) % ? + 1), 2, '000000', '00000000', 'direct-close'
     FROM customers c WHERE c.customer_no LIKE 'S-%'`,
    [SCALE_SITE, lines],
  );
  await db.raw(`INSERT INTO accounts (account_no, customer_id) SELECT 'A' || customer_no, id FROM customers WHERE customer_no LIKE 'S-%'`);
  await db.raw(
    `INSERT INTO bills (account_id, period, amount_fen, due_at)
     SELECT a.id, '2026-09', 12850, now() - interval '40 days' FROM accounts a WHERE a.account_no LIKE 'AS-%'`,
  );
  const customers = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return { customerNo: `S-${String(n).padStart(6, '0')}`, meterAddress: `9${String(n).padStart(11, '0')}`, line: lineName(i % lines) };
  });
  return { customers, protectedEvery };
}

export interface ScaleSite {
  simulators: MeterSimulator[];
  stop(): Promise<void>;
}

/**
 * The central worker and a hardware worker whose lines are in-memory RS-485 buses, each
 * served by its own meter simulator. `baudRate` paces every byte as on a real line (0 for
 * instant delivery).
 */
export async function startScaleSite(options: {
  connection: NativeConnection;
  db: Db;
  customers: ScaleCustomer[];
  lines: number;
  baudRate: number;
  meter?: Partial<SimulatedMeterConfig>;
  driver?: Dlt645DriverOptions;
}): Promise<ScaleSite> {
  const simulators: MeterSimulator[] = [];
  const channels = [];
  for (let index = 0; index < options.lines; index++) {
    const name = lineName(index);
    const [master, bus] = createInMemoryChannelPair(options.baudRate > 0 ? { baudRate: options.baudRate } : {});
    const meters = options.customers.filter((c) => c.line === name).map((c) => ({ address: c.meterAddress, relayOpen: false, ...options.meter }));
    simulators.push(startMeterSimulator(bus, meters));
    channels.push({ name, channel: master });
  }
  const lines = siteLinesOver(SCALE_SITE, channels, options.driver);
  const workers: Worker[] = [
    await createCentralWorker({ connection: options.connection, db: options.db, gateway: outboxOnlyGateway, workflowBundle: await workflowBundle() }),
    ...(await createHardwareWorkers({ connection: options.connection, lines })),
  ];
  const running = workers.map((worker) => worker.run());
  return {
    simulators,
    async stop() {
      for (const worker of workers) worker.shutdown();
      await Promise.all(running);
      await lines.close();
      await Promise.all(simulators.map((simulator) => simulator.stop()));
    },
  };
}

/** A policy under which nothing but the test's own clock can hold commands back. */
export const ALWAYS_OPEN_POLICY = {
  preNoticeMinutes: 1,
  forbiddenWindows: { weekendsForbidden: false, holidays: [], workdayOverrides: [], nightStart: '03:00', nightEnd: '03:01', dailyCutoff: '23:59' },
};

/**
 * Applies, approves (as someone other than the applicant), and leaves the case to run.
 * Returns once the case is past approval.
 */
export async function startApprovedCase(options: { client: Client; db: Db; workflowId: string; customerNos: string[]; applicantId: number; approverId: number }) {
  const handle = await options.client.workflow.start(disconnectionCase, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: options.workflowId,
    args: [{ applicantId: options.applicantId, reason: '欠费超过两个月', customerNos: options.customerNos, title: `规模测试 ${options.customerNos.length} 户` }],
  });
  const taskId = await waitFor(async () => (await options.db('tasks').where({ workflow_id: options.workflowId, step: 'disconnection-approval', state: 'open' }).first('id'))?.id);
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: Number(taskId), by: { userId: options.approverId, roles: ['approver'] }, result: { decision: 'approve', opinion: '同意' } }] });
  return handle;
}

/** Polls until `read` answers something, or fails after `timeoutMs`. */
export async function waitFor<T>(read: () => Promise<T | undefined | null>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Every run of a workflow, first to last, with its history length (follows continue-as-new). */
export async function runsOf(client: Client, workflowId: string, firstRunId: string): Promise<Array<{ runId: string; events: number }>> {
  const runs = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>> = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    runs.push({ runId, events: events.length });
    runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

export type { DisconnectionProgress };
export { disconnectionProgressQuery };
