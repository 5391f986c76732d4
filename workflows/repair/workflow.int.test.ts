import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
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
import { repairOrder, repairSmsRatingSignal } from './workflow';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
const people = { dispatcher: 0, crewA: 0, crewB: 0, cashier: 0, agent: 0, supervisor: 0 };
let customerId: number;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  people.supervisor = await insertUser(t.db, { username: 'boss', roles: ['dispatcher'], phone: '13900000100' });
  people.dispatcher = await insertUser(t.db, { username: 'dispatcher', displayName: '王派单', roles: ['dispatcher'], phone: '13900000101', supervisorId: people.supervisor });
  people.crewA = await insertUser(t.db, { username: 'crew-a', displayName: '李维修', roles: ['crew'], phone: '13900000102', supervisorId: people.supervisor });
  people.crewB = await insertUser(t.db, { username: 'crew-b', displayName: '赵维修', roles: ['crew'], phone: '13900000103' });
  people.cashier = await insertUser(t.db, { username: 'cashier', roles: ['cashier'] });
  people.agent = await insertUser(t.db, { username: 'agent', roles: ['agent'] });
  customerId = (await insertCustomer(t.db, { customerNo: 'RP-1', name: '报修客户', phone: '13800001111' })).customerId;
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
});

afterAll(async () => {
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

/** An order as the API opens it (api/repair/routes.ts), then its workflow. */
async function startOrder(priority: 'urgent' | 'normal' = 'normal') {
  const { rows } = await t.db.raw(`SELECT nextval('${REPAIR_ORDER_SEQUENCE}') AS serial`);
  const orderNo = formatRepairOrderNo(Number(rows[0].serial));
  const [{ id }] = await t.db('repair_orders')
    .insert({ order_no: orderNo, source: 'agent', customer_id: customerId, category: 'meter-box', description: '表箱冒烟', place: '幸福路 1 号', contact_phone: '13800001111', priority, workflow_id: repairWorkflowId(orderNo), opened_at: new Date(await env.currentTimeMs()) })
    .returning('id');
  const handle = await env.client.workflow.start(repairOrder, { taskQueue: CENTRAL_TASK_QUEUE, workflowId: repairWorkflowId(orderNo), args: [{ orderId: id, orderNo }] });
  return { orderId: id as number, orderNo, handle };
}

async function openTask(workflowId: string, step: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const row = await t.db('tasks').where({ workflow_id: workflowId, step, state: 'open' }).orderBy('id', 'desc').first('id');
    if (row) return Number(row.id);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no open ${step} task in ${workflowId}`);
}

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
const eventsOf = (orderNo: string) => t.db('events').where({ order_no: orderNo }).orderBy('id').pluck('type');

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
