import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { createApp } from '../../api/app';
import { issueServiceToken } from '../../api/service-tokens';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { Action, can, Resource, Role, ROLES } from '../../domain/permissions';
import { DEFAULT_RECONNECTION_POLICY } from '../../domain/reconnection/policy';
import { reconnectionWorkflowId } from '../../workflows/reconnection/ids';
import { reconnectCustomer, reconnectionStatusQuery } from '../../workflows/reconnection/workflow';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { createTestDatabase, TestDatabase } from '../support/database';
import { RunningGridflow, startGridflow } from '../support/gridflow';
import { listen } from '../support/http';
import { createTimeSkippingEnv } from '../support/temporal';

/**
 * Every role against every endpoint and action: exactly the allowed ones answer 2xx, the
 * rest 403, and everything 401 without a session. Each role works on objects of its own,
 * so one role's success cannot change another's answer.
 */
const PASSWORD = 'matrix-password-1';
const TASK_WORKERS = ROLES.filter((role) => can([role], 'tasks', 'complete'));

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
const cookies = new Map<Role, string>();
const userIds = new Map<Role, number>();
const fixtures = new Map<Role, { taskId: number; completeTaskId: number; caseId: number; customerId: number; orderNo: string; accountNo: string }>();
let outboxId: number;
let disconnectionWorkflowId: string;

async function startManualTask(name: string, collectorUserId: number) {
  const segment = { code: `SEG-${name}`, collectorName: '李催费', collectorPhone: '13700000099' };
  const customer = await insertCustomer(t.db, { customerNo: `M-${name}`, supplyStatus: 'disconnected', remoteReconnectEligible: false, segment });
  await t.db('segments').where({ code: segment.code }).update({ collector_user_id: collectorUserId });
  const handle = await env.client.workflow.start(reconnectCustomer, {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: reconnectionWorkflowId(customer.customerNo),
    args: [{ customerNo: customer.customerNo, trigger: 'sweep' }],
  });
  for (let i = 0; i < 400; i++) {
    const status = await handle.query(reconnectionStatusQuery);
    if (status.taskId) return { customer, taskId: status.taskId, caseId: status.caseId!, orderNo: status.manualOrderNo! };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no task');
}

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  // After one minute every task is offered to every role that works tasks.
  await t.db('settings').where({ key: 'reconnection' }).update({
    value: JSON.stringify({ ...DEFAULT_RECONNECTION_POLICY, manualReconnection: { slaMinutes: 1, onOverdue: [{ widenToRoles: TASK_WORKERS }] } }),
  });
  for (const role of ROLES) userIds.set(role, await insertUser(t.db, { username: `u-${role}`, roles: [role], phone: '13600000000', password: PASSWORD }));
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));

  for (const role of ROLES) {
    const a = await startManualTask(`${role}-a`, userIds.get('collector')!);
    const b = await startManualTask(`${role}-b`, userIds.get('collector')!);
    fixtures.set(role, { taskId: a.taskId, completeTaskId: b.taskId, caseId: a.caseId, customerId: a.customer.customerId, orderNo: a.orderNo, accountNo: a.customer.accountNo });
  }
  await env.sleep(61_000);
  const lastTask = fixtures.get(ROLES[ROLES.length - 1]!)!.completeTaskId;
  for (let i = 0; i < 400 && (await t.db('tasks').where({ id: lastTask }).first()).escalation_level < 1; i++) await new Promise((r) => setTimeout(r, 50));
  outboxId = Number((await t.db('outbox').first('id')).id);
  disconnectionWorkflowId = 'disconnection-case-00000000-0000-4000-8000-000000000001';
  await env.client.workflow.start('disconnectionCase', {
    taskQueue: CENTRAL_TASK_QUEUE,
    workflowId: disconnectionWorkflowId,
    args: [{ applicantId: userIds.get('collector'), reason: 'matrix', customerNos: ['M-admin-a'], title: 'matrix' }],
  });

  for (const role of ROLES) {
    const res = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `u-${role}`, password: PASSWORD }) });
    expect(res.status).toBe(200);
    cookies.set(role, res.headers.get('set-cookie')!.split(';')[0]!);
  }
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

interface Call {
  resource: Resource;
  action: Action;
  /** Puts this role's objects in the state the call needs, and says what to send. */
  request(role: Role): Promise<{ method: string; path: string; body?: unknown; raw?: { type: string; bytes: Buffer } }>;
}

const task = (role: Role) => fixtures.get(role)!;
const setTask = (id: number, fields: Record<string, unknown>) => t.db('tasks').where({ id }).update(fields);
/** A closed repair order of the role's own, for its scheduled calls. */
async function matrixCallOrder(role: Role): Promise<number> {
  const [{ id }] = await t.db('repair_orders')
    .insert({ order_no: `MATRIX-C-${role}`, source: 'agent', category: 'meter-box', description: '预约矩阵', place: '矩阵路', priority: 'normal', state: 'closed', workflow_id: `matrix-call-${role}` })
    .onConflict('order_no')
    .merge(['description'])
    .returning('id');
  return id;
}
/** A device of the alarm map of the role's own. */
async function matrixDevice(role: Role): Promise<string> {
  const deviceId = `MATRIX-D-${role}`;
  await t.db('repair_devices').insert({ device_id: deviceId, category: 'outage-area', place: '矩阵配变' }).onConflict('device_id').ignore();
  return deviceId;
}
let devicesMade = 0;
const nowIso = async () => new Date(await env.currentTimeMs()).toISOString();

/** The matrix's telephone exchange (矩阵局) and its team, once. */
async function matrixExchange(): Promise<void> {
  await t.db('exchanges').insert({ code: 'MX', name: '矩阵局' }).onConflict('code').ignore();
  await t.db('exchange_addresses').insert({ address_prefix: '矩阵路', exchange_code: 'MX' }).onConflict('address_prefix').ignore();
  await t.db('install_teams').insert({ code: 'T-MX', name: '矩阵装机班', exchange_code: 'MX' }).onConflict('code').ignore();
}
/** A finished repair order of the role's own customer, to rate (5: good, so no revisit starts). */
async function matrixRatedOrder(role: Role): Promise<string> {
  const orderNo = `169${String(ROLES.indexOf(role)).padStart(7, '0')}`;
  await t.db('repair_orders')
    .insert({ order_no: orderNo, source: 'agent', customer_id: task(role).customerId, category: 'power-outage', description: '矩阵', place: '矩阵路 1 号', priority: 'normal', state: 'done', workflow_id: `repair-${orderNo}` })
    .onConflict('order_no')
    .ignore();
  return orderNo;
}
let revisitId: number | undefined;
/** A revisit to show (its row only: showing it needs no workflow). */
async function matrixRevisit(): Promise<number> {
  if (revisitId === undefined) {
    const [{ id }] = await t.db('revisits').insert({ revisit_no: '1899999999', process: 'repair', order_ref: '1690000000', workflow_id: 'revisit-matrix' }).returning('id');
    revisitId = id as number;
  }
  return revisitId;
}
const RELOCATION_PURPOSES = { create: 1, override: 2, cancel: 3 } as const;
/** A telephone line of the role's own customer, one per purpose, in the matrix's exchange. */
async function matrixLine(role: Role, purpose: keyof typeof RELOCATION_PURPOSES): Promise<string> {
  await matrixExchange();
  const serviceNo = `6688${String(ROLES.indexOf(role)).padStart(2, '0')}${RELOCATION_PURPOSES[purpose]}0`;
  await t.db('service_accounts')
    .insert({ service_no: serviceNo, customer_id: task(role).customerId, account_relation: `MX-${role}`, pricing_plan: 'residential-basic', line_type: 'A', exchange_code: 'MX', address: '矩阵路 1 号' })
    .onConflict('service_no')
    .ignore();
  return serviceNo;
}
/** A same-exchange relocation of the line, on a day of the role's own (a slot holds 4). */
function matrixRelocationBody(role: Role, serviceNo: string, extra: object = {}) {
  const day = new Date(Date.now() + (8 + 24 * (1 + ROLES.indexOf(role))) * 3_600_000).toISOString().slice(0, 10);
  return {
    serviceNo,
    newAddress: '矩阵路 9 号',
    appointment: { teamCode: 'T-MX', date: day, slot: serviceNo.endsWith('30') ? 'am' : 'pm' },
    contactName: '矩阵联系人',
    contactPhone: '13600000000',
    realName: { holder: 'person', document: { type: 'resident_id', number: '11010519491231002X' } },
    ...extra,
  };
}
/** The role's open relocation order (taken by the clerk, its workflow running), for show and cancel. */
async function matrixRelocation(role: Role): Promise<number> {
  const serviceNo = await matrixLine(role, 'cancel');
  const open = await t.db('relocation_orders').where({ service_no: serviceNo, state: 'open' }).first('id');
  if (open) return open.id;
  const res = await send({ method: 'POST', path: '/api/relocations', body: matrixRelocationBody(role, serviceNo) }, cookies.get('clerk'));
  if (res.status !== 201) throw new Error(`no relocation order for ${role}: ${res.status} ${res.body}`);
  const { id, orderNo } = JSON.parse(res.body);
  // Wait for its payment task: the time-skipping test server can deadlock an Update that comes
  // while the workflow's first activities are still being handed out (seen as a workflow task
  // started and never completed); the dev server and production are not affected.
  for (let tries = 0; ; tries++) {
    const open = await t.db('tasks as k').join('relocation_orders as o', 'o.case_id', 'k.case_id').where({ 'o.order_no': orderNo, 'k.step': 'relocation-payment', 'k.state': 'open' }).first('k.id');
    if (open) break;
    if (tries > 300) throw new Error(`relocation ${orderNo}: no payment task after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return id;
}

const CALLS: Call[] = [
  // Repair orders (api/repair/routes.ts): intake starts a real order workflow; show reads one opened here.
  { resource: 'repair_orders', action: 'list', request: async () => ({ method: 'GET', path: '/api/repair_orders' }) },
  {
    resource: 'repair_orders',
    action: 'show',
    request: async (r) => {
      const [{ id }] = await t.db('repair_orders')
        .insert({ order_no: `MATRIX-R-${r}`, source: 'agent', category: 'meter-box', description: '矩阵', place: '矩阵路', priority: 'normal', workflow_id: `matrix-repair-${r}` })
        .onConflict('order_no')
        .merge(['description'])
        .returning('id');
      return { method: 'GET', path: `/api/repair_orders/${id}` };
    },
  },
  {
    resource: 'repair_orders',
    action: 'create',
    request: async (r) => ({ method: 'POST', path: '/api/repair_orders', body: { customerId: task(r).customerId, category: 'meter-box', description: `表箱冒烟 ${r}`, place: '幸福路 1 号', contactPhone: '13600000000' } }),
  },
  {
    resource: 'repair_orders',
    action: 'attach',
    // A photo (a 1×1 JPEG) on an open order of this role's own; the same bytes again answer 200.
    request: async (r) => {
      const [{ id }] = await t.db('repair_orders')
        .insert({ order_no: `MATRIX-P-${r}`, source: 'agent', category: 'meter-box', description: '矩阵', place: '矩阵路', priority: 'normal', workflow_id: `matrix-photo-${r}` })
        .onConflict('order_no')
        .merge(['description'])
        .returning('id');
      const bytes = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
      return { method: 'POST', path: `/api/repair_orders/${id}/photos`, raw: { type: 'image/jpeg', bytes } };
    },
  },
  {
    resource: 'repair_orders',
    action: 'report',
    // A repair step on an open order this role's member has accepted.
    request: async (r) => {
      const [{ id }] = await t.db('repair_orders')
        .insert({ order_no: `MATRIX-S-${r}`, source: 'agent', category: 'meter-box', description: '矩阵', place: '矩阵路', priority: 'normal', workflow_id: `matrix-step-${r}`, crew_user_id: userIds.get(r), responded_at: t.db.fn.now() })
        .onConflict('order_no')
        .merge(['description'])
        .returning('id');
      return { method: 'POST', path: `/api/repair_orders/${id}/progress`, body: { kind: 'step', text: `更换熔丝 ${r}` } };
    },
  },
  {
    // An open order of the role's own with no task yet: counted, nobody to text.
    resource: 'repair_orders',
    action: 'urge',
    request: async (r) => {
      const [{ id }] = await t.db('repair_orders')
        .insert({ order_no: `MATRIX-U-${r}`, source: 'agent', category: 'meter-box', description: '催单矩阵', place: '矩阵路', priority: 'normal', workflow_id: `matrix-urge-${r}` })
        .onConflict('order_no')
        .merge(['description'])
        .returning('id');
      return { method: 'POST', path: `/api/repair_orders/${id}/urge`, body: { reason: '客户来电催促' } };
    },
  },
  // Scheduled calls (api/repair/calls.ts): on an order of the role's own; each update makes a fresh scheduled call.
  { resource: 'repair_calls', action: 'list', request: async () => ({ method: 'GET', path: '/api/repair_calls' }) },
  {
    resource: 'repair_calls',
    action: 'create',
    request: async (r) => ({ method: 'POST', path: `/api/repair_orders/${await matrixCallOrder(r)}/calls`, body: { dueAt: new Date(Date.now() + 3_600_000).toISOString(), note: `矩阵 ${r}` } }),
  },
  {
    resource: 'repair_calls',
    action: 'update',
    request: async (r) => {
      const [{ id }] = await t.db('repair_calls').insert({ order_id: await matrixCallOrder(r), due_at: t.db.fn.now(), scheduled_by_id: userIds.get('agent') }).returning('id');
      return { method: 'POST', path: `/api/repair_calls/${id}/abandon`, body: { reason: '客户已自行处理' } };
    },
  },
  // The alarm map (api/repair/devices.ts): each role's own device; an update changes its place.
  { resource: 'repair_devices', action: 'list', request: async () => ({ method: 'GET', path: '/api/repair_devices' }) },
  { resource: 'repair_devices', action: 'show', request: async (r) => ({ method: 'GET', path: `/api/repair_devices/${await matrixDevice(r)}` }) },
  {
    resource: 'repair_devices',
    action: 'create',
    request: async (r) => ({ method: 'POST', path: '/api/repair_devices', body: { deviceId: `MATRIX-NEW-${r}-${++devicesMade}`, category: 'outage-area', place: `矩阵配变 ${r}`, customerIds: [task(r).customerId] } }),
  },
  { resource: 'repair_devices', action: 'update', request: async (r) => ({ method: 'PUT', path: `/api/repair_devices/${await matrixDevice(r)}`, body: { place: `矩阵配变 ${r} ${++devicesMade}` } }) },
  // Relocation orders (api/relocation/): a plain order needs create, one with its fee set by hand override; each role's own lines.
  { resource: 'relocations', action: 'list', request: async () => ({ method: 'GET', path: '/api/relocations' }) },
  { resource: 'relocations', action: 'show', request: async (r) => ({ method: 'GET', path: `/api/relocations/${await matrixRelocation(r)}` }) },
  { resource: 'relocations', action: 'create', request: async (r) => ({ method: 'POST', path: '/api/relocations', body: matrixRelocationBody(r, await matrixLine(r, 'create')) }) },
  {
    resource: 'relocations',
    action: 'override',
    request: async (r) => ({ method: 'POST', path: '/api/relocations', body: matrixRelocationBody(r, await matrixLine(r, 'override'), { feeOverride: { totalFen: 0, reason: '矩阵减免' } }) }),
  },
  { resource: 'relocations', action: 'cancel', request: async (r) => ({ method: 'POST', path: `/api/relocations/${await matrixRelocation(r)}/cancel`, body: { reason: '客户取消' } }) },
  { resource: 'ratings', action: 'create', request: async (r) => ({ method: 'POST', path: '/api/ratings', body: { process: 'repair', orderNo: await matrixRatedOrder(r), rating: 5 } }) },
  { resource: 'revisits', action: 'list', request: async () => ({ method: 'GET', path: '/api/revisits' }) },
  { resource: 'revisits', action: 'show', request: async () => ({ method: 'GET', path: `/api/revisits/${await matrixRevisit()}` }) },
  { resource: 'tasks', action: 'list', request: async () => ({ method: 'GET', path: '/api/tasks' }) },
  { resource: 'tasks', action: 'show', request: async (r) => ({ method: 'GET', path: `/api/tasks/${task(r).taskId}` }) },
  { resource: 'tasks', action: 'note', request: async (r) => ({ method: 'POST', path: `/api/tasks/${task(r).taskId}/notes`, body: { text: '已电话联系客户' } }) },
  { resource: 'tasks', action: 'urge', request: async (r) => ({ method: 'POST', path: `/api/tasks/${task(r).taskId}/urge`, body: { reason: '客户来电催促' } }) },
  {
    resource: 'tasks',
    action: 'claim',
    request: async (r) => (await setTask(task(r).taskId, { assignee_id: null }), { method: 'POST', path: `/api/tasks/${task(r).taskId}/claim` }),
  },
  {
    resource: 'tasks',
    action: 'release',
    request: async (r) => (await setTask(task(r).taskId, { assignee_id: userIds.get(r) }), { method: 'POST', path: `/api/tasks/${task(r).taskId}/release` }),
  },
  {
    resource: 'tasks',
    action: 'assign',
    request: async (r) => (await setTask(task(r).taskId, { assignee_id: null }), { method: 'POST', path: `/api/tasks/${task(r).taskId}/assign`, body: { userId: userIds.get('collector') } }),
  },
  {
    resource: 'tasks',
    action: 'delegate',
    request: async (r) => (
      await setTask(task(r).taskId, { assignee_id: userIds.get(r), acting_for_id: null }),
      { method: 'POST', path: `/api/tasks/${task(r).taskId}/delegate`, body: { userId: userIds.get(r === 'collector' ? 'executor' : 'collector') } }
    ),
  },
  { resource: 'tasks', action: 'complete', request: async (r) => ({ method: 'POST', path: `/api/tasks/${task(r).completeTaskId}/complete`, body: { result: { reconnectedAt: await nowIso() } } }) },
  { resource: 'cases', action: 'list', request: async () => ({ method: 'GET', path: '/api/cases' }) },
  { resource: 'cases', action: 'show', request: async (r) => ({ method: 'GET', path: `/api/cases/${task(r).caseId}` }) },
  { resource: 'customers', action: 'list', request: async () => ({ method: 'GET', path: '/api/customers' }) },
  { resource: 'customers', action: 'show', request: async (r) => ({ method: 'GET', path: `/api/customers/${task(r).customerId}` }) },
  { resource: 'customers', action: 'update', request: async (r) => ({ method: 'PUT', path: `/api/customers/${task(r).customerId}`, body: { remoteReconnectEligible: true } }) },
  { resource: 'work_orders', action: 'list', request: async () => ({ method: 'GET', path: '/api/work_orders' }) },
  { resource: 'work_orders', action: 'show', request: async (r) => ({ method: 'GET', path: `/api/work_orders/${task(r).orderNo}` }) },
  { resource: 'outbox', action: 'list', request: async () => ({ method: 'GET', path: '/api/outbox' }) },
  { resource: 'outbox', action: 'show', request: async () => ({ method: 'GET', path: `/api/outbox/${outboxId}` }) },
  { resource: 'events', action: 'list', request: async () => ({ method: 'GET', path: '/api/events' }) },
  { resource: 'users', action: 'list', request: async () => ({ method: 'GET', path: '/api/users' }) },
  { resource: 'users', action: 'show', request: async (r) => ({ method: 'GET', path: `/api/users/${userIds.get(r)}` }) },
  {
    resource: 'users',
    action: 'create',
    request: async (r) => ({ method: 'POST', path: '/api/users', body: { username: `new-${r}`, displayName: `New ${r}`, roles: ['crew'], password: 'a long enough password' } }),
  },
  { resource: 'users', action: 'update', request: async () => ({ method: 'PUT', path: `/api/users/${userIds.get('crew')}`, body: { phone: '13600000001' } }) },
  { resource: 'service_tokens', action: 'list', request: async () => ({ method: 'GET', path: '/api/service_tokens' }) },
  { resource: 'service_tokens', action: 'create', request: async (r) => ({ method: 'POST', path: '/api/service_tokens', body: { name: `bank-${r}` } }) },
  {
    resource: 'service_tokens',
    action: 'delete',
    request: async (r) => {
      await issueServiceToken(t.db, `to-revoke-${r}`);
      const row = await t.db('service_tokens').where({ name: `to-revoke-${r}` }).first('id');
      return { method: 'DELETE', path: `/api/service_tokens/${row.id}` };
    },
  },
  { resource: 'settings', action: 'list', request: async () => ({ method: 'GET', path: '/api/settings' }) },
  { resource: 'settings', action: 'show', request: async () => ({ method: 'GET', path: '/api/settings/reconnection' }) },
  {
    resource: 'settings',
    action: 'update',
    request: async () => ({ method: 'PUT', path: '/api/settings/reconnection', body: { value: (await t.db('settings').where({ key: 'reconnection' }).first()).value } }),
  },
  {
    resource: 'disconnections',
    action: 'create',
    request: async (r) => ({ method: 'POST', path: '/api/disconnections', body: { reason: `欠费 ${r}`, customerIds: [task(r).customerId] } }),
  },
  { resource: 'disconnections', action: 'show', request: async () => ({ method: 'GET', path: `/api/disconnections/${disconnectionWorkflowId}` }) },
  {
    resource: 'disconnection_outcomes',
    action: 'list',
    request: async (r) => ({ method: 'GET', path: `/api/disconnection_outcomes?filter=${encodeURIComponent(JSON.stringify({ caseId: task(r).caseId }))}` }),
  },
  { resource: 'segments', action: 'list', request: async () => ({ method: 'GET', path: '/api/segments' }) },
  { resource: 'processes', action: 'list', request: async () => ({ method: 'GET', path: '/api/processes' }) },
  { resource: 'processes', action: 'show', request: async () => ({ method: 'GET', path: '/api/processes/disconnection' }) },
  { resource: 'policies', action: 'list', request: async () => ({ method: 'GET', path: '/api/policies' }) },
  { resource: 'policies', action: 'show', request: async () => ({ method: 'GET', path: `/api/policies/${(await t.db('policy_versions').first('id')).id}` }) },
  { resource: 'policies', action: 'create', request: async (r) => ({ method: 'POST', path: '/api/policies', body: { key: 'tasks', value: { urgeSmsIntervalMinutes: 30 }, reason: `matrix ${r}` } }) },
  { resource: 'reports', action: 'list', request: async () => ({ method: 'GET', path: '/api/reports' }) },
  { resource: 'reports', action: 'show', request: async () => ({ method: 'GET', path: '/api/reports/tasks?format=csv' }) },
  // The auditor's own: a case's timeline (search), the chain's verification, a case file's export.
  { resource: 'audit', action: 'search', request: async (r) => ({ method: 'GET', path: `/api/audit/timelines/case/${task(r).caseId}` }) },
  { resource: 'audit', action: 'verify', request: async () => ({ method: 'POST', path: '/api/audit/verify' }) },
  { resource: 'audit', action: 'export', request: async (r) => ({ method: 'GET', path: `/api/audit/cases/${task(r).caseId}/export?format=json` }) },
  { resource: 'payments', action: 'list', request: async () => ({ method: 'GET', path: '/api/payments' }) },
  {
    resource: 'payments',
    action: 'create',
    request: async (r) => ({ method: 'POST', path: '/api/payments', body: { paymentId: `MATRIX-${r}`, accountNo: task(r).accountNo, amount: '1.00', channel: 'counter' } }),
  },
];

async function send(call: { method: string; path: string; body?: unknown; raw?: { type: string; bytes: Buffer } }, cookie?: string) {
  const res = await fetch(`${api.baseUrl}${call.path}`, {
    method: call.method,
    headers: { 'content-type': call.raw?.type ?? 'application/json', ...(cookie ? { cookie } : {}) },
    body: call.raw ? call.raw.bytes : call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  return { status: res.status, body: await res.text() };
}

it('covers every resource and action of the permission table', () => {
  const covered = new Set(CALLS.map((c) => `${c.resource}.${c.action}`));
  const { RESOURCE_ACTIONS } = jest.requireActual('../../domain/permissions');
  const all = Object.entries(RESOURCE_ACTIONS as Record<string, string[]>).flatMap(([resource, actions]) => actions.map((a) => `${resource}.${a}`));
  expect([...covered].sort()).toEqual(all.sort());
});

describe.each(ROLES)('role %s', (role) => {
  it.each(CALLS.map((c) => [`${c.resource}.${c.action}`, c] as const))('%s', async (_name, call) => {
    const request = await call.request(role);
    const { status, body } = await send(request, cookies.get(role));
    if (can([role], call.resource, call.action)) {
      // The answer itself is shown when it is not a 2xx.
      expect(status >= 200 && status < 300 ? 'a 2xx answer' : `${status} ${body}`).toBe('a 2xx answer');
    } else {
      expect({ status, body: JSON.parse(body).error.code }).toEqual({ status: 403, body: 'FORBIDDEN' });
    }
  });
});

it('answers 401 to every endpoint without a session', async () => {
  for (const call of CALLS) {
    const { status } = await send(await call.request('admin'));
    expect({ call: `${call.resource}.${call.action}`, status }).toEqual({ call: `${call.resource}.${call.action}`, status: 401 });
  }
  expect((await send({ method: 'GET', path: '/api/dashboard' })).status).toBe(401);
  expect((await send({ method: 'GET', path: '/api/auth/me' })).status).toBe(401);
});
