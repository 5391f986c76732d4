import type { Db } from '../../db/connection';
import { insertCustomer } from '../../db/seeds/customers';
import type { EventType } from '../../domain/events';
import type { TaskStep } from '../../domain/processes';

/**
 * The rows the reports' tests (api/reports/*.int.test.ts, test/browser/reports.int.test.ts)
 * are checked against: cases, tasks, events, payments and orders on 1 and 2 March 2025 (China
 * time) in two offices, east (SEG-RPT-E) and west (SEG-RPT-W), and one case of each kind
 * outside that period. Every figure the tests expect is worked out by hand in their comments.
 * Times are UTC: 2025-03-01 in China runs from 2025-02-28T16:00Z to 2025-03-01T16:00Z.
 */
export const PERIOD = { from: '2025-03-01', to: '2025-03-02' };
export const EAST = { code: 'SEG-RPT-E', name: '东区抄表段' };
export const WEST = { code: 'SEG-RPT-W', name: '西区抄表段' };

export interface ReportFixtures {
  /** Reconnection cases: R1, R2 east on 1 March; R3, R4 west on 2 March; R5 in April. */
  r: Record<'R1' | 'R2' | 'R3' | 'R4' | 'R5', number>;
  /** Disconnection cases: D1 on 1 March (east and west), D2 (east) and D3 (west) on 2 March, D4 in April. */
  d: Record<'D1' | 'D2' | 'D3' | 'D4', number>;
}

const at = (iso: string) => new Date(iso);
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000);

export async function seedReportFixtures(db: Db, applicantId: number): Promise<ReportFixtures> {
  let meters = 0;
  const customer = async (no: string, office: { code: string; name: string }, meter?: { line: string }) =>
    insertCustomer(db, {
      customerNo: no,
      name: `客户${no}`,
      segment: office,
      supplyStatus: 'connected',
      ...(meter ? { meter: { address: `99000000${String((meters += 1)).padStart(4, '0')}`, site: 'SITE-RPT', line: meter.line } } : {}),
    });
  let serial = 0;
  const openCase = async (type: 'reconnection' | 'disconnection', startedAt: string, customerId: number | null, state: string, step: string) => {
    serial += 1;
    const [{ id }] = await db('cases')
      .insert({ type, title: `${type} ${serial}`, customer_id: customerId, state, current_step: step, workflow_id: `rpt-${type}-${serial}`, workflow_run_id: `rpt-run-${serial}`, started_at: at(startedAt), closed_at: state === 'running' ? null : at(startedAt) })
      .returning('id');
    return id as number;
  };
  const event = (type: EventType, caseId: number, customerId: number | null, when: Date, data: object) =>
    db('events').insert({ type, actor: 'workflow:rpt', case_id: caseId, customer_id: customerId, at: when, data: JSON.stringify(data) });
  const pay = async (accountNo: string, receivedAt: string) => {
    const account = await db('accounts').where({ account_no: accountNo }).first('id');
    serial += 1;
    await db('payments').insert({ payment_id: `RPT-PAY-${serial}`, account_id: account.id, amount_fen: 100, channel: 'bank', paid_at: at(receivedAt), received_at: at(receivedAt) });
  };
  const command = (caseId: number, customerId: number, confirmed: boolean, when: Date) =>
    event(confirmed ? 'meter.command.confirmed' : 'meter.command.failed', caseId, customerId, when, { attempt: 1, failure: confirmed ? null : { code: 'NO_REPLY', message: 'no reply' }, exchanges: [] });
  const restored = (caseId: number, customerId: number, when: string, via: 'remote' | 'on-site') =>
    event('customer.reconnected', caseId, customerId, at(when), { reconnectedAt: when, via });
  const manualOrder = async (caseId: number, customerId: number, reason: string) => {
    serial += 1;
    await db('work_orders').insert({ order_no: `14RPT${serial}`, kind: 'manual_reconnection', customer_id: customerId, case_id: caseId, workflow_id: `rpt-wf-${serial}`, workflow_run_id: `rpt-run-${serial}`, reason });
  };
  const task = async (fields: { caseId: number; step: TaskStep; level?: number; customerId?: number; createdAt: string; dueSeconds: number; completedAfterSeconds?: number; state?: string; urges?: number }) => {
    serial += 1;
    const completed = fields.completedAfterSeconds !== undefined;
    await db('tasks').insert({
      case_id: fields.caseId,
      workflow_id: `rpt-task-wf-${serial}`,
      workflow_run_id: `rpt-task-run-${serial}`,
      step: fields.step,
      step_seq: fields.level ?? 1,
      title: `${fields.step} ${serial}`,
      title_params: JSON.stringify(fields.level ? { level: fields.level } : {}),
      customer_id: fields.customerId ?? null,
      routing_reason: 'test',
      created_at: at(fields.createdAt),
      due_at: plus(fields.createdAt, fields.dueSeconds),
      state: completed ? 'completed' : (fields.state ?? 'open'),
      completed_at: completed ? plus(fields.createdAt, fields.completedAfterSeconds!) : null,
      urge_count: fields.urges ?? 0,
    });
  };

  // Reconnection. R1: paid 40 s before power came back (within a minute), one command, confirmed.
  const c1 = await customer('RPT-R01', EAST, { line: 'LINE-1' });
  const c2 = await customer('RPT-R02', EAST, { line: 'LINE-1' });
  const c3 = await customer('RPT-R03', WEST, { line: 'LINE-2' });
  const c4 = await customer('RPT-R04', WEST);
  const c5 = await customer('RPT-R05', EAST, { line: 'LINE-1' });
  const R1 = await openCase('reconnection', '2025-03-01T02:00:00Z', c1.customerId, 'completed', 'reconnected');
  await pay(c1.accountNo, '2025-02-20T00:00:00Z');
  await pay(c1.accountNo, '2025-03-01T01:59:30Z');
  // A payment after the case began is not the one that started it.
  await pay(c1.accountNo, '2025-03-01T05:00:00Z');
  await command(R1, c1.customerId, true, at('2025-03-01T02:00:05Z'));
  await restored(R1, c1.customerId, '2025-03-01T02:00:10Z', 'remote');
  // R2: 310 s (within 15 minutes), a failed command then a confirmed one.
  const R2 = await openCase('reconnection', '2025-03-01T03:00:00Z', c2.customerId, 'completed', 'reconnected');
  await pay(c2.accountNo, '2025-03-01T02:59:50Z');
  await command(R2, c2.customerId, false, at('2025-03-01T03:00:05Z'));
  await command(R2, c2.customerId, true, at('2025-03-01T03:04:55Z'));
  await restored(R2, c2.customerId, '2025-03-01T03:05:00Z', 'remote');
  // R3: three failed commands, a manual order, power back on site 7260 s after paying.
  const R3 = await openCase('reconnection', '2025-03-02T01:00:00Z', c3.customerId, 'completed', 'reconnected-on-site');
  await pay(c3.accountNo, '2025-03-02T00:59:00Z');
  for (const second of [5, 600, 1200]) await command(R3, c3.customerId, false, plus('2025-03-02T01:00:00Z', second));
  await manualOrder(R3, c3.customerId, 'commands-failed');
  await task({ caseId: R3, step: 'manual-reconnection', customerId: c3.customerId, createdAt: '2025-03-02T01:30:00Z', dueSeconds: 4 * 3600, completedAfterSeconds: 5400 });
  await restored(R3, c3.customerId, '2025-03-02T03:00:00Z', 'on-site');
  // R4: no remote meter, a manual order, still waiting for the collector (not yet due).
  const R4 = await openCase('reconnection', '2025-03-02T04:00:00Z', c4.customerId, 'running', 'manual-reconnection');
  await pay(c4.accountNo, '2025-03-02T03:59:59Z');
  await manualOrder(R4, c4.customerId, 'not-eligible');
  await task({ caseId: R4, step: 'manual-reconnection', customerId: c4.customerId, createdAt: '2025-03-02T04:00:00Z', dueSeconds: 100 * 365 * 86_400 });
  // R5: April, outside the period.
  const R5 = await openCase('reconnection', '2025-04-02T04:00:00Z', c5.customerId, 'completed', 'reconnected');
  await pay(c5.accountNo, '2025-04-02T03:59:00Z');
  await command(R5, c5.customerId, true, at('2025-04-02T04:00:05Z'));
  await restored(R5, c5.customerId, '2025-04-02T04:00:10Z', 'remote');

  // Disconnection. D1: archived; east C1 disconnected, C2 protected; west C3 paid, C4 disconnected;
  // C1 and C4 deferred by night (C1 twice); approval level 1 took 1 h (on time), level 2 3 h (late, urged twice).
  const [d1, d2, d3, d4, d5] = [
    await customer('RPT-D01', EAST, { line: 'LINE-1' }),
    await customer('RPT-D02', EAST),
    await customer('RPT-D03', WEST),
    await customer('RPT-D04', WEST, { line: 'LINE-2' }),
    await customer('RPT-D05', EAST),
  ];
  const D1 = await openCase('disconnection', '2025-03-01T01:00:00Z', null, 'completed', 'archived');
  const outcome = (caseId: number, customerId: number, state: string, code: string | null) => db('disconnection_outcomes').insert({ case_id: caseId, customer_id: customerId, state, code });
  await outcome(D1, d1.customerId, 'disconnected', null);
  await outcome(D1, d2.customerId, 'excluded', 'PROTECTED');
  await outcome(D1, d3.customerId, 'excluded', 'PAID');
  await outcome(D1, d4.customerId, 'disconnected', null);
  for (const [customerId, n] of [[d1.customerId, 1], [d1.customerId, 2], [d4.customerId, 1]] as const) {
    await event('disconnection.verdict', D1, customerId, plus('2025-03-01T14:00:00Z', n), { verdict: 'defer', code: 'NIGHT', until: '2025-03-02T00:00:00Z', reason: 'night' });
  }
  await event('disconnection.verdict', D1, d2.customerId, at('2025-03-02T00:00:01Z'), { verdict: 'never', code: 'PROTECTED', reason: 'protected' });
  await task({ caseId: D1, step: 'disconnection-approval', level: 1, createdAt: '2025-03-01T01:00:00Z', dueSeconds: 86_400, completedAfterSeconds: 3600 });
  await task({ caseId: D1, step: 'disconnection-approval', level: 2, createdAt: '2025-03-01T02:00:00Z', dueSeconds: 7200, completedAfterSeconds: 3 * 3600, urges: 2 });
  await task({ caseId: D1, step: 'manual-outage-entry', customerId: d4.customerId, createdAt: '2025-03-01T08:00:00Z', dueSeconds: 3600, state: 'cancelled' });

  // D2: rejected at level 1 after 2 h (late); its one customer (east) only on the application.
  const application = async (caseId: number, customerIds: number[]) => {
    const row = await db('cases').where({ id: caseId }).first('workflow_id');
    const [{ id }] = await db('disconnection_applications')
      .insert({ applicant_id: applicantId, idempotency_key: row.workflow_id, fingerprint: row.workflow_id, workflow_id: row.workflow_id, workflow_input: '{}', response: '{}' })
      .returning('id');
    await db('disconnection_application_customers').insert(customerIds.map((customerId) => ({ application_id: id, customer_id: customerId })));
  };
  const D2 = await openCase('disconnection', '2025-03-02T00:00:00Z', null, 'completed', 'rejected');
  await application(D2, [d5.customerId]);
  await task({ caseId: D2, step: 'disconnection-approval', level: 1, createdAt: '2025-03-02T00:00:00Z', dueSeconds: 3600, completedAfterSeconds: 7200 });
  // D3: waiting at level 1 past its due time, urged once; applied for west C3.
  const D3 = await openCase('disconnection', '2025-03-02T02:00:00Z', null, 'running', 'approval-1');
  await application(D3, [d3.customerId]);
  await task({ caseId: D3, step: 'disconnection-approval', level: 1, createdAt: '2025-03-02T02:00:00Z', dueSeconds: 3600, urges: 1 });
  // D4: April.
  const D4 = await openCase('disconnection', '2025-04-01T02:00:00Z', null, 'completed', 'archived');
  await outcome(D4, d5.customerId, 'disconnected', null);
  await task({ caseId: D4, step: 'disconnection-approval', level: 1, createdAt: '2025-04-01T02:00:00Z', dueSeconds: 3600, completedAfterSeconds: 60 });

  return { r: { R1, R2, R3, R4, R5 }, d: { D1, D2, D3, D4 } };
}
