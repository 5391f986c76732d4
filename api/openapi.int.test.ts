import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { appendEvent } from '../db/events';
import { insertCustomer } from '../db/seeds/customers';
import { insertUser } from '../db/seeds/users';
import { apiError } from '../domain/contracts/errors';
import { ROLES } from '../domain/permissions';
import { createTestDatabase, TestDatabase } from '../test/support/database';
import { listen, sessionCookie } from '../test/support/http';
import { createApp } from './app';
import { openApiDocument, operations } from './openapi';

// No operation here reaches Temporal; the client is never connected.
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  t = await createTestDatabase();
  api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway, log: { error() {}, warn() {} } }));
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

it('serves the OpenAPI document', async () => {
  const res = await fetch(`${api.baseUrl}/api/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as typeof openApiDocument;
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/payments', '/api/tasks', '/api/tasks/{id}/complete', '/api/auth/login']));
});

it('names each record and request body as a component, and each operation refers to them', async () => {
  const doc = (await (await fetch(`${api.baseUrl}/api/openapi.json`)).json()) as any;
  expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Task', 'Case', 'CaseDetail', 'Customer', 'CustomerDetail', 'User', 'Payment', 'PaymentRequest', 'Error', 'DisconnectionApplicationRequest']));
  expect(doc.paths['/api/tasks'].get.responses['200'].content['application/json'].schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Task' } });
  expect(doc.paths['/api/tasks/{id}/notes'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/TaskNoteRequest' });
  expect(doc.paths['/api/cases/{id}'].get.responses['404'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  // Enums are the typed unions' own lists.
  expect(doc.components.schemas.User.properties.roles.items.enum).toEqual([...ROLES]);
  // Every $ref names a component that is there.
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  expect(refs.filter((name) => !doc.components.schemas[name])).toEqual([]);
});

it('describes only operations the app has, each with its answers', async () => {
  for (const [path, operations] of Object.entries(openApiDocument.paths)) {
    for (const [method, operation] of Object.entries(operations as Record<string, { responses: object }>)) {
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await fetch(`${api.baseUrl}${url}`, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
      const body = await res.text();
      // Unauthenticated calls get 401 (or 400 for the login form), never "no endpoint".
      expect({ operation: `${method} ${path}`, noEndpoint: res.status === 404 && body.includes('no endpoint') }).toEqual({ operation: `${method} ${path}`, noEndpoint: false });
    }
  }
});

describe('real answers against their contracts', () => {
  const PASSWORD = 'contract-password-1';
  let cookie: string;
  const checked = new Set<string>();

  /**
   * Calls an operation and parses its answer with the zod contract the document names for
   * that status: a field the API adds, drops or types otherwise fails here.
   */
  async function call(method: 'get' | 'post' | 'put' | 'delete', path: string, url: string, body?: unknown): Promise<any> {
    const res = await fetch(`${api.baseUrl}${url}`, {
      method: method.toUpperCase(),
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? undefined : await res.json();
    const answer = operations[path]?.[method]?.answers[res.status];
    expect({ operation: `${method} ${path}`, status: res.status, described: Boolean(answer), body: answer ? undefined : json }).toEqual({ operation: `${method} ${path}`, status: res.status, described: true, body: undefined });
    const parsed = answer!.schema!.safeParse(json);
    expect({ operation: `${method} ${url}`, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ operation: `${method} ${url}`, issues: [] });
    checked.add(`${method} ${path}`);
    return json;
  }

  beforeAll(async () => {
    const boss = await insertUser(t.db, { username: 'boss', displayName: '全能', roles: [...ROLES], phone: '13600000001', password: PASSWORD });
    const helper = await insertUser(t.db, { username: 'helper', displayName: '帮手', roles: ['collector'], phone: '13600000002', supervisorId: boss, password: PASSWORD });
    const customer = await insertCustomer(t.db, { customerNo: 'OA-1', name: '契约客户', segment: { code: 'SEG-OA' }, dueBillsFen: [30000] });
    await t.db('segments').where({ code: 'SEG-OA' }).update({ collector_user_id: helper });
    const [{ id: caseId }] = await t.db('cases')
      .insert({ type: 'reconnection', title: '复电 OA-1', customer_id: customer.customerId, current_step: 'manual-reconnection', workflow_id: 'wf-oa-1', workflow_run_id: 'run-oa-1' })
      .returning('id');
    const [{ id: taskId }] = await t.db('tasks')
      .insert({
        case_id: caseId,
        workflow_id: 'wf-oa-1',
        workflow_run_id: 'run-oa-1',
        step: 'manual-reconnection',
        step_seq: 1,
        title: '现场复电 OA-1 契约客户',
        customer_id: customer.customerId,
        candidate_roles: ['collector'],
        due_at: new Date(Date.now() + 3600_000),
        routing_reason: 'the customer has no remote meter',
        payload: JSON.stringify({ customerNo: 'OA-1' }),
      })
      .returning('id');
    await t.db('work_orders').insert({ order_no: 'MR-OA-1', kind: 'manual_reconnection', customer_id: customer.customerId, workflow_id: 'wf-oa-1', workflow_run_id: 'run-oa-1', case_id: caseId, reason: 'no remote meter' });
    await t.db('outbox').insert({ idempotency_key: 'sms:oa:1', channel: 'sms', recipient: '13600000009', body: '【Gridflow】您好', purpose: 'outage-notice', customer_id: customer.customerId, case_id: caseId });
    await appendEvent(t.db, { type: 'work_order.opened', actor: 'workflow:wf-oa-1', customerId: customer.customerId, caseId, taskId: Number(taskId), orderNo: 'MR-OA-1', data: { kind: 'manual_reconnection' } });
    await t.db('disconnection_outcomes').insert({ case_id: caseId, customer_id: customer.customerId, state: 'excluded', code: 'PROTECTED', reason: 'Customer is protected' });
    cookie = await sessionCookie(api.baseUrl, 'boss', PASSWORD);
    Object.assign(ids, { boss, helper, caseId, taskId: Number(taskId), customerId: customer.customerId, accountNo: customer.accountNo });
  });
  const ids = { boss: 0, helper: 0, caseId: 0, taskId: 0, customerId: 0, accountNo: '' };
  const filter = (value: object) => `filter=${encodeURIComponent(JSON.stringify(value))}`;

  it('people, their session and their dashboard', async () => {
    const login = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'boss', password: PASSWORD }) });
    expect(operations['/api/auth/login']!.post!.answers[200]!.schema!.safeParse(await login.json()).success).toBe(true);
    await call('get', '/api/auth/me', '/api/auth/me');
    await call('get', '/api/dashboard', '/api/dashboard');
    await call('get', '/api/users', '/api/users');
    await call('get', '/api/users/{id}', `/api/users/${ids.helper}`);
    const created = await call('post', '/api/users', '/api/users', { username: 'newbie', displayName: '新人', roles: ['agent'], password: 'a-long-password' });
    // A form sends the whole record back.
    await call('put', '/api/users/{id}', `/api/users/${created.id}`, { ...created, phone: '13600000003', locale: 'en' });
  });

  it('customers, payments and what happened to them', async () => {
    await call('get', '/api/customers', '/api/customers');
    const customer = await call('get', '/api/customers/{id}', `/api/customers/${ids.customerId}`);
    expect(customer.workOrders).toHaveLength(1);
    expect(customer.messages).toHaveLength(1);
    expect(customer.history.length).toBeGreaterThan(0);
    await call('get', '/api/customers/by-number/{customerNo}', '/api/customers/by-number/OA-1');
    await call('put', '/api/customers/{id}', `/api/customers/${ids.customerId}`, { ...customer, remoteReconnectEligible: false });
    const paid = await call('post', '/api/payments', '/api/payments', { paymentId: 'OA-PAY-1', accountNo: ids.accountNo, amount: '100.00', channel: 'counter' });
    expect(paid.reconnection).toEqual({ state: 'not-due' });
    await call('post', '/api/payments', '/api/payments', { paymentId: 'OA-PAY-1', accountNo: ids.accountNo, amount: '100.00', channel: 'counter' });
    await call('get', '/api/payments', '/api/payments');
    await call('get', '/api/segments', '/api/segments');
    await call('get', '/api/work_orders', '/api/work_orders');
    await call('get', '/api/work_orders/{orderNo}', '/api/work_orders/MR-OA-1');
    const messages = await call('get', '/api/outbox', '/api/outbox');
    await call('get', '/api/outbox/{id}', `/api/outbox/${messages[0].id}`);
    await call('get', '/api/events', '/api/events');
  });

  it('tasks and cases, through what people do with a task', async () => {
    await call('get', '/api/tasks', '/api/tasks');
    await call('get', '/api/tasks/{id}', `/api/tasks/${ids.taskId}`);
    await call('post', '/api/tasks/{id}/claim', `/api/tasks/${ids.taskId}/claim`);
    await call('post', '/api/tasks/{id}/delegate', `/api/tasks/${ids.taskId}/delegate`, { userId: ids.helper });
    await call('post', '/api/tasks/{id}/assign', `/api/tasks/${ids.taskId}/assign`, { userId: ids.boss, reason: '我来' });
    const urged = await call('post', '/api/tasks/{id}/urge', `/api/tasks/${ids.taskId}/urge`, { reason: '客户在等' });
    expect(urged.urgeCount).toBe(1);
    await call('post', '/api/tasks/{id}/notes', `/api/tasks/${ids.taskId}/notes`, { text: '已联系客户' });
    await call('post', '/api/tasks/{id}/release', `/api/tasks/${ids.taskId}/release`);
    const people = await call('get', '/api/tasks/{id}/candidates', `/api/tasks/${ids.taskId}/candidates?purpose=assign&q=${encodeURIComponent('帮')}`);
    expect(people.data.map((person: { id: number }) => person.id)).toEqual([ids.helper]);
    const bulk = await call('post', '/api/tasks/bulk', '/api/tasks/bulk', { action: 'claim', taskIds: [ids.taskId, 999_999] });
    expect(bulk.results.map((result: { ok: boolean }) => result.ok)).toEqual([true, false]);
    await call('get', '/api/cases', '/api/cases');
    const detail = await call('get', '/api/cases/{id}', `/api/cases/${ids.caseId}`);
    expect(detail.tasks).toHaveLength(1);
    expect(detail.timeline.map((entry: { type: string }) => entry.type)).toEqual(expect.arrayContaining(['task.claimed', 'task.note', 'message.pending']));
    await call('get', '/api/disconnection_outcomes', `/api/disconnection_outcomes?${filter({ caseId: ids.caseId })}`);
  });

  it('machines, settings and health', async () => {
    const token = await call('post', '/api/service_tokens', '/api/service_tokens', { name: 'bank-gateway' });
    await call('get', '/api/service_tokens', '/api/service_tokens');
    await call('delete', '/api/service_tokens/{id}', `/api/service_tokens/${token.id}`);
    const settings = await call('get', '/api/settings', '/api/settings');
    const tasks = await call('get', '/api/settings/{key}', '/api/settings/tasks');
    expect(settings.map((s: { id: string }) => s.id)).toContain('tasks');
    await call('put', '/api/settings/{key}', '/api/settings/tasks', { value: tasks.value });
    const versions = await call('get', '/api/policies', `/api/policies?${filter({ key: 'tasks' })}`);
    await call('get', '/api/policies/{id}', `/api/policies/${versions[0].id}`);
    await call('get', '/api/policies/schema/{key}', '/api/policies/schema/tasks');
    // A case waits at a step, so the catalogue has counts to answer with.
    await call('get', '/api/processes', '/api/processes');
    await call('get', '/api/processes/{id}', '/api/processes/reconnection');
    await call('get', '/api/reports', '/api/reports');
    for (const name of ['reconnection', 'disconnection', 'tasks', 'revisits']) await call('get', '/api/reports/{name}', `/api/reports/${name}`);
    // The auditor's: the case's and the customer's history on the chain, a search, the case file, verify.
    await call('get', '/api/audit/timelines/{kind}/{key}', `/api/audit/timelines/case/${ids.caseId}`);
    await call('get', '/api/audit/timelines/{kind}/{key}', '/api/audit/timelines/customer/OA-1?order=oldest');
    await call('get', '/api/audit/events', '/api/audit/events?customer=OA-1&type=work_order.opened');
    await call('get', '/api/audit/cases/{id}/export', `/api/audit/cases/${ids.caseId}/export?format=json&lang=en`);
    await call('post', '/api/audit/verify', '/api/audit/verify');
    await call('post', '/api/policies/preview', '/api/policies/preview', { key: 'tasks', value: tasks.value });
    await call('post', '/api/policies', '/api/policies', { key: 'tasks', value: tasks.value, reason: 'the same again, to check the contract' });
    // Temporal is not there: 503, with the same record.
    await call('get', '/api/health', '/api/health');
  });

  it('refusals, in the Error contract', async () => {
    for (const [method, url, body] of [
      ['post', `/api/tasks/${ids.taskId}/notes`, { text: '' }],
      ['get', '/api/cases/999999', undefined],
      ['post', '/api/users', { username: 'X' }],
      ['put', `/api/customers/${ids.customerId}`, { remoteReconnectEligible: 'yes' }],
    ] as const) {
      const res = await fetch(`${api.baseUrl}${url}`, { method: method.toUpperCase(), headers: { cookie, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
      expect(res.status).toBeGreaterThanOrEqual(400);
      const parsed = apiError.safeParse(await res.json());
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    }
  });

  it('checked every operation that needs no running workflow', () => {
    // These need Temporal (a case workflow to start, query or update), or answer no body.
    const elsewhere = ['post /api/disconnections', 'get /api/disconnections/{workflowId}', 'post /api/tasks/{id}/complete', 'get /api/openapi.json', 'post /api/auth/logout', 'post /api/auth/login', 'get /api/audit/workflows/{workflowId}/history',
      // Repair orders start and signal their workflows: checked against their contracts in api/repair/repair.int.test.ts.
      'post /api/repair_orders', 'get /api/repair_orders', 'get /api/repair_orders/{id}', 'get /api/repair_crews', 'get /api/repair_teams', 'get /api/repair_categories', 'post /api/alarms', 'post /api/sms/inbound',
      // Urging: checked against its contract in api/repair/urge.int.test.ts.
      'post /api/repair_orders/{id}/urge',
      // The crew's progress: checked against its contract in api/repair/progress.int.test.ts.
      'post /api/repair_orders/{id}/progress',
      // Scheduled calls: checked against their contracts in api/repair/calls.int.test.ts.
      'post /api/repair_orders/{id}/calls', 'get /api/repair_calls', 'post /api/repair_calls/{id}/execute', 'post /api/repair_calls/{id}/abandon',
      // The alarm map: checked against its contracts in api/repair/devices.int.test.ts.
      'get /api/repair_devices', 'post /api/repair_devices', 'get /api/repair_devices/{deviceId}', 'put /api/repair_devices/{deviceId}',
      // Photos: raw image bodies, checked in api/repair/photos.int.test.ts.
      'post /api/repair_orders/{id}/photos', 'get /api/repair_orders/{id}/photos/{photoId}',
      // Relocation orders start and update their workflows: checked against their contracts in api/relocation/relocation.int.test.ts.
      'get /api/service_accounts/{serviceNo}', 'get /api/exchanges', 'get /api/exchanges/resolve', 'get /api/exchanges/{code}/free_numbers', 'get /api/install_teams',
      'post /api/relocations', 'get /api/relocations', 'get /api/relocations/{id}', 'post /api/relocations/{id}/cancel',
      // Ratings start revisit workflows: checked against their contracts in api/revisit/revisit.int.test.ts.
      'post /api/ratings', 'get /api/revisits', 'get /api/revisits/{id}'];
    const all = Object.entries(operations).flatMap(([path, byMethod]) => Object.keys(byMethod).map((method) => `${method} ${path}`));
    expect(all.filter((operation) => !checked.has(operation) && !elsewhere.includes(operation))).toEqual([]);
  });
});
