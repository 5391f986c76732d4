import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { recordRating } from '../../db/queries/ratings';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import type { Role } from '../../domain/permissions';
import { DEFAULT_REVISIT_POLICY } from '../../domain/revisit/policy';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow } from '../../test/support/gridflow';
import { openTaskOf } from '../../test/support/tasks';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { completeTaskUpdate } from '../human/wait-for-person';
import { CENTRAL_TASK_QUEUE } from '../task-queues';
import { revisitWorkflowId } from './ids';
import { revisitCase, revisitStatusQuery, revisitSurveyReplySignal, type RevisitStage } from './workflow';

// The revisit after a bad review (issue 14), on the time-skipping test server: the policy's
// defaults (3 attempts, 4 h then 20 h apart; recovery check after 7 days).
let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
const people = { manager: 0, supervisor: 0, crew: 0, other: 0 };
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A leaf of the default cause tree. */
const LEAF = DEFAULT_REVISIT_POLICY.causes[0]!.children[0]!.code;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  people.manager = await insertUser(t.db, { username: 'manager', displayName: '周经理', roles: ['approver'] });
  people.supervisor = await insertUser(t.db, { username: 'supervisor', displayName: '吴班长', roles: ['dispatcher'], supervisorId: people.manager });
  people.crew = await insertUser(t.db, { username: 'crew', displayName: '郑维修', roles: ['crew'], supervisorId: people.supervisor });
  people.other = await insertUser(t.db, { username: 'other', displayName: '冯调度', roles: ['dispatcher'] });
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
});

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

let orders = 0;
/** A closed repair order the crew member did, rated bad by its customer: its revisit opened and started. */
async function badlyRatedRepair(rating = 1, state: 'done' | 'open' = 'done') {
  orders++;
  const orderNo = `16${String(90000000 + orders)}`;
  // A phone of each order's own: the weekly survey cap counts per phone.
  const phone = `138${String(10000000 + orders)}`;
  const { customerId } = await insertCustomer(t.db, { customerNo: `RV-${orders}`, name: '回访客户', phone: '13900001111' });
  await t.db('repair_orders').insert({
    order_no: orderNo,
    source: 'agent',
    customer_id: customerId,
    category: 'power-outage',
    description: '停电',
    place: '幸福街道 3 号',
    contact_phone: phone,
    priority: 'normal',
    state,
    workflow_id: `repair-${orderNo}`,
    crew_user_id: people.crew,
  });
  const recorded = await t.db.transaction((trx) =>
    recordRating(
      trx,
      { process: 'repair', orderNo, caseId: null, customerId, rating, comment: null, source: 'call', recordedById: null, actor: 'test', idempotencyKey: null },
      DEFAULT_REVISIT_POLICY,
    ),
  );
  expect(recorded.revisit).toMatchObject({ opened: true });
  const revisitNo = recorded.revisit!.revisitNo;
  const handle = await env.client.workflow.start(revisitCase, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: revisitWorkflowId(revisitNo), args: [{ revisitNo }] });
  return { orderNo, customerId, revisitNo, revisitId: recorded.revisit!.id, handle, phone };
}

const openTask = (workflowId: string, step: string) => openTaskOf(t.db, workflowId, step);

async function complete(handle: WorkflowHandle, step: string, userId: number, roles: Role[], result: unknown): Promise<number> {
  const taskId = await openTask(handle.workflowId, step);
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles }, result }] });
  return taskId;
}

const call = (handle: WorkflowHandle, result: unknown, by = people.supervisor) => complete(handle, 'revisit-contact', by, ['dispatcher'], result);
const REACHED = { outcome: 'reached', causeCode: LEAF, said: '维修后第二天又停电', action: '安排复查线路并向客户致歉', responsible: '郑维修' };

async function stageOf(handle: WorkflowHandle, stage: RevisitStage): Promise<void> {
  for (let i = 0; i < 400 && (await handle.query(revisitStatusQuery)).stage !== stage; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect((await handle.query(revisitStatusQuery)).stage).toBe(stage);
}

const eventsOf = (revisitNo: string) => t.db('events').where({ order_no: revisitNo }).andWhere('type', 'like', 'revisit.%').orderBy('id').pluck('type');
const revisitRow = (revisitId: number) => t.db('revisits').where({ id: revisitId }).first();

describe('a revisit after a bad review', () => {
  it('is offered to the supervisor of the crew member by name; reached on the second attempt, then recovered', async () => {
    const { handle, revisitNo, revisitId, phone } = await badlyRatedRepair(1);
    const first = await openTask(handle.workflowId, 'revisit-contact');
    expect(await t.db('tasks').where({ id: first }).first()).toMatchObject({ candidate_user_ids: [people.supervisor], candidate_roles: [] });
    expect((await t.db('tasks').where({ id: first }).first()).payload).toMatchObject({ revisitNo, process: 'repair', attempt: 1, attemptsAllowed: 3, contactPhone: phone, rating: 1 });

    // No answer: counted; the next attempt follows 4 hours later, not before.
    await call(handle, { outcome: 'no-answer' });
    await stageOf(handle, 'retry-wait');
    expect(await revisitRow(revisitId)).toMatchObject({ attempts: 1, first_contact_at: null });
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'revisit-contact', state: 'open' }).first()).toBeUndefined();
    const waited = await env.currentTimeMs();
    await env.sleep(4 * 60 * MINUTE + MINUTE);
    await stageOf(handle, 'contact');
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(waited + 4 * 60 * MINUTE);
    const second = await openTask(handle.workflowId, 'revisit-contact');
    expect((await t.db('tasks').where({ id: second }).first()).payload).toMatchObject({ attempt: 2 });

    // Reached: a cause that is not a leaf of the tree is refused, and nothing is recorded.
    const parent = DEFAULT_REVISIT_POLICY.causes[0]!.code;
    await expect(call(handle, { ...REACHED, causeCode: parent })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await revisitRow(revisitId)).toMatchObject({ attempts: 1, cause_code: null });
    await call(handle, REACHED);
    await stageOf(handle, 'recovery-wait');
    expect(await revisitRow(revisitId)).toMatchObject({ attempts: 2, cause_code: LEAF, customer_said: REACHED.said, corrective_action: REACHED.action, responsible: '郑维修', supervisor_id: people.supervisor });

    // The recovery check comes after the policy's 7 days: an SMS survey to the order's contact.
    const contacted = await env.currentTimeMs();
    await env.sleep(7 * DAY + MINUTE);
    await stageOf(handle, 'survey');
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(contacted + 7 * DAY);
    expect(await t.db('outbox').where({ workflow_id: handle.workflowId })).toEqual([
      expect.objectContaining({ channel: 'sms', recipient: phone, purpose: 'revisit-recovery-survey', idempotency_key: `sms:revisit-recovery-survey:${revisitNo}` }),
    ]);
    expect(await revisitRow(revisitId)).toMatchObject({ survey_phone: phone });
    // The customer answers 5: recovered, nobody needs to call.
    await handle.signal(revisitSurveyReplySignal, { rating: 5, replyId: 901 });
    expect(await handle.result()).toEqual({ revisitNo, outcome: 'recovered', attempts: 2 });
    expect(await revisitRow(revisitId)).toMatchObject({ state: 'closed', outcome: 'recovered', recovered: true });
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'revisit-recovery' })).toEqual([]);
    expect((await t.db('events').where({ order_no: revisitNo, type: 'revisit.recovery_checked' }).first()).data).toEqual({ recovered: true, via: 'sms', rating: 5, replyId: 901 });
    expect(await eventsOf(revisitNo)).toEqual(['revisit.opened', 'revisit.attempt_recorded', 'revisit.contacted', 'revisit.survey_sent', 'revisit.recovery_checked', 'revisit.closed']);
    expect(await t.db('cases').where({ workflow_id: handle.workflowId }).first()).toMatchObject({ type: 'revisit', current_step: 'revisit-recovered', state: 'completed' });
  });

  it('reopens the repair: back to its crew through the repair workflow, waited for, then recovered', async () => {
    const { handle, revisitNo, revisitId, orderNo } = await badlyRatedRepair(1);
    const first = await openTask(handle.workflowId, 'revisit-contact');
    expect((await t.db('tasks').where({ id: first }).first()).payload).toMatchObject({ reopenable: true });
    await call(handle, { ...REACHED, reopen: true });
    await stageOf(handle, 'reopened');
    const reworkId = `repair-${orderNo}-reopen-${revisitNo}`;
    expect(await handle.query(revisitStatusQuery)).toMatchObject({ stage: 'reopened', reopenWorkflowId: reworkId });
    // Linked both ways: the order names the revisit, the revisit the workflow redoing the order.
    expect(await t.db('repair_orders').where({ order_no: orderNo }).first()).toMatchObject({ state: 'open', loop_count: 1, handler_user_id: people.crew });
    expect((await t.db('events').where({ order_no: orderNo, type: 'repair.reopened' }).first()).data).toEqual({ revisitNo, reason: REACHED.action, crewName: '郑维修' });
    expect(await revisitRow(revisitId)).toMatchObject({ reopen_workflow_id: reworkId, redone_at: null });

    // The crew member who did it redoes it (nobody dispatches it), and the dispatcher closes it again.
    const rework = env.client.workflow.getHandle(reworkId);
    const work = await openTask(reworkId, 'repair-work');
    expect(await t.db('tasks').where({ id: work }).first()).toMatchObject({ candidate_user_ids: [people.crew] });
    expect(await t.db('tasks').where({ workflow_id: reworkId, step: 'repair-dispatch' })).toEqual([]);
    await complete(rework, 'repair-work', people.crew, ['crew'], { report: '更换进户线', parts: [] });
    await complete(rework, 'repair-close', people.other, ['dispatcher'], {});
    expect(await rework.result()).toEqual({ outcome: 'redone', loops: 1 });
    expect(await t.db('repair_orders').where({ order_no: orderNo }).first()).toMatchObject({ state: 'done' });
    expect(await t.db('events').where({ order_no: orderNo }).whereIn('type', ['repair.reopened', 'repair.work_reported', 'repair.closed', 'repair.redone']).orderBy('id').pluck('type')).toEqual([
      'repair.reopened',
      'repair.work_reported',
      'repair.closed',
      'repair.redone',
    ]);
    // No callback after a rework: the revisit's recovery check asks the customer.
    expect(await t.db('tasks').where({ workflow_id: reworkId, step: 'repair-callback' })).toEqual([]);

    await stageOf(handle, 'recovery-wait');
    expect((await revisitRow(revisitId)).redone_at).not.toBeNull();
    await env.sleep(7 * DAY + MINUTE);
    await stageOf(handle, 'survey');
    await handle.signal(revisitSurveyReplySignal, { rating: 5, replyId: 903 });
    expect(await handle.result()).toEqual({ revisitNo, outcome: 'recovered', attempts: 1 });
    expect(await eventsOf(revisitNo)).toEqual([
      'revisit.opened',
      'revisit.contacted',
      'revisit.order_reopened',
      'revisit.order_redone',
      'revisit.survey_sent',
      'revisit.recovery_checked',
      'revisit.closed',
    ]);
  });

  it('refuses to reopen an order that cannot be redone, and changes nothing', async () => {
    // Not done: still being worked.
    const { handle, revisitId, orderNo } = await badlyRatedRepair(1, 'open');
    const taskId = await openTask(handle.workflowId, 'revisit-contact');
    expect((await t.db('tasks').where({ id: taskId }).first()).payload.reopenable).toBeUndefined();
    await expect(call(handle, { ...REACHED, reopen: true })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await t.db('tasks').where({ id: taskId }).first()).toMatchObject({ state: 'open' });
    expect(await revisitRow(revisitId)).toMatchObject({ cause_code: null, reopen_workflow_id: null, first_contact_at: null });
    expect(await t.db('repair_orders').where({ order_no: orderNo }).first()).toMatchObject({ state: 'open', loop_count: 0 });
    await call(handle, REACHED);
    await stageOf(handle, 'recovery-wait');
    await handle.terminate('test over');
  });

  it('goes on without the rework when the order changed after the form offered it', async () => {
    const { handle, revisitNo, revisitId, orderNo } = await badlyRatedRepair(1);
    const taskId = await openTask(handle.workflowId, 'revisit-contact');
    expect((await t.db('tasks').where({ id: taskId }).first()).payload).toMatchObject({ reopenable: true });
    // Meanwhile the order went back to work.
    await t.db('repair_orders').where({ order_no: orderNo }).update({ state: 'open' });
    await call(handle, { ...REACHED, reopen: true });
    await stageOf(handle, 'recovery-wait');
    expect(await revisitRow(revisitId)).toMatchObject({ cause_code: LEAF, reopen_workflow_id: null });
    expect(await t.db('repair_orders').where({ order_no: orderNo }).first()).toMatchObject({ state: 'open', loop_count: 0 });
    expect(await t.db('events').where({ order_no: orderNo, type: 'repair.reopened' })).toEqual([]);
    expect((await t.db('events').where({ order_no: revisitNo, type: 'revisit.reopen_refused' }).first()).data).toEqual({ process: 'repair', ratedOrderNo: orderNo, reopenRefusal: 'ORDER_NOT_DONE' });
    await handle.terminate('test over');
  });

  it('closes as unreachable after the third unanswered attempt, still counted', async () => {
    const { handle, revisitNo, revisitId } = await badlyRatedRepair(2);
    await call(handle, { outcome: 'no-answer' });
    await stageOf(handle, 'retry-wait');
    await env.sleep(4 * 60 * MINUTE + MINUTE);
    await call(handle, { outcome: 'no-answer', note: '关机' });
    await stageOf(handle, 'retry-wait');
    await env.sleep(20 * 60 * MINUTE + MINUTE);
    await call(handle, { outcome: 'no-answer' });
    expect(await handle.result()).toEqual({ revisitNo, outcome: 'unreachable', attempts: 3 });
    expect(await revisitRow(revisitId)).toMatchObject({ state: 'closed', outcome: 'unreachable', attempts: 3, first_contact_at: null });
    expect(await eventsOf(revisitNo)).toEqual(['revisit.opened', 'revisit.attempt_recorded', 'revisit.attempt_recorded', 'revisit.attempt_recorded', 'revisit.closed']);
  });

  it('goes to the manager above the supervisor when the customer is not recovered', async () => {
    const { handle, revisitNo, revisitId } = await badlyRatedRepair(1);
    await call(handle, REACHED);
    await stageOf(handle, 'recovery-wait');
    await env.sleep(7 * DAY + MINUTE);
    // No answer to the survey within its 48 hours: the supervisor calls, the customer is not recovered.
    await stageOf(handle, 'survey');
    await env.sleep(48 * 60 * MINUTE + MINUTE);
    await stageOf(handle, 'recovery');
    expect((await t.db('tasks').where({ id: await openTask(handle.workflowId, 'revisit-recovery') }).first()).payload).toMatchObject({ surveySkipped: 'no-reply' });
    // A reply after the call was asked for changes nothing.
    await handle.signal(revisitSurveyReplySignal, { rating: 5, replyId: 902 });
    await complete(handle, 'revisit-recovery', people.supervisor, ['dispatcher'], { recovered: false, note: '仍不满意' });
    const escalation = await openTask(handle.workflowId, 'revisit-escalation');
    const task = await t.db('tasks').where({ id: escalation }).first();
    expect(task).toMatchObject({ candidate_user_ids: [people.manager] });
    expect(task.payload).toMatchObject({ causeCode: LEAF, said: REACHED.said, action: REACHED.action, supervisorName: '吴班长', recoveryNote: '仍不满意', attempts: 1 });
    // Nobody else's: a dispatcher who is not the manager cannot complete it.
    await expect(complete(handle, 'revisit-escalation', people.other, ['dispatcher'], { note: '已知悉' })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await complete(handle, 'revisit-escalation', people.manager, ['approver'], { note: '约谈班组，下周复查' });
    expect(await handle.result()).toEqual({ revisitNo, outcome: 'not-recovered', attempts: 1 });
    expect(await revisitRow(revisitId)).toMatchObject({ state: 'closed', outcome: 'not-recovered', recovered: false });
    expect(await eventsOf(revisitNo)).toEqual(['revisit.opened', 'revisit.contacted', 'revisit.survey_sent', 'revisit.recovery_checked', 'revisit.escalated', 'revisit.closed']);
  });

  it('calls instead of texting a customer who had the week’s share of surveys', async () => {
    const { handle, revisitNo, phone } = await badlyRatedRepair(1);
    // Two surveys to this phone in the last week already (the default cap is 2).
    await t.db('outbox').insert(
      ['a', 'b'].map((n) => ({ idempotency_key: `cap-${revisitNo}-${n}`, channel: 'sms', recipient: phone, body: '请评分', purpose: 'repair-rating-request', state: 'sent' })),
    );
    await call(handle, REACHED);
    await stageOf(handle, 'recovery-wait');
    await env.sleep(7 * DAY + MINUTE);
    await stageOf(handle, 'recovery');
    expect((await t.db('tasks').where({ id: await openTask(handle.workflowId, 'revisit-recovery') }).first()).payload).toMatchObject({ surveySkipped: 'weekly-cap' });
    expect(await t.db('outbox').where({ workflow_id: handle.workflowId })).toEqual([]);
    await complete(handle, 'revisit-recovery', people.supervisor, ['dispatcher'], { recovered: true });
    expect(await handle.result()).toMatchObject({ outcome: 'recovered' });
    expect(await eventsOf(revisitNo)).not.toContain('revisit.survey_sent');
  });

  it('escalates a first contact past its SLA through the ladder (the supervisor’s supervisor is told)', async () => {
    const { handle } = await badlyRatedRepair(1);
    const taskId = await openTask(handle.workflowId, 'revisit-contact');
    await env.sleep(DEFAULT_REVISIT_POLICY.firstContact.slaMinutes * MINUTE + MINUTE);
    for (let i = 0; i < 400 && !(await t.db('events').where({ task_id: taskId, type: 'task.escalated' }).first()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await t.db('events').where({ task_id: taskId, type: 'task.escalated' }).first()).toBeDefined();
    await call(handle, REACHED);
    await stageOf(handle, 'recovery-wait');
    await handle.terminate('test over');
  });
});
