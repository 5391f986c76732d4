import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { reserveNumber } from '../../db/queries/numbers';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import type { Role } from '../../domain/permissions';
import { addDays, chinaDate } from '../../domain/relocation/appointment';
import { formatRelocationOrderNo, RELOCATION_ORDER_SEQUENCE } from '../../domain/relocation/numbering';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow } from '../../test/support/gridflow';
import { openTaskOf } from '../../test/support/tasks';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { completeTaskUpdate } from '../human/wait-for-person';
import { CENTRAL_TASK_QUEUE } from '../task-queues';
import { recordRating } from '../../db/queries/ratings';
import { DEFAULT_REVISIT_POLICY } from '../../domain/revisit/policy';
import { revisitWorkflowId } from '../revisit/ids';
import { revisitCase, revisitStatusQuery } from '../revisit/workflow';
import { relocationReopenWorkflowId, relocationWorkflowId } from './ids';
import { relocationCancelUpdate, relocationOrder, relocationStatusQuery, type RelocationStage } from './workflow';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
/** clerk: accepts the orders, and holds the checker role too (four eyes must still refuse them). */
const people = { clerk: 0, clerkB: 0, cashier: 0, checker: 0, checkerB: 0, installer: 0, crew: 0 };
const DAY = 24 * 3600_000;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  people.clerk = await insertUser(t.db, { username: 'clerk', displayName: '刘营业', roles: ['clerk', 'checker'] });
  people.clerkB = await insertUser(t.db, { username: 'clerk-b', displayName: '马营业', roles: ['clerk'] });
  people.cashier = await insertUser(t.db, { username: 'cashier', roles: ['cashier'] });
  people.checker = await insertUser(t.db, { username: 'checker', displayName: '何稽核', roles: ['checker'] });
  people.checkerB = await insertUser(t.db, { username: 'checker-b', displayName: '罗稽核', roles: ['checker'] });
  people.installer = await insertUser(t.db, { username: 'installer', displayName: '孙装机', roles: ['crew'] });
  people.crew = await insertUser(t.db, { username: 'crew', roles: ['crew'] });
  await t.db('exchanges').insert([
    { code: 'DC', name: '东城局' },
    { code: 'XC', name: '西城局' },
  ]);
  await t.db('phone_numbers').insert(Array.from({ length: 20 }, (_, i) => ({ number: `662001${String(i).padStart(2, '0')}`, exchange_code: 'XC', state: 'free' })));
  await t.db('install_teams').insert([
    { code: 'T1', name: '东城装机一队', exchange_code: 'DC' },
    { code: 'T2', name: '西城装机队', exchange_code: 'XC' },
    { code: 'T3', name: '东城装机二队', exchange_code: 'DC' },
  ]);
  // T1 lists its member; T2 lists nobody, so its jobs go to the crew role.
  await t.db('install_team_members').insert([
    { team_code: 'T1', user_id: people.installer },
    { team_code: 'T3', user_id: people.installer },
  ]);
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
});

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

/** The policy the next orders start with (read once by each workflow). */
async function setPolicy(value: object): Promise<void> {
  await t.db('settings').insert({ key: 'relocation', value: JSON.stringify(value) }).onConflict('key').merge();
}

let lines = 0;
/** A customer's telephone line in service: its number in use in its exchange's pool. */
async function newLine(spec: { exchange: 'DC' | 'XC'; lineType: 'A' | 'B'; local?: boolean }) {
  lines++;
  const serviceNo = `${spec.exchange === 'DC' ? '6510' : '6620'}${String(5000 + lines)}`;
  const { customerId } = await insertCustomer(t.db, { customerNo: `RL-${lines}`, name: '移机客户', phone: '13800002222' });
  await t.db('service_accounts').insert({
    service_no: serviceNo,
    customer_id: customerId,
    account_relation: `ACC-${lines}`,
    pricing_plan: 'residential-basic',
    line_type: spec.lineType,
    exchange_code: spec.exchange,
    address: '幸福街道 1 号',
    local: spec.local ?? true,
  });
  await t.db('phone_numbers').insert({ number: serviceNo, exchange_code: spec.exchange, state: 'in_use', service_no: serviceNo });
  return { serviceNo, customerId };
}

interface OrderSpec {
  kind: 'same' | 'cross';
  lineType?: 'A' | 'B';
  local?: boolean;
  newNumber?: string;
  keepNumber?: boolean;
  announcement?: boolean;
  team?: 'T1' | 'T2' | 'T3';
  feeLines: Array<{ code: string; amountFen: number }>;
  depositFen?: number;
  date?: string;
  slot?: string;
  /** Insert the order and its booking only: no workflow (a slot taken by someone else). */
  noWorkflow?: boolean;
}

/**
 * An order as the API accepts it (api/relocation): the row, its new number reserved for the
 * order's workflow, its team's slot booked, then the workflow started with `{ orderNo }`.
 */
async function startOrder(spec: OrderSpec) {
  const line = await newLine({ exchange: 'DC', lineType: spec.lineType ?? 'A', local: spec.local });
  const { rows } = await t.db.raw(`SELECT nextval('${RELOCATION_ORDER_SEQUENCE}') AS serial`);
  const orderNo = formatRelocationOrderNo(Number(rows[0].serial));
  const workflowId = relocationWorkflowId(orderNo);
  const now = await env.currentTimeMs();
  const date = spec.date ?? addDays(chinaDate(now), 2);
  const slot = spec.slot ?? 'am';
  const team = spec.team ?? 'T1';
  const total = spec.feeLines.reduce((sum, fee) => sum + fee.amountFen, 0);
  const newNumber = spec.newNumber ?? line.serviceNo;
  const [{ id: orderId }] = await t.db('relocation_orders')
    .insert({
      order_no: orderNo,
      service_no: line.serviceNo,
      customer_id: line.customerId,
      kind: spec.kind,
      from_exchange: 'DC',
      to_exchange: spec.kind === 'same' ? 'DC' : 'XC',
      new_address: spec.kind === 'same' ? '建设路 8 号 2 单元 302' : '和平路 20 号 1 单元 101',
      old_number: line.serviceNo,
      new_number: newNumber,
      keep_number: spec.keepNumber ?? false,
      announcement: spec.announcement ?? false,
      account_relation: `ACC-${lines}`,
      pricing_plan: spec.kind === 'same' ? 'residential-basic' : 'residential-plus',
      team_code: team,
      appointment_date: date,
      appointment_slot: slot,
      contact_name: '王先生',
      contact_phone: '13800003333',
      holder: 'person',
      document_type: 'resident-id',
      document_number: '11010519491231002X',
      deposit_fen: spec.depositFen ?? 0,
      fee_lines: JSON.stringify(spec.feeLines),
      fee_computed_fen: total,
      fee_total_fen: total,
      accepted_by_id: people.clerk,
      workflow_id: workflowId,
    })
    .returning('id');
  if (newNumber !== line.serviceNo) {
    const reserved = await reserveNumber(t.db, { number: newNumber, exchangeCode: 'XC', reservedBy: workflowId, until: new Date(now + 3 * DAY) });
    expect(reserved.kind).toBe('reserved');
  }
  const taken: number[] = await t.db('relocation_bookings').where({ team_code: team, day: date, slot }).pluck('seat');
  await t.db('relocation_bookings').insert({ team_code: team, day: date, slot, seat: taken.length + 1, order_id: orderId });
  if (spec.noWorkflow) return { orderId: orderId as number, orderNo, line, date, handle: undefined as unknown as WorkflowHandle<typeof relocationOrder> };
  const handle = await env.client.workflow.start(relocationOrder, { taskQueue: CENTRAL_TASK_QUEUE, workflowId, args: [{ orderNo }] });
  return { orderId: orderId as number, orderNo, line, date, handle };
}

const LABOUR = { code: 'labour', amountFen: 12_000 };
const openTask = (workflowId: string, step: string) => openTaskOf(t.db, workflowId, step);

async function complete(handle: WorkflowHandle, step: string, userId: number, roles: Role[], result: unknown): Promise<number> {
  const taskId = await openTask(handle.workflowId, step);
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles }, result }] });
  return taskId;
}

const pay = (handle: WorkflowHandle, invoiceNo = 'FP-0001') => complete(handle, 'relocation-payment', people.cashier, ['cashier'], { invoiceNo });
const audit = (handle: WorkflowHandle, result: object, checker = people.checker) => complete(handle, 'relocation-audit', checker, ['checker'], result);
const install = (handle: WorkflowHandle, result: object = { outcome: 'installed' }, by = people.installer) => complete(handle, 'relocation-install', by, ['crew'], result);

/** The Update's refusal: its failure type and the finer reason in its details. */
async function refusalOf(update: Promise<unknown>): Promise<{ type?: string; reason?: unknown; params?: unknown }> {
  const err = await update.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
  const details = (cause.details?.[0] ?? {}) as { reason?: unknown; params?: unknown };
  return { type: cause.type ?? undefined, reason: details.reason, params: details.params };
}

async function stageOf(handle: WorkflowHandle, stage: RelocationStage): Promise<void> {
  for (let i = 0; i < 400 && (await handle.query(relocationStatusQuery)).stage !== stage; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect((await handle.query(relocationStatusQuery)).stage).toBe(stage);
}

const eventsOf = (orderNo: string) => t.db('events').where({ order_no: orderNo }).andWhere('type', 'like', 'relocation.%').orderBy('id').pluck('type');
const eventOf = (orderNo: string, type: string) => t.db('events').where({ order_no: orderNo, type }).first();
const orderRow = (orderId: number) => t.db('relocation_orders').where({ id: orderId }).first();
const numberRow = (number: string) => t.db('phone_numbers').where({ number }).first();

describe('a relocation order', () => {
  it('within its exchange: paid, passed by rule (no sample), installed by its team, the customer texted', async () => {
    await setPolicy({ audit: { sampleShare: 0 } });
    const { orderId, orderNo, line, handle } = await startOrder({ kind: 'same', feeLines: [LABOUR] });
    const paymentTask = await t.db('tasks').where({ id: await openTask(handle.workflowId, 'relocation-payment') }).first();
    expect(paymentTask).toMatchObject({ candidate_roles: ['cashier'], title_code: 'relocation-order' });
    expect(paymentTask.payload).toMatchObject({ orderNo, amountDueFen: 12_000, feeLines: [LABOUR], depositFen: 0 });
    await pay(handle);

    const installTask = await t.db('tasks').where({ id: await openTask(handle.workflowId, 'relocation-install') }).first();
    // T1 lists its member: the job is offered to them by name.
    expect(installTask).toMatchObject({ candidate_user_ids: [people.installer], candidate_roles: [], routing_code: 'relocation-team' });
    await install(handle);

    expect(await handle.result()).toEqual({ outcome: 'installed', orderNo, serviceNo: line.serviceNo, auditRequired: false, loops: 0, reschedules: 0 });
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'relocation-audit' }).first()).toBeUndefined();
    expect(await orderRow(orderId)).toMatchObject({ state: 'installed', invoice_no: 'FP-0001', audit_required: false, audit_reasons: ['pass'], installed_by_id: people.installer, loop_count: 0 });
    expect((await orderRow(orderId)).audit_draw).toBeGreaterThanOrEqual(0);
    expect(await t.db('relocation_payments').where({ order_id: orderId }).select('kind', 'amount_fen', 'invoice_no', 'cashier_id')).toEqual([
      { kind: 'fee', amount_fen: '12000', invoice_no: 'FP-0001', cashier_id: people.cashier },
    ]);
    expect(await t.db('service_accounts').where({ service_no: line.serviceNo }).first()).toMatchObject({ exchange_code: 'DC', address: '建设路 8 号 2 单元 302' });
    expect(await t.db('service_account_moves').where({ order_ref: orderNo }).first()).toMatchObject({ service_no: line.serviceNo });
    expect(await numberRow(line.serviceNo)).toMatchObject({ state: 'in_use', service_no: line.serviceNo });
    expect(await eventsOf(orderNo)).toEqual(['relocation.paid', 'relocation.audit_decided', 'relocation.installed', 'relocation.rating_requested']);
    // The installed SMS asked for a rating: a reply from the contact phone answers it for the policy's 48 hours.
    const survey = await t.db('survey_requests').where({ process: 'relocation', order_ref: orderNo }).first();
    expect(survey).toMatchObject({ phone: (await orderRow(orderId)).contact_phone, answered_at: null });
    expect(new Date(survey.expires_at).getTime() - new Date(survey.sent_at).getTime()).toBeGreaterThanOrEqual(48 * 3600_000 - 5_000);
    // Why it was not audited is on record: no rule fired, and the draw missed the share.
    expect((await eventOf(orderNo, 'relocation.audit_decided')).data).toMatchObject({ required: false, reasons: ['pass'], share: 0, facts: { relocationsIn12Months: 1 } });
    const sms = await t.db('outbox').where({ workflow_id: handle.workflowId, purpose: 'relocation-installed' });
    expect(sms).toEqual([expect.objectContaining({ channel: 'sms', recipient: '13800003333', idempotency_key: `sms:relocation-installed:${orderNo}` })]);
    expect(sms[0].body).toContain('建设路 8 号 2 单元 302');
    expect(await t.db('cases').where({ workflow_id: handle.workflowId }).first()).toMatchObject({ type: 'relocation', state: 'completed', current_step: 'relocation-done' });
    expect((await orderRow(orderId)).case_id).toBe((await t.db('cases').where({ workflow_id: handle.workflowId }).first()).id);
  });

  it('across exchanges with an announcement (fee 150): sampled, passed, the number moves, the announcement ends after its days', async () => {
    await setPolicy({ audit: { sampleShare: 1 } });
    const { orderId, orderNo, line, handle } = await startOrder({
      kind: 'cross',
      newNumber: '66200101',
      announcement: true,
      team: 'T2',
      feeLines: [LABOUR, { code: 'announcement', amountFen: 3_000 }],
    });
    const reservedAtAcceptance = new Date((await numberRow('66200101')).reserved_until).getTime();
    await pay(handle, 'FP-0150');
    const auditTask = await t.db('tasks').where({ id: await openTask(handle.workflowId, 'relocation-audit') }).first();
    expect(auditTask).toMatchObject({ candidate_roles: ['checker'], excluded_user_ids: [people.clerk] });
    expect(auditTask.payload).toMatchObject({ auditReasons: ['sample'], sampleShare: 1, feeTotalFen: 15_000, feeLines: [LABOUR, { code: 'announcement', amountFen: 3_000 }] });
    expect(await orderRow(orderId)).toMatchObject({ audit_required: true, audit_reasons: ['sample'] });
    // Paid: the number is kept till after the appointment, beyond the reservation of the acceptance.
    expect(new Date((await numberRow('66200101')).reserved_until).getTime()).toBeGreaterThan(reservedAtAcceptance);

    await audit(handle, { decision: 'pass' });
    // T2 lists nobody: the crew role is offered the job.
    expect(await t.db('tasks').where({ id: await openTask(handle.workflowId, 'relocation-install') }).first()).toMatchObject({ candidate_roles: ['crew'], candidate_user_ids: [] });
    const installedAt = await env.currentTimeMs();
    await install(handle, { outcome: 'installed' }, people.crew);
    await stageOf(handle, 'announcing');

    // The number moved: the old one rests in quarantine, the new one is the line's, renamed everywhere.
    const old = await numberRow(line.serviceNo);
    expect(old).toMatchObject({ state: 'quarantined', service_no: null });
    expect(new Date(old.quarantined_until).getTime() - installedAt).toBeGreaterThan(89 * DAY);
    expect(await numberRow('66200101')).toMatchObject({ state: 'in_use', service_no: '66200101', reserved_by: null });
    expect(await t.db('service_accounts').where({ service_no: line.serviceNo }).first()).toBeUndefined();
    expect(await t.db('service_accounts').where({ service_no: '66200101' }).first()).toMatchObject({ exchange_code: 'XC', address: '和平路 20 号 1 单元 101', pricing_plan: 'residential-plus', customer_id: line.customerId });
    expect(await orderRow(orderId)).toMatchObject({ state: 'installed', service_no: '66200101', old_number: line.serviceNo, audited_by_id: people.checker });
    expect(await t.db('service_account_moves').where({ order_ref: orderNo }).first()).toMatchObject({ service_no: '66200101' });
    expect(await t.db('cases').where({ workflow_id: handle.workflowId }).first()).toMatchObject({ current_step: 'relocation-announcing', state: 'running' });
    expect(await eventsOf(orderNo)).not.toContain('relocation.announcement_ended');
    // The history names the exchanges as people know them, beside their codes.
    expect((await t.db('events').where({ type: 'relocation.installed', order_no: orderNo }).first('data')).data).toMatchObject({
      fromExchange: 'DC',
      fromExchangeName: '东城局',
      toExchange: 'XC',
      toExchangeName: '西城局',
    });

    // Installed: too late to cancel.
    expect(await refusalOf(handle.executeUpdate(relocationCancelUpdate, { args: [{ reason: '客户反悔', byUserId: people.clerk }] }))).toMatchObject({ type: 'ALREADY_INSTALLED' });

    expect(await handle.result()).toMatchObject({ outcome: 'installed', serviceNo: '66200101', auditRequired: true, loops: 0 });
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(installedAt + 90 * DAY);
    expect(await eventsOf(orderNo)).toEqual([
      'relocation.paid',
      'relocation.audit_decided',
      'relocation.audit_passed',
      'relocation.installed',
      'relocation.rating_requested',
      'relocation.announcement_ended',
    ]);
    const ends = new Date((await orderRow(orderId)).announcement_ends_at).getTime();
    expect(ends - installedAt).toBeGreaterThanOrEqual(90 * DAY);
    expect(ends - installedAt).toBeLessThan(90 * DAY + 3600_000);
    expect(await t.db('cases').where({ workflow_id: handle.workflowId }).first()).toMatchObject({ current_step: 'relocation-done', state: 'completed' });
  });

  it('across exchanges keeping the number, type B (fee 190): audited by rule, rejected, fixed by its clerk, passed by another auditor', async () => {
    await setPolicy({ audit: { sampleShare: 0 } });
    const { orderId, orderNo, line, handle } = await startOrder({
      kind: 'cross',
      lineType: 'B',
      keepNumber: true,
      feeLines: [LABOUR, { code: 'keep_number', amountFen: 7_000 }],
    });
    expect((await t.db('tasks').where({ id: await openTask(handle.workflowId, 'relocation-payment') }).first()).payload).toMatchObject({ amountDueFen: 19_000 });
    await pay(handle);
    const firstAudit = await openTask(handle.workflowId, 'relocation-audit');
    expect(await orderRow(orderId)).toMatchObject({ audit_required: true, audit_reasons: ['number_kept'], audit_draw: null });
    expect((await eventOf(orderNo, 'relocation.audit_decided')).data).toMatchObject({ required: true, reasons: ['number_kept'], facts: { keptNumberAcrossExchanges: true } });

    // Four eyes: the accepting clerk holds the checker role, is not offered the task and may not complete it.
    expect((await t.db('tasks').where({ id: firstAudit }).first()).excluded_user_ids).toEqual([people.clerk]);
    expect(await refusalOf(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: firstAudit, by: { userId: people.clerk, roles: ['clerk', 'checker'] }, result: { decision: 'pass' } }] }))).toEqual({
      type: 'NOT_ALLOWED',
      reason: 'OWN_RELOCATION_ORDER',
      params: undefined,
    });
    // A rejection needs its reason.
    expect(await refusalOf(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: firstAudit, by: { userId: people.checker, roles: ['checker'] }, result: { decision: 'reject' } }] }))).toMatchObject({
      type: 'INVALID_RESULT',
      reason: 'OPINION_LENGTH',
    });

    await audit(handle, { decision: 'reject', reason: '联系电话与登记不符' });
    const fixId = await openTask(handle.workflowId, 'relocation-fix');
    const fix = await t.db('tasks').where({ id: fixId }).first();
    expect(fix).toMatchObject({ candidate_user_ids: [people.clerk], candidate_roles: [], routing_code: 'relocation-clerk' });
    expect(fix.payload).toMatchObject({ rejection: '联系电话与登记不符', loop: 1 });
    expect((await orderRow(orderId)).loop_count).toBe(1);
    // Another clerk is not the one it went back to.
    expect(await refusalOf(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: fixId, by: { userId: people.clerkB, roles: ['clerk'] }, result: {} }] }))).toMatchObject({ type: 'NOT_A_CANDIDATE' });
    await complete(handle, 'relocation-fix', people.clerk, ['clerk', 'checker'], { note: '已与客户核实', contactPhone: '13800004444' });

    const secondAuditId = await openTask(handle.workflowId, 'relocation-audit');
    expect(secondAuditId).not.toBe(firstAudit);
    const secondAudit = await t.db('tasks').where({ id: secondAuditId }).first();
    expect(secondAudit.payload).toMatchObject({ lastRejection: '联系电话与登记不符', contactPhone: '13800004444', loop: 1 });
    await audit(handle, { decision: 'pass' }, people.checkerB);
    await install(handle);

    expect(await handle.result()).toMatchObject({ outcome: 'installed', serviceNo: line.serviceNo, auditRequired: true, loops: 1 });
    expect(await orderRow(orderId)).toMatchObject({ state: 'installed', loop_count: 1, contact_phone: '13800004444', audited_by_id: people.checkerB });
    expect(await eventsOf(orderNo)).toEqual([
      'relocation.paid',
      'relocation.audit_decided',
      'relocation.audit_rejected',
      'relocation.resubmitted',
      'relocation.audit_passed',
      'relocation.installed',
      'relocation.rating_requested',
    ]);
    expect((await eventOf(orderNo, 'relocation.resubmitted')).data).toMatchObject({ note: '已与客户核实', changes: { contactPhone: { from: '13800003333', to: '13800004444' } } });
    // The number moved with the line (NP flag): same number, the new exchange.
    expect(await numberRow(line.serviceNo)).toMatchObject({ state: 'in_use', service_no: line.serviceNo });
    expect(await t.db('service_accounts').where({ service_no: line.serviceNo }).first()).toMatchObject({ exchange_code: 'XC' });
    // The SMS goes to the corrected phone.
    expect(await t.db('outbox').where({ workflow_id: handle.workflowId, purpose: 'relocation-installed' }).first()).toMatchObject({ recipient: '13800004444' });
  });

  it('not paid within the reservation time: cancelled, its number free again, its booking gone', async () => {
    await setPolicy({ audit: { sampleShare: 0 }, numbers: { reservationMinutes: 120 } });
    const { orderId, orderNo, handle } = await startOrder({ kind: 'cross', newNumber: '66200102', feeLines: [LABOUR] });
    const paymentTask = await openTask(handle.workflowId, 'relocation-payment');
    expect(await numberRow('66200102')).toMatchObject({ state: 'reserved', reserved_by: handle.workflowId });

    const started = await env.currentTimeMs();
    expect(await handle.result()).toEqual({ outcome: 'cancelled', orderNo, code: 'reservation-expired', refundedFen: 0 });
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(started + 119 * 60_000);
    expect(await numberRow('66200102')).toMatchObject({ state: 'free', reserved_by: null, reserved_until: null });
    expect(await t.db('relocation_bookings').where({ order_id: orderId }).first()).toBeUndefined();
    expect(await t.db('tasks').where({ id: paymentTask }).first()).toMatchObject({ state: 'cancelled' });
    expect(await orderRow(orderId)).toMatchObject({ state: 'cancelled', cancel_reason: 'reservation-expired' });
    expect(await t.db('relocation_payments').where({ order_id: orderId })).toEqual([]);
    expect(await eventsOf(orderNo)).toEqual(['relocation.number_released', 'relocation.cancelled']);
    expect(await t.db('cases').where({ workflow_id: handle.workflowId }).first()).toMatchObject({ current_step: 'relocation-cancelled', state: 'completed' });
  });

  it('cancelled after payment: the fee and the deposit refunded as one refund, the number released, the open task withdrawn', async () => {
    await setPolicy({ audit: { sampleShare: 0 } });
    // A customer from outside the area with no guarantor: a 1000 CNY deposit, paid like the fee.
    const { orderId, orderNo, handle } = await startOrder({ kind: 'cross', local: false, newNumber: '66200103', feeLines: [LABOUR], depositFen: 100_000 });
    expect((await t.db('tasks').where({ id: await openTask(handle.workflowId, 'relocation-payment') }).first()).payload).toMatchObject({ amountDueFen: 112_000, depositFen: 100_000 });
    await pay(handle, 'FP-0777');
    const installTask = await openTask(handle.workflowId, 'relocation-install');
    expect(await t.db('relocation_payments').where({ order_id: orderId }).orderBy('id').select('kind', 'amount_fen')).toEqual([
      { kind: 'fee', amount_fen: '12000' },
      { kind: 'deposit', amount_fen: '100000' },
    ]);

    // A bad request is refused before anything changes.
    expect(await refusalOf(handle.executeUpdate(relocationCancelUpdate, { args: [{ reason: ' ', byUserId: people.clerk }] }))).toMatchObject({ type: 'CANCEL_REASON_INVALID' });
    expect(await handle.executeUpdate(relocationCancelUpdate, { args: [{ reason: '客户搬迁计划取消', byUserId: people.clerkB }] })).toEqual({ orderNo, code: 'cancelled', refundedFen: 112_000 });

    expect(await handle.result()).toEqual({ outcome: 'cancelled', orderNo, code: 'cancelled', refundedFen: 112_000 });
    expect(await t.db('relocation_payments').where({ order_id: orderId, kind: 'refund' }).select('amount_fen', 'invoice_no', 'cashier_id')).toEqual([
      { amount_fen: '-112000', invoice_no: 'FP-0777', cashier_id: people.clerkB },
    ]);
    expect(await numberRow('66200103')).toMatchObject({ state: 'free', reserved_by: null });
    expect(await t.db('relocation_bookings').where({ order_id: orderId }).first()).toBeUndefined();
    expect(await t.db('tasks').where({ id: installTask }).first()).toMatchObject({ state: 'cancelled' });
    expect(await orderRow(orderId)).toMatchObject({ state: 'cancelled', cancel_reason: '客户搬迁计划取消' });
    expect(await eventsOf(orderNo)).toEqual(['relocation.paid', 'relocation.audit_decided', 'relocation.number_released', 'relocation.refunded', 'relocation.cancelled']);
    const cancelled = await eventOf(orderNo, 'relocation.cancelled');
    expect(cancelled).toMatchObject({ actor: `user:${people.clerkB}`, data: { code: 'cancelled', reason: '客户搬迁计划取消', refundedFen: 112_000, numberReleased: true } });
    expect(await t.db('cases').where({ workflow_id: handle.workflowId }).first()).toMatchObject({ current_step: 'relocation-cancelled', state: 'completed' });
  });

  it('not installed: rebooked by a clerk — a full slot refused, one taken meanwhile sent back — then installed', async () => {
    await setPolicy({ audit: { sampleShare: 0 }, appointmentSlots: [{ code: 'am', capacity: 1 }, { code: 'pm', capacity: 1 }] });
    const today = chinaDate(await env.currentTimeMs());
    const [day1, day2, day3] = [addDays(today, 1), addDays(today, 3), addDays(today, 4)];
    // Another order holds team T3's only morning seat on day 2.
    await startOrder({ kind: 'same', team: 'T3', feeLines: [LABOUR], date: day2, slot: 'am', noWorkflow: true });
    const { orderId, orderNo, handle } = await startOrder({ kind: 'same', team: 'T3', feeLines: [LABOUR], date: day1, slot: 'am' });
    await pay(handle);
    await install(handle, { outcome: 'not-installed', reason: '客户不在家' });

    const firstId = await openTask(handle.workflowId, 'relocation-reschedule');
    const first = await t.db('tasks').where({ id: firstId }).first();
    expect(first).toMatchObject({ candidate_roles: ['clerk'] });
    expect(first.payload).toMatchObject({ installFailure: '客户不在家', fullSlots: [{ date: day2, slot: 'am' }], slots: [{ code: 'am', capacity: 1 }, { code: 'pm', capacity: 1 }] });
    const reschedule = (result: object) => handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: firstId, by: { userId: people.clerkB, roles: ['clerk'] }, result }] });
    // Known full when the task opened: refused by the form, the task still open.
    expect(await refusalOf(reschedule({ date: day2, slot: 'am' }))).toEqual({ type: 'INVALID_RESULT', reason: 'SLOT_FULL', params: { date: day2, slot: 'am' } });
    expect(await refusalOf(reschedule({ date: day2, slot: 'noon' }))).toMatchObject({ reason: 'SLOT_UNKNOWN' });
    expect(await refusalOf(reschedule({ date: addDays(today, -1), slot: 'pm' }))).toMatchObject({ reason: 'DATE_IN_PAST' });

    // Taken after the task opened: the booking refuses it and the clerk is asked again, told why.
    await startOrder({ kind: 'same', team: 'T3', feeLines: [LABOUR], date: day2, slot: 'pm', noWorkflow: true });
    await reschedule({ date: day2, slot: 'pm' });
    const secondId = await openTask(handle.workflowId, 'relocation-reschedule');
    expect(secondId).not.toBe(firstId);
    const second = await t.db('tasks').where({ id: secondId }).first();
    expect(second.payload).toMatchObject({ refusal: { code: 'SLOT_FULL', params: { date: day2, slot: 'pm' } } });
    expect(await t.db('relocation_bookings').where({ order_id: orderId }).select(t.db.raw(`to_char(day, 'YYYY-MM-DD') as day`), 'slot', 'seat')).toEqual([{ day: day1, slot: 'am', seat: 1 }]);

    await complete(handle, 'relocation-reschedule', people.clerkB, ['clerk'], { date: day3, slot: 'am' });
    await openTask(handle.workflowId, 'relocation-install');
    expect(await t.db('relocation_bookings').where({ order_id: orderId }).select(t.db.raw(`to_char(day, 'YYYY-MM-DD') as day`), 'slot', 'seat')).toEqual([{ day: day3, slot: 'am', seat: 1 }]);
    expect(await t.db('relocation_orders').where({ id: orderId }).first(t.db.raw(`to_char(appointment_date, 'YYYY-MM-DD') as day`), 'appointment_slot')).toEqual({ day: day3, appointment_slot: 'am' });
    await install(handle);

    expect(await handle.result()).toMatchObject({ outcome: 'installed', reschedules: 1 });
    expect(await eventsOf(orderNo)).toEqual(['relocation.paid', 'relocation.audit_decided', 'relocation.install_failed', 'relocation.rescheduled', 'relocation.installed', 'relocation.rating_requested']);
    expect((await eventOf(orderNo, 'relocation.rescheduled')).data).toMatchObject({ date: day3, slot: 'am', seat: 1, fromDate: day1, fromSlot: 'am' });
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'relocation-install' }).count('* as n').first()).toEqual({ n: '2' });
  });

  it('reopened by a revisit after a bad rating: its team redoes the installation on the same case, the revisit waits for it', async () => {
    await setPolicy({ audit: { sampleShare: 0 } });
    const { orderId, orderNo, handle } = await startOrder({ kind: 'same', feeLines: [LABOUR] });
    await pay(handle);
    await install(handle);
    await handle.result();
    const order = await orderRow(orderId);
    const supervisor = await insertUser(t.db, { username: 'relocation-supervisor', displayName: '钱班长', roles: ['dispatcher'] });
    await t.db('users').where({ id: people.installer }).update({ supervisor_id: supervisor });
    const recorded = await t.db.transaction((trx) =>
      recordRating(trx, { process: 'relocation', orderNo, caseId: order.case_id, customerId: order.customer_id, rating: 1, comment: '装完电话没有声音', source: 'call', recordedById: null, actor: 'test', idempotencyKey: null }, DEFAULT_REVISIT_POLICY),
    );
    const revisitNo = recorded.revisit!.revisitNo;
    const revisit = await env.client.workflow.start(revisitCase, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: revisitWorkflowId(revisitNo), args: [{ revisitNo }] });
    const contact = await openTask(revisit.workflowId, 'revisit-contact');
    expect(await t.db('tasks').where({ id: contact }).first()).toMatchObject({ candidate_user_ids: [supervisor], payload: expect.objectContaining({ reopenable: true }) });
    const leaf = DEFAULT_REVISIT_POLICY.causes[1]!.children[0]!.code;
    await complete(revisit, 'revisit-contact', supervisor, ['dispatcher'], { outcome: 'reached', causeCode: leaf, said: '没有拨号音', action: '装机班复查线路', responsible: '孙装机', reopen: true });

    // Back to its team through the relocation workflow, on the order's own case.
    const rework = env.client.workflow.getHandle(relocationReopenWorkflowId(orderNo, revisitNo));
    const first = await openTask(rework.workflowId, 'relocation-install');
    expect(await t.db('tasks').where({ id: first }).first()).toMatchObject({ case_id: order.case_id, candidate_user_ids: [people.installer], payload: expect.objectContaining({ revisitNo }) });
    // A visit that could not redo it is recorded and offered to the team again.
    await install(rework, { outcome: 'not-installed', reason: '客户不在家' });
    const second = await openTask(rework.workflowId, 'relocation-install');
    expect((await t.db('tasks').where({ id: second }).first()).payload).toMatchObject({ installFailure: '客户不在家' });
    // No cancelling a rework.
    await expect(rework.executeUpdate(relocationCancelUpdate, { args: [{ reason: '不要了', byUserId: people.clerk }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await install(rework, { outcome: 'installed', note: '更换入户线' });
    expect(await rework.result()).toEqual({ outcome: 'redone', orderNo });
    expect((await eventsOf(orderNo)).slice(-3)).toEqual(['relocation.reopened', 'relocation.install_failed', 'relocation.redone']);
    expect((await eventOf(orderNo, 'relocation.redone')).data).toEqual({ revisitNo, note: '更换入户线' });
    expect(await orderRow(orderId)).toMatchObject({ state: 'installed', new_number: order.new_number });
    expect(await t.db('cases').where({ id: order.case_id }).first()).toMatchObject({ current_step: 'relocation-redone', state: 'completed' });

    for (let i = 0; i < 400 && (await revisit.query(revisitStatusQuery)).stage !== 'recovery-wait'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await t.db('revisits').where({ revisit_no: revisitNo }).first()).toMatchObject({ reopen_workflow_id: rework.workflowId, redone_at: expect.any(Date) });
    await revisit.terminate('test over');
  });
});
