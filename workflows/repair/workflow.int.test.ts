import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type MessageGateway, outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import type { Role } from '../../domain/permissions';
import { formatRepairOrderNo, REPAIR_ORDER_SEQUENCE } from '../../domain/repair/numbering';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow } from '../../test/support/gridflow';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { completeTaskUpdate } from '../human/wait-for-person';
import { CENTRAL_TASK_QUEUE } from '../task-queues';
import { repairWorkflowId } from './ids';
import { repairOrder, repairSmsRatingSignal, repairStatusQuery } from './workflow';
import { openTaskOf } from '../../test/support/tasks';

/** The SMS gateway, down while a test says so (the outbox keeps the message pending with its error). */
let smsDown = false;
const gateway: MessageGateway = {
  name: 'test',
  async send(message) {
    if (smsDown) throw new Error('SMS gateway unreachable');
    return outboxOnlyGateway.send(message);
  },
};

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
const people = { dispatcher: 0, crewA: 0, crewB: 0, crewGone: 0, cashier: 0, agent: 0, supervisor: 0 };
let customerId: number;
/** Customers in the areas the dispatch rules name: one placed with crew B, one with a crew member who left. */
const ruled = { customerId: 0, goneCustomerId: 0 };
/** Customers in the areas of the rules naming crews (班组): the crew of two, and the crew with nobody active. */
const byCrewRule = { pairCustomerId: 0, emptyCustomerId: 0 };

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  people.supervisor = await insertUser(t.db, { username: 'boss', roles: ['dispatcher'], phone: '13900000100' });
  people.dispatcher = await insertUser(t.db, { username: 'dispatcher', displayName: '王派单', roles: ['dispatcher'], phone: '13900000101', supervisorId: people.supervisor });
  people.crewA = await insertUser(t.db, { username: 'crew-a', displayName: '李维修', roles: ['crew'], phone: '13900000102', supervisorId: people.supervisor });
  people.crewB = await insertUser(t.db, { username: 'crew-b', displayName: '赵维修', roles: ['crew'], phone: '13900000103' });
  people.cashier = await insertUser(t.db, { username: 'cashier', roles: ['cashier'] });
  people.agent = await insertUser(t.db, { username: 'agent', roles: ['agent'] });
  people.crewGone = await insertUser(t.db, { username: 'crew-gone', displayName: '钱离职', roles: ['crew'] });
  await t.db('users').where({ id: people.crewGone }).update({ active: false });
  customerId = (await insertCustomer(t.db, { customerNo: 'RP-1', name: '报修客户', phone: '13800001111' })).customerId;
  ruled.customerId = (await insertCustomer(t.db, { customerNo: 'RP-2', name: '规则客户', segment: { code: 'SEG-RULE' } })).customerId;
  ruled.goneCustomerId = (await insertCustomer(t.db, { customerNo: 'RP-3', name: '规则客户二', segment: { code: 'SEG-GONE' } })).customerId;
  byCrewRule.pairCustomerId = (await insertCustomer(t.db, { customerNo: 'RP-4', name: '班组客户', segment: { code: 'SEG-PAIR' } })).customerId;
  byCrewRule.emptyCustomerId = (await insertCustomer(t.db, { customerNo: 'RP-5', name: '班组客户二', segment: { code: 'SEG-EMPTY' } })).customerId;
  // Crews (班组): crew A and crew B together; one whose only member has left.
  await t.db('repair_crews').insert([
    { code: 'pair', name: '城东抢修班' },
    { code: 'empty', name: '城西抢修班' },
  ]);
  await t.db('repair_crew_members').insert([
    { crew_code: 'pair', user_id: people.crewA },
    { crew_code: 'pair', user_id: people.crewB },
    { crew_code: 'empty', user_id: people.crewGone },
  ]);
  // Rules for those areas only: the other tests' orders (segment SEG-01) go to the dispatcher.
  const dispatchRules = [
    { area: 'SEG-RULE', categories: ['line'], crewUserId: people.crewA },
    { area: 'SEG-RULE', categories: ['meter'], crewUserId: people.crewB },
    { area: 'SEG-GONE', categories: [], crewUserId: people.crewGone },
    { area: 'SEG-PAIR', categories: ['meter'], crewCode: 'pair' },
    { area: 'SEG-EMPTY', categories: [], crewCode: 'empty' },
  ];
  await t.db('settings').insert({ key: 'repair', value: JSON.stringify({ dispatchRules }) }).onConflict('key').merge();
  gridflow = await startGridflow({ env, db: t.db, meters: [], gateway });
});

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

/** An order as the API opens it (api/repair/routes.ts), then its workflow. */
async function startOrder(priority: 'urgent' | 'normal' = 'normal', customer = customerId, contactPhone: string | null = '13800001111') {
  const { rows } = await t.db.raw(`SELECT nextval('${REPAIR_ORDER_SEQUENCE}') AS serial`);
  const orderNo = formatRepairOrderNo(Number(rows[0].serial));
  const [{ id }] = await t.db('repair_orders')
    .insert({ order_no: orderNo, source: 'agent', customer_id: customer, category: 'meter-box', description: '表箱冒烟', place: '幸福路 1 号', contact_phone: contactPhone, priority, workflow_id: repairWorkflowId(orderNo), opened_at: new Date(await env.currentTimeMs()) })
    .returning('id');
  const handle = await env.client.workflow.start(repairOrder, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: repairWorkflowId(orderNo), args: [{ orderId: id, orderNo }] });
  return { orderId: id as number, orderNo, handle };
}

const openTask = (workflowId: string, step: string) => openTaskOf(t.db, workflowId, step);

async function complete(handle: WorkflowHandle, step: string, userId: number, roles: Role[], result: unknown): Promise<number> {
  const taskId = await openTask(handle.workflowId, step);
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId, roles }, result }] });
  return taskId;
}

const dispatchTo = (handle: WorkflowHandle, crew: number) => complete(handle, 'repair-dispatch', people.dispatcher, ['dispatcher'], { crewUserId: crew });
const accept = (handle: WorkflowHandle, crew: number) => complete(handle, 'repair-accept', crew, ['crew'], { decision: 'accept' });
const work = (handle: WorkflowHandle, crew: number, extra: object = {}) => complete(handle, 'repair-work', crew, ['crew'], { report: '更换表箱', parts: [], ...extra });
const close = (handle: WorkflowHandle) => complete(handle, 'repair-close', people.dispatcher, ['dispatcher'], {});
const callback = (handle: WorkflowHandle, result: object) => complete(handle, 'repair-callback', people.agent, ['agent'], result);
/**
 * Ends a workflow waiting at a task. Not while an activity runs: the time-skipping test server
 * then keeps time locked for good (the activity's completion is refused), and every later sleep hangs.
 */
async function stop(handle: WorkflowHandle, step: string): Promise<void> {
  const taskId = await openTask(handle.workflowId, step);
  while ((await handle.query(repairStatusQuery)).taskId !== taskId) await new Promise((resolve) => setTimeout(resolve, 25));
  await handle.terminate('test done');
}
const eventsOf = (orderNo: string) => t.db('events').where({ order_no: orderNo }).orderBy('id').pluck('type');

/**
 * Waits until a revisit a bad rating started waits for its supervisor's call, and leaves it
 * there (its workflows/revisit tests take it on): terminated, the time-skipping test server
 * stopped skipping time for the tests after.
 */
async function revisitWaitsForItsCall(revisitNo: string): Promise<void> {
  await openTaskOf(t.db, `revisit-${revisitNo}`, 'revisit-contact');
}

describe('a repair order', () => {
  it('goes back to dispatch when the crew refuses, then on to another crew', async () => {
    const { orderNo, orderId, handle } = await startOrder();
    await dispatchTo(handle, people.crewA);
    await complete(handle, 'repair-accept', people.crewA, ['crew'], { decision: 'refuse', reason: '车辆故障' });
    await dispatchTo(handle, people.crewB);
    await accept(handle, people.crewB);
    await work(handle, people.crewB);
    await close(handle);
    await callback(handle, { outcome: 'accept', rating: 5, comment: '及时' });

    expect(await handle.result()).toEqual({ outcome: 'rated', rating: 5, via: 'agent', loops: 0 });
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'repair-dispatch' }).count('* as n').first()).toEqual({ n: '2' });
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ state: 'done', crew_user_id: people.crewB, rating: 5, rating_comment: '及时', loop_count: 0 });
    const types = await eventsOf(orderNo);
    expect(types.filter((type) => type.startsWith('repair.'))).toEqual([
      'repair.dispatched',
      'repair.crew_refused',
      'repair.dispatched',
      'repair.crew_accepted',
      'repair.work_reported',
      'repair.closed',
      'repair.callback_done',
    ]);
    const kase = await t.db('cases').where({ workflow_id: handle.workflowId }).first();
    expect(kase).toMatchObject({ type: 'repair', state: 'completed', current_step: 'repair-closed' });
  });

  it('cannot be closed while its compensation is open', async () => {
    const { orderNo, orderId, handle } = await startOrder();
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    await work(handle, people.crewA, { liableParty: '施工单位', compensationFen: 50000, parts: [{ oldSerial: 'OLD-1', newSerial: 'NEW-1' }] });
    const bill = await openTask(handle.workflowId, 'repair-compensation');
    expect(await t.db('repair_compensations').where({ order_id: orderId }).first()).toMatchObject({ state: 'open', liable_party: '施工单位', amount_fen: '50000' });
    // A day on, with the bill still open: no close task, the order still open.
    await env.sleep(24 * 3600_000);
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'repair-close' }).first()).toBeUndefined();
    expect((await t.db('repair_orders').where({ id: orderId }).first()).state).toBe('open');

    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: bill, by: { userId: people.cashier, roles: ['cashier'] }, result: { decision: 'paid' } }] });
    await close(handle);
    await callback(handle, { outcome: 'accept', rating: 4 });
    await handle.result();
    expect(await t.db('repair_compensations').where({ order_id: orderId }).first()).toMatchObject({ state: 'paid', settled_by_id: people.cashier });
    const types = await eventsOf(orderNo);
    expect(types.indexOf('repair.compensation_settled')).toBeLessThan(types.indexOf('repair.closed'));
    expect(await t.db('repair_parts').where({ order_id: orderId })).toEqual([expect.objectContaining({ old_serial: 'OLD-1', new_serial: 'NEW-1', installed: true })]);
  });

  it('asks the crew again when a new part serial is already installed elsewhere, storing nothing of that report', async () => {
    const first = await startOrder();
    await dispatchTo(first.handle, people.crewA);
    await accept(first.handle, people.crewA);
    await work(first.handle, people.crewA, { parts: [{ oldSerial: 'M-OLD', newSerial: 'M-777' }] });

    const second = await startOrder();
    await dispatchTo(second.handle, people.crewB);
    await accept(second.handle, people.crewB);
    const refused = await work(second.handle, people.crewB, { parts: [{ oldSerial: 'X-1', newSerial: 'X-2' }, { oldSerial: 'M-000', newSerial: 'M-777' }] });
    const retry = await openTask(second.handle.workflowId, 'repair-work');
    expect(retry).not.toBe(refused);
    expect(await t.db('repair_parts').where({ order_id: second.orderId })).toEqual([]);
    expect(await eventsOf(second.orderNo)).not.toContain('repair.work_reported');
    // Taking the installed part out (its serial as the old one) frees it.
    await work(second.handle, people.crewB, { parts: [{ oldSerial: 'M-777', newSerial: 'M-778' }] });
    await openTask(second.handle.workflowId, 'repair-close');
    expect(await t.db('repair_parts').where({ new_serial: 'M-777' }).first()).toMatchObject({ installed: false });
  });

  it('goes back to its crew on each callback rejection, counted, until accepted', async () => {
    const { orderNo, orderId, handle } = await startOrder();
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    for (const reason of ['仍然跳闸', '电压还是偏低']) {
      await work(handle, people.crewA);
      await close(handle);
      await callback(handle, { outcome: 'reject', reason });
      await openTask(handle.workflowId, 'repair-work');
    }
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ state: 'open', loop_count: 2, handler_user_id: people.crewA });
    // The redo is due a full fix time after the rejection (normal priority: 24 hours), not at once.
    const redo = await t.db('tasks').where({ id: await openTask(handle.workflowId, 'repair-work') }).first();
    expect(new Date(redo.due_at).getTime() - (await env.currentTimeMs())).toBeGreaterThan(23 * 3600_000);
    await work(handle, people.crewA);
    await close(handle);
    await callback(handle, { outcome: 'accept', rating: 5 });

    expect(await handle.result()).toEqual({ outcome: 'rated', rating: 5, via: 'agent', loops: 2 });
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'repair-work' }).count('* as n').first()).toEqual({ n: '3' });
    expect((await eventsOf(orderNo)).filter((type) => type === 'repair.callback_rejected')).toHaveLength(2);
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ state: 'done', loop_count: 2 });
  });

  it.each([
    [2, true],
    [3, false],
  ])('rated %d: emits repair.rated for the revisit: %s', async (rating, emitted) => {
    const { orderNo, handle } = await startOrder();
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    await work(handle, people.crewA);
    await close(handle);
    await callback(handle, { outcome: 'accept', rating, comment: '太慢' });
    await handle.result();
    const rated = await t.db('events').where({ order_no: orderNo, type: 'repair.rated' });
    expect(rated).toHaveLength(emitted ? 1 : 0);
    if (emitted) expect(rated[0].data).toMatchObject({ rating: 2, threshold: 2, via: 'agent', comment: '太慢' });
    // Every rating joins the ratings of all processes; a bad one opens the order's revisit and starts it.
    expect(await t.db('ratings').where({ process: 'repair', order_ref: orderNo })).toEqual([expect.objectContaining({ rating, comment: '太慢', source: 'call', bad: emitted })]);
    const revisit = await t.db('revisits').where({ process: 'repair', order_ref: orderNo }).first();
    if (!emitted) return expect(revisit).toBeUndefined();
    expect(revisit).toMatchObject({ state: 'open', reasons: ['low-rating'] });
    const { status } = await env.client.workflow.getHandle(`revisit-${revisit.revisit_no}`).describe();
    expect(status.name).toBe('RUNNING');
    await revisitWaitsForItsCall(revisit.revisit_no);
  });

  it("takes the customer's SMS rating instead of the agent's callback", async () => {
    const { orderNo, handle } = await startOrder();
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    await work(handle, people.crewA);
    await close(handle);
    const callbackTask = await openTask(handle.workflowId, 'repair-callback');
    await handle.signal(repairSmsRatingSignal, { rating: 1, replyId: 77 });

    expect(await handle.result()).toEqual({ outcome: 'rated', rating: 1, via: 'sms', loops: 0 });
    expect((await t.db('tasks').where({ id: callbackTask }).first()).state).toBe('cancelled');
    const rated = await t.db('events').where({ order_no: orderNo, type: 'repair.rated' }).first();
    expect(rated.data).toMatchObject({ rating: 1, via: 'sms', smsReplyId: 77 });
    expect(await t.db('ratings').where({ process: 'repair', order_ref: orderNo }).first()).toMatchObject({ rating: 1, source: 'sms', bad: true });
    await revisitWaitsForItsCall((await t.db('revisits').where({ process: 'repair', order_ref: orderNo }).first()).revisit_no);
  });

  it('escalates a dispatch overdue against the response SLA of its priority', async () => {
    const { handle } = await startOrder('urgent');
    const taskId = await openTask(handle.workflowId, 'repair-dispatch');
    const task = await t.db('tasks').where({ id: taskId }).first();
    // Urgent: a response within 15 minutes of intake (workflow time, which the other tests moved on).
    const dueIn = new Date(task.due_at).getTime() - (await env.currentTimeMs());
    expect(dueIn).toBeGreaterThan(14 * 60_000);
    expect(dueIn).toBeLessThanOrEqual(15 * 60_000);
    await env.sleep(16 * 60_000);
    for (let i = 0; i < 200 && (await t.db('tasks').where({ id: taskId }).first()).escalation_level < 1; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect((await t.db('tasks').where({ id: taskId }).first()).escalation_level).toBe(1);
  });
});

describe('dispatch rules', () => {
  it("place an order of the rule's area and category with its crew member at once, with no dispatch task", async () => {
    const { orderNo, orderId, handle } = await startOrder('normal', ruled.customerId);
    const acceptTask = await t.db('tasks').where({ id: await openTask(handle.workflowId, 'repair-accept') }).first();
    // meter-box falls under the second rule's parent category "meter": crew B.
    expect(acceptTask.candidate_user_ids).toEqual([people.crewB]);
    const dispatched = await t.db('events').where({ order_no: orderNo, type: 'repair.dispatched' });
    expect(dispatched).toEqual([expect.objectContaining({ actor: `workflow:${handle.workflowId}`, data: { crewUserId: people.crewB, byRule: true, ruleIndex: 1 } })]);
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ crew_user_id: people.crewB, handler_user_id: people.crewB });
    expect(await t.db('cases').where({ workflow_id: handle.workflowId }).first()).toMatchObject({ current_step: 'repair-accept' });

    await accept(handle, people.crewB);
    await work(handle, people.crewB);
    await close(handle);
    await callback(handle, { outcome: 'accept', rating: 5 });
    expect(await handle.result()).toEqual({ outcome: 'rated', rating: 5, via: 'agent', loops: 0 });
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'repair-dispatch' }).first()).toBeUndefined();
    expect((await eventsOf(orderNo)).filter((type) => type.startsWith('repair.'))).toEqual([
      'repair.dispatched',
      'repair.crew_accepted',
      'repair.work_reported',
      'repair.closed',
      'repair.callback_done',
    ]);
  });

  it('leave the order to the dispatcher when the crew member is no longer active', async () => {
    const { orderNo, handle } = await startOrder('normal', ruled.goneCustomerId);
    await openTask(handle.workflowId, 'repair-dispatch');
    expect(await eventsOf(orderNo)).not.toContain('repair.dispatched');
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'repair-accept' }).first()).toBeUndefined();
    expect(await t.db('cases').where({ workflow_id: handle.workflowId }).first()).toMatchObject({ current_step: 'repair-dispatch' });

    await dispatchTo(handle, people.crewA);
    await openTask(handle.workflowId, 'repair-accept');
    const dispatched = await t.db('events').where({ order_no: orderNo, type: 'repair.dispatched' });
    expect(dispatched).toEqual([expect.objectContaining({ actor: `user:${people.dispatcher}`, data: { crewUserId: people.crewA } })]);
    await stop(handle, 'repair-accept');
  });

  it("send a refused order to the dispatcher, never back to the rule", async () => {
    const { orderNo, handle } = await startOrder('normal', ruled.customerId);
    await complete(handle, 'repair-accept', people.crewB, ['crew'], { decision: 'refuse', reason: '不在片区' });
    const dispatchTask = await openTask(handle.workflowId, 'repair-dispatch');
    expect(dispatchTask).toBeGreaterThan(0);
    // Only the dispatcher's choice places it now.
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    await openTask(handle.workflowId, 'repair-work');
    const dispatched = await t.db('events').where({ order_no: orderNo, type: 'repair.dispatched' }).orderBy('id');
    expect(dispatched.map((event) => [event.actor, event.data])).toEqual([
      [`workflow:${handle.workflowId}`, { crewUserId: people.crewB, byRule: true, ruleIndex: 1 }],
      [`user:${people.dispatcher}`, { crewUserId: people.crewA }],
    ]);
    expect((await eventsOf(orderNo)).filter((type) => type.startsWith('repair.'))).toEqual(['repair.dispatched', 'repair.crew_refused', 'repair.dispatched', 'repair.crew_accepted']);
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'repair-dispatch' }).count('* as n').first()).toEqual({ n: '1' });
    await stop(handle, 'repair-work');
  });
});

describe('dispatch to a crew (班组)', () => {
  const dispatchToCrew = (handle: WorkflowHandle, crewCode: string) => complete(handle, 'repair-dispatch', people.dispatcher, ['dispatcher'], { crewCode });
  const taskRow = async (workflowId: string, step: string) => t.db('tasks').where({ id: await openTask(workflowId, step) }).first();

  it('offers the order to every active member; the first to accept is its crew member from then on', async () => {
    const { orderNo, orderId, handle } = await startOrder();
    await dispatchToCrew(handle, 'pair');
    const acceptTask = await taskRow(handle.workflowId, 'repair-accept');
    expect(acceptTask).toMatchObject({ candidate_user_ids: [people.crewA, people.crewB], candidate_roles: [], routing_code: 'repair-crew', routing_params: { crewName: '城东抢修班' } });
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ crew_code: 'pair', crew_user_id: null, handler_user_id: null });
    expect(await handle.query(repairStatusQuery)).toMatchObject({ stage: 'accept', crewCode: 'pair' });
    const dispatched = await t.db('events').where({ order_no: orderNo, type: 'repair.dispatched' });
    expect(dispatched).toEqual([expect.objectContaining({ actor: `user:${people.dispatcher}`, data: { crewCode: 'pair', candidateUserIds: [people.crewA, people.crewB] } })]);

    // Crew B is first: the order is theirs, the crew stays recorded.
    await accept(handle, people.crewB);
    const workTask = await taskRow(handle.workflowId, 'repair-work');
    expect(workTask).toMatchObject({ candidate_user_ids: [people.crewB], routing_code: 'repair-crew', routing_params: { crewName: '赵维修' } });
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ crew_code: 'pair', crew_user_id: people.crewB, handler_user_id: people.crewB });
    expect(await t.db('events').where({ order_no: orderNo, type: 'repair.crew_accepted' }).first()).toMatchObject({ actor: `user:${people.crewB}`, data: { crewUserId: people.crewB } });
    // Crew A, the other member, has no task of this order left.
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, state: 'open' }).whereRaw('? = ANY(candidate_user_ids)', [people.crewA])).toEqual([]);

    await work(handle, people.crewB);
    await close(handle);
    await callback(handle, { outcome: 'accept', rating: 5 });
    expect(await handle.result()).toEqual({ outcome: 'rated', rating: 5, via: 'agent', loops: 0 });
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ state: 'done', crew_code: 'pair', crew_user_id: people.crewB });
  });

  it('goes back to the dispatcher when a member refuses, no longer with the crew', async () => {
    const { orderId, handle } = await startOrder();
    await dispatchToCrew(handle, 'pair');
    await complete(handle, 'repair-accept', people.crewA, ['crew'], { decision: 'refuse', reason: '人手不足' });
    await openTask(handle.workflowId, 'repair-dispatch');
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ crew_code: null, crew_user_id: null });
    // A person this time: the order is theirs alone.
    await dispatchTo(handle, people.crewA);
    expect(await taskRow(handle.workflowId, 'repair-accept')).toMatchObject({ candidate_user_ids: [people.crewA] });
    await accept(handle, people.crewA);
    await openTask(handle.workflowId, 'repair-work');
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ crew_code: null, crew_user_id: people.crewA });
    await stop(handle, 'repair-work');
  });

  it.each([
    ['with no active member', 'empty', 'CREW_EMPTY', '城西抢修班'],
    ['unknown', 'nowhere', 'CREW_UNKNOWN', 'nowhere'],
  ])('refuses a crew %s: the dispatcher chooses again, told why', async (_what, crewCode, code, name) => {
    const { orderNo, orderId, handle } = await startOrder();
    const first = await dispatchToCrew(handle, crewCode);
    const again = await taskRow(handle.workflowId, 'repair-dispatch');
    expect(again.id).not.toBe(first);
    expect(again.payload).toMatchObject({ orderNo, dispatchRefusal: code, refusedName: name });
    expect(await eventsOf(orderNo)).not.toContain('repair.dispatched');
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'repair-accept' }).first()).toBeUndefined();
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ crew_code: null, crew_user_id: null });

    // Dispatched now, the next choice's task says nothing of the refusal.
    await dispatchToCrew(handle, 'pair');
    expect((await taskRow(handle.workflowId, 'repair-accept')).payload).not.toHaveProperty('dispatchRefusal');
    await stop(handle, 'repair-accept');
  });

  it('refuses a crew code of the wrong shape, or a crew and a person at once, before anything changes', async () => {
    const { handle } = await startOrder();
    const taskId = await openTask(handle.workflowId, 'repair-dispatch');
    for (const result of [{ crewCode: 'Pair Team' }, { crewCode: 'pair', crewUserId: people.crewA }]) {
      const refused = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by: { userId: people.dispatcher, roles: ['dispatcher'] }, result }] }).catch((err: Error) => err);
      expect(refused).toBeInstanceOf(Error);
      expect(String((refused as { cause?: { message?: string } }).cause?.message ?? refused)).toMatch(/crewCode/);
    }
    expect(await openTask(handle.workflowId, 'repair-dispatch')).toBe(taskId);
    await stop(handle, 'repair-dispatch');
  });

  it("is what a rule naming a crew does, with no dispatch task", async () => {
    const { orderNo, orderId, handle } = await startOrder('normal', byCrewRule.pairCustomerId);
    const acceptTask = await taskRow(handle.workflowId, 'repair-accept');
    expect(acceptTask.candidate_user_ids).toEqual([people.crewA, people.crewB]);
    const dispatched = await t.db('events').where({ order_no: orderNo, type: 'repair.dispatched' });
    expect(dispatched).toEqual([expect.objectContaining({ actor: `workflow:${handle.workflowId}`, data: { crewCode: 'pair', candidateUserIds: [people.crewA, people.crewB], byRule: true, ruleIndex: 3 } })]);
    expect(await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'repair-dispatch' }).first()).toBeUndefined();

    await accept(handle, people.crewA);
    await openTask(handle.workflowId, 'repair-work');
    expect(await t.db('repair_orders').where({ id: orderId }).first()).toMatchObject({ crew_code: 'pair', crew_user_id: people.crewA, handler_user_id: people.crewA });
    await stop(handle, 'repair-work');
  });

  it('leaves the order to the dispatcher, told why, when the rule names a crew with nobody active', async () => {
    const { orderNo, handle } = await startOrder('normal', byCrewRule.emptyCustomerId);
    const dispatchTask = await taskRow(handle.workflowId, 'repair-dispatch');
    expect(dispatchTask.payload).toMatchObject({ dispatchRefusal: 'CREW_EMPTY', refusedName: '城西抢修班' });
    expect(await eventsOf(orderNo)).not.toContain('repair.dispatched');
    await stop(handle, 'repair-dispatch');
  });
});

/** The rating requests texted to the requester, oldest first. */
const ratingTexts = (workflowId: string) => t.db('outbox').where({ workflow_id: workflowId, purpose: 'repair-rating-request' }).orderBy('id');

async function ratingTextCount(workflowId: string, n: number): Promise<void> {
  for (let i = 0; i < 400 && (await ratingTexts(workflowId)).length < n; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(await ratingTexts(workflowId)).toHaveLength(n);
}

describe('the rating SMS', () => {
  it('asks the requester for a 1–5 rating once the order is closed, once per callback round', async () => {
    const { orderNo, handle } = await startOrder();
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    await work(handle, people.crewA);
    // Nothing before the close.
    expect(await ratingTexts(handle.workflowId)).toEqual([]);
    await close(handle);
    await openTask(handle.workflowId, 'repair-callback');
    await ratingTextCount(handle.workflowId, 1);
    const [first] = await ratingTexts(handle.workflowId);
    expect(first).toMatchObject({ channel: 'sms', recipient: '13800001111', state: 'sent', customer_id: customerId, idempotency_key: `sms:repair-rating-request:${orderNo}:0` });
    expect(first.body).toBe(`【回访】您的报修工单 ${orderNo} 已处理完毕，请回复 1-5 为本次服务评分（5 为非常满意）。`);

    // A rejection sends the order back; its next close asks again, once.
    await callback(handle, { outcome: 'reject', reason: '仍然跳闸' });
    await work(handle, people.crewA);
    await close(handle);
    await openTask(handle.workflowId, 'repair-callback');
    await ratingTextCount(handle.workflowId, 2);
    await handle.signal(repairSmsRatingSignal, { rating: 5, replyId: 78 });
    expect(await handle.result()).toEqual({ outcome: 'rated', rating: 5, via: 'sms', loops: 1 });
    expect((await ratingTexts(handle.workflowId)).map((row) => row.idempotency_key)).toEqual([`sms:repair-rating-request:${orderNo}:0`, `sms:repair-rating-request:${orderNo}:1`]);
    const queued = await t.db('events').where({ workflow_id: handle.workflowId, type: 'message.queued' }).whereRaw("data->>'purpose' = 'repair-rating-request'");
    expect(queued).toHaveLength(2);
  });

  it('does not hold up the callback while the SMS gateway is down', async () => {
    const { handle } = await startOrder();
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    await work(handle, people.crewA);
    smsDown = true;
    try {
      await close(handle);
      // Past the retries' back-off (workflow time): the callback task opens all the same.
      await env.sleep(2 * 60_000);
      await openTask(handle.workflowId, 'repair-callback');
      expect(await ratingTexts(handle.workflowId)).toEqual([expect.objectContaining({ state: 'pending', attempts: 5, last_error: 'SMS gateway unreachable' })]);
      // The agent's callback rates it; the request stays pending in the outbox, after a few tries.
      await callback(handle, { outcome: 'accept', rating: 4 });
      expect(await handle.result()).toEqual({ outcome: 'rated', rating: 4, via: 'agent', loops: 0 });
    } finally {
      smsDown = false;
    }
  });

  it('is not sent for an order without a contact phone', async () => {
    const { handle } = await startOrder('normal', customerId, null);
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    await work(handle, people.crewA);
    await close(handle);
    await callback(handle, { outcome: 'accept', rating: 5 });
    await handle.result();
    expect(await ratingTexts(handle.workflowId)).toEqual([]);
  });
});

/** Waits for the task's escalation to reach a level (the SLA timer fires in workflow time, the write follows). */
async function escalated(taskId: number, level: number) {
  for (let i = 0; i < 400 && (await t.db('tasks').where({ id: taskId }).first()).escalation_level < level; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  return t.db('tasks').where({ id: taskId }).first();
}

describe('SLA breaches', () => {
  it("escalate the crew's work against the fix SLA: the supervisor texted, then offered to dispatchers", async () => {
    const { handle } = await startOrder('urgent');
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    const taskId = await openTask(handle.workflowId, 'repair-work');
    // Urgent: fixed within 4 hours of intake.
    const dueIn = new Date((await t.db('tasks').where({ id: taskId }).first()).due_at).getTime() - (await env.currentTimeMs());
    expect(dueIn).toBeGreaterThan(3.9 * 3600_000);
    expect(dueIn).toBeLessThanOrEqual(4 * 3600_000);

    await env.sleep(4 * 3600_000 + 60_000);
    expect(await escalated(taskId, 1)).toMatchObject({ escalation_level: 1, overdue: true, state: 'open' });
    // Crew A's supervisor is texted.
    expect(await t.db('outbox').where({ idempotency_key: `sms:task-overdue:${taskId}:1` }).first()).toMatchObject({ recipient: '13900000100', purpose: 'task-overdue' });

    await env.sleep(4 * 3600_000);
    const widened = await escalated(taskId, 2);
    expect(widened).toMatchObject({ escalation_level: 2, overdue: true });
    expect(widened.candidate_roles).toContain('dispatcher');
    expect(await t.db('events').where({ task_id: taskId, type: 'task.escalated' }).orderBy('id').pluck('data')).toEqual([
      expect.objectContaining({ level: 1, action: { notify: 'supervisor' }, notified: people.supervisor }),
      expect.objectContaining({ level: 2, action: { widenToRoles: ['dispatcher'] } }),
    ]);
    await stop(handle, 'repair-work');
  });

  it.each([
    ['repair-close', 4],
    ['repair-callback', 24],
  ] as const)('escalate the %s step after its own SLA (%d hours)', async (step, hours) => {
    const { handle } = await startOrder();
    await dispatchTo(handle, people.crewA);
    await accept(handle, people.crewA);
    await work(handle, people.crewA);
    if (step === 'repair-callback') await close(handle);
    const taskId = await openTask(handle.workflowId, step);
    const dueIn = new Date((await t.db('tasks').where({ id: taskId }).first()).due_at).getTime() - (await env.currentTimeMs());
    expect(dueIn).toBeGreaterThan((hours - 0.1) * 3600_000);
    expect(dueIn).toBeLessThanOrEqual(hours * 3600_000);

    await env.sleep(hours * 3600_000 - 5 * 60_000);
    expect(await t.db('tasks').where({ id: taskId }).first()).toMatchObject({ escalation_level: 0, overdue: false });
    await env.sleep(6 * 60_000);
    expect(await escalated(taskId, 1)).toMatchObject({ escalation_level: 1, overdue: true, state: 'open' });
    expect(await t.db('events').where({ task_id: taskId, type: 'task.escalated' }).pluck('data')).toEqual([expect.objectContaining({ level: 1, action: { notify: 'supervisor' } })]);
    // Overdue, it can still be done.
    if (step === 'repair-close') await close(handle);
    await callback(handle, { outcome: 'accept', rating: 5 });
    expect(await handle.result()).toMatchObject({ outcome: 'rated' });
  });
});
