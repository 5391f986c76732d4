import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { DEFAULT_DISCONNECTION_POLICY } from '../../domain/disconnection/policy';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow } from '../../test/support/gridflow';
import { listen, sessionCookie } from '../../test/support/http';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { disconnectionCase } from '../../workflows/disconnection/case';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { createApp } from '../app';

const PASSWORD = 'policies-password-1';
const HOUR = 3600_000;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
const ids: Record<string, number> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  for (const [name, roles] of [['designer', ['designer']], ['collector', ['collector']], ['auditor', ['auditor']], ['admin', ['admin']], ['applicant', ['collector']]] as const) {
    ids[name] = await insertUser(t.db, { username: name, displayName: `${name}-名`, roles: [...roles], password: PASSWORD });
  }
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of ['designer', 'collector', 'auditor', 'admin']) cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

async function call(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', cookie: cookies[who]! }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const count = async (table: string, where: Record<string, unknown> = {}) => Number((await t.db(table).where(where).count({ n: '*' }))[0]!.n);
const versionsOf = (key: string) => call('designer', 'GET', `/api/policies?filter=${encodeURIComponent(JSON.stringify({ key }))}&sort=${encodeURIComponent('["version","DESC"]')}&range=[0,24]`);

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('versions', () => {
  it('starts with version 1 of each policy, seeded from the settings and in force', async () => {
    for (const key of ['disconnection', 'reconnection', 'tasks']) {
      const list = await versionsOf(key);
      expect(list.status).toBe(200);
      expect(list.headers.get('content-range')).toBe('policies 0-0/1');
      expect(list.body).toEqual([
        expect.objectContaining({ key, version: 1, origin: 'initial', reason: null, createdBy: null, rollbackOf: null, inForce: true, pending: false, changes: [], value: (await t.db('settings').where({ key }).first()).value }),
      ]);
    }
  });

  it('publishes version 2 with its diff and its event, and keeps the settings in step', async () => {
    const before = await count('events', { type: 'policy.published' });
    const value = { ...DEFAULT_DISCONNECTION_POLICY, preNoticeMinutes: 2880, forbiddenWindows: { ...DEFAULT_DISCONNECTION_POLICY.forbiddenWindows, dailyCutoff: '15:00' } };
    const published = await call('designer', 'POST', '/api/policies', { key: 'disconnection', value, reason: '延长通知期' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      key: 'disconnection',
      version: 2,
      reason: '延长通知期',
      createdBy: { id: ids.designer, name: 'designer-名' },
      rollbackOf: null,
      inForce: true,
      pending: false,
      changes: [
        { path: ['forbiddenWindows', 'dailyCutoff'], from: '16:00', to: '15:00' },
        { path: ['preNoticeMinutes'], from: 1440, to: 2880 },
      ],
    });
    expect((await call('auditor', 'GET', `/api/policies/${published.body.id}`)).body).toEqual(published.body);
    const [v2, v1] = (await versionsOf('disconnection')).body;
    expect([v2.version, v2.inForce, v1.version, v1.inForce]).toEqual([2, true, 1, false]);
    const event = await t.db('events').where({ type: 'policy.published' }).orderBy('id', 'desc').first();
    expect(await count('events', { type: 'policy.published' })).toBe(before + 1);
    expect(event).toMatchObject({ actor: `user:${ids.designer}`, data: { key: 'disconnection', version: 2, reason: '延长通知期', rollbackOf: null, effectiveAt: published.body.effectiveAt, changes: published.body.changes } });
    expect((await t.db('settings').where({ key: 'disconnection' }).first()).value).toEqual(value);
    // Writing the settings row did not publish it a second time.
    expect(await count('policy_versions', { key: 'disconnection' })).toBe(2);
  });

  it('refuses a bad value, an unknown key, a prototype name, a missing reason and a collector, storing nothing', async () => {
    // Refused requests are on the audit trail (access.refused); a publication is not.
    const published = () => count('events', { type: 'policy.published' });
    const [versions, events] = [await count('policy_versions'), await published()];
    const bad = await call('designer', 'POST', '/api/policies', { key: 'disconnection', value: { preNoticeMinutes: 0, forbiddenWindows: { nightStart: '7:00' }, typo: 1 }, reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_POLICY');
    expect(bad.body.error.details.issues).toEqual(
      expect.arrayContaining([
        { path: [], code: 'unrecognized_keys', params: { keys: ['typo'] }, message: expect.stringContaining('typo') },
        { path: ['preNoticeMinutes'], code: 'too_small', params: expect.objectContaining({ minimum: 1 }), message: expect.any(String) },
        { path: ['forbiddenWindows', 'nightStart'], code: 'invalid_format', params: expect.objectContaining({ format: 'regex' }), message: expect.any(String) },
      ]),
    );
    const levels = await call('designer', 'POST', '/api/policies', { key: 'disconnection', value: { approvalLevels: [{ name: 'A', approverRoles: ['approver'] }, { name: 'A', approverRoles: ['approver'] }] }, reason: 'x' });
    expect(levels.body.error.details.issues).toEqual([{ path: ['approvalLevels'], code: 'custom', params: { code: 'DUPLICATE_LEVEL_NAME', name: 'A' }, message: expect.stringContaining('two levels') }]);
    expect((await call('designer', 'POST', '/api/policies', { key: 'billing', value: {}, reason: 'x' })).status).toBe(404);
    for (const key of ['__proto__', 'constructor', 'toString']) {
      expect([key, (await call('designer', 'POST', '/api/policies', { key, value: {}, reason: 'x' })).status]).toEqual([key, 404]);
      expect([key, (await call('designer', 'GET', `/api/policies/schema/${key}`)).status]).toEqual([key, 404]);
    }
    const noReason = await call('designer', 'POST', '/api/policies', { key: 'tasks', value: { urgeSmsIntervalMinutes: 5 } });
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'INVALID_REASON']);
    expect((await call('designer', 'POST', '/api/policies', { key: 'tasks', value: { urgeSmsIntervalMinutes: 5 }, reason: '   ' })).body.error.code).toBe('INVALID_REASON');
    expect((await call('designer', 'POST', '/api/policies', { key: 'tasks', value: { urgeSmsIntervalMinutes: 5 }, reason: 'x'.repeat(501) })).body.error.code).toBe('INVALID_REASON');
    const past = await call('designer', 'POST', '/api/policies', { key: 'tasks', value: { urgeSmsIntervalMinutes: 5 }, reason: 'x', effectiveAt: new Date(Date.now() - 5 * 60_000).toISOString() });
    expect([past.status, past.body.error.code]).toEqual([400, 'INVALID_EFFECTIVE_AT']);
    expect((await call('collector', 'POST', '/api/policies', { key: 'tasks', value: { urgeSmsIntervalMinutes: 5 }, reason: 'x' })).status).toBe(403);
    expect((await call('admin', 'POST', '/api/policies', { key: 'tasks', value: { urgeSmsIntervalMinutes: 5 }, reason: 'x' })).status).toBe(403);
    expect((await call('collector', 'GET', '/api/policies')).status).toBe(403);
    expect((await call('admin', 'GET', '/api/policies')).status).toBe(200);
    expect([await count('policy_versions'), await published()]).toEqual([versions, events]);
  });

  it('rolls back by publishing the old value as a new version', async () => {
    const [, v1] = (await versionsOf('disconnection')).body;
    const rolledBack = await call('designer', 'POST', '/api/policies', { key: 'disconnection', rollbackOf: v1.id, reason: '恢复原设置' });
    expect(rolledBack.status).toBe(201);
    expect(rolledBack.body).toMatchObject({ version: 3, rollbackOf: v1.id, inForce: true, value: v1.value });
    expect(rolledBack.body.changes).toEqual([
      { path: ['forbiddenWindows', 'dailyCutoff'], from: '15:00', to: '16:00' },
      { path: ['preNoticeMinutes'], from: 2880, to: 1440 },
    ]);
    // Only an older version of the same key.
    const latest = await call('designer', 'POST', '/api/policies', { key: 'disconnection', rollbackOf: rolledBack.body.id, reason: 'x' });
    expect([latest.status, latest.body.error.code]).toEqual([400, 'INVALID_ROLLBACK']);
    const tasksV1 = (await versionsOf('tasks')).body[0];
    expect((await call('designer', 'POST', '/api/policies', { key: 'disconnection', rollbackOf: tasksV1.id, reason: 'x' })).body.error.code).toBe('INVALID_ROLLBACK');
    expect((await call('designer', 'POST', '/api/policies', { key: 'disconnection', rollbackOf: 999_999, reason: 'x' })).body.error.code).toBe('INVALID_ROLLBACK');
  });

  it('keeps a version for later pending, not in force, and the settings as they were', async () => {
    const settingBefore = (await t.db('settings').where({ key: 'reconnection' }).first()).value;
    const later = new Date(Date.now() + 24 * HOUR).toISOString();
    const pending = await call('designer', 'POST', '/api/policies', { key: 'reconnection', value: { retryIntervalMinutes: 30 }, reason: '明天起加快重试', effectiveAt: later });
    expect(pending.status).toBe(201);
    expect(pending.body).toMatchObject({ version: 2, pending: true, inForce: false, effectiveAt: later, changes: [{ path: ['retryIntervalMinutes'], from: 120, to: 30 }] });
    expect((await versionsOf('reconnection')).body.map((v: any) => [v.version, v.inForce, v.pending])).toEqual([[2, false, true], [1, true, false]]);
    expect((await t.db('settings').where({ key: 'reconnection' }).first()).value).toEqual(settingBefore);
    expect((await call('designer', 'GET', '/api/settings/reconnection')).body.value).toEqual(settingBefore);
  });

  it('serves each key\'s JSON Schema as designers write it: fields with defaults optional', async () => {
    const schema = await call('designer', 'GET', '/api/policies/schema/disconnection');
    expect(schema.status).toBe(200);
    expect(schema.body.key).toBe('disconnection');
    expect(schema.body.jsonSchema).toMatchObject({ type: 'object', additionalProperties: false, properties: { preNoticeMinutes: { type: 'integer', minimum: 1, maximum: 43200, default: 1440 } } });
    expect(schema.body.jsonSchema.required ?? []).toEqual([]);
    expect((await call('designer', 'GET', '/api/policies/schema/tasks')).body.jsonSchema.required).toEqual(['urgeSmsIntervalMinutes']);
  });

  it('keeps PUT /api/settings working by publishing a version effective now', async () => {
    const put = await call('designer', 'PUT', '/api/settings/tasks', { value: { urgeSmsIntervalMinutes: 12 } });
    expect(put.status).toBe(200);
    const [latest] = (await versionsOf('tasks')).body;
    expect(latest).toMatchObject({ version: 2, inForce: true, value: { urgeSmsIntervalMinutes: 12 }, createdBy: { id: ids.designer }, changes: [{ path: ['urgeSmsIntervalMinutes'], from: 30, to: 12 }] });
    // A write of the settings table itself (scripts, tests, an operator) becomes a version too.
    await t.db('settings').where({ key: 'tasks' }).update({ value: JSON.stringify({ urgeSmsIntervalMinutes: 7 }) });
    expect((await versionsOf('tasks')).body[0]).toMatchObject({ version: 3, inForce: true, createdBy: null, value: { urgeSmsIntervalMinutes: 7 } });
    await t.db('settings').where({ key: 'tasks' }).update({ value: JSON.stringify({ urgeSmsIntervalMinutes: 7 }) });
    expect(await count('policy_versions', { key: 'tasks' })).toBe(3);
  });
});

describe('preview', () => {
  let customerNo = 0;
  async function runningCase(type: string, step: string): Promise<number> {
    const n = ++customerNo;
    const [row] = await t.db('cases').insert({ type, title: `preview ${n}`, state: 'running', current_step: step, workflow_id: `preview-${n}`, workflow_run_id: `preview-run-${n}` }).returning('id');
    return row.id;
  }

  it('counts the customers, tasks and retries a version would move, and NO_IMPACT otherwise', async () => {
    const caseId = await runningCase('disconnection', 'commands');
    for (const [n, state] of [[1, 'waiting'], [2, 'deferred'], [3, 'disconnected']] as const) {
      const customer = await insertCustomer(t.db, { customerNo: `PV-${n}`, segment: { code: 'SEG-PV' } });
      await t.db('disconnection_outcomes').insert({ case_id: caseId, customer_id: customer.customerId, state });
    }
    const approvalCase = await runningCase('disconnection', 'approval-1');
    await t.db('tasks').insert(
      [2, 0.5].map((hoursAgo, i) => ({
        case_id: approvalCase,
        workflow_id: 'preview-approval',
        workflow_run_id: 'preview-approval-run',
        step: 'disconnection-approval',
        step_seq: i + 1,
        title: '审批',
        routing_reason: 'test',
        payload: JSON.stringify({ level: 'Approval' }),
        due_at: new Date(Date.now() + HOUR),
        created_at: new Date(Date.now() - hoursAgo * HOUR),
      })),
    );
    const twoHoursOld = await t.db('tasks').where({ workflow_run_id: 'preview-approval-run', step_seq: 1 }).first('id');
    const retrying = await runningCase('reconnection', 'close-command-1');
    await t.db('events').insert({ type: 'meter.command.failed', actor: 'test', case_id: retrying, data: '{}' });

    const preview = (who: string, body: unknown) => call(who, 'POST', '/api/policies/preview', body);
    const windows = { ...DEFAULT_DISCONNECTION_POLICY.forbiddenWindows, dailyCutoff: '15:00' };
    // Wednesday 2030-01-09 15:30 in China: open under the 16:00 cut-off, closed under 15:00 until 07:00 next day.
    const moved = await preview('designer', { key: 'disconnection', value: { ...DEFAULT_DISCONNECTION_POLICY, forbiddenWindows: windows }, effectiveAt: '2030-01-09T07:30:00.000Z' });
    expect(moved).toMatchObject({ status: 200, body: { impacts: [{ code: 'CUSTOMERS_MOVED', params: { count: 2, from: '2030-01-09T07:30:00.000Z', to: '2030-01-09T23:00:00.000Z' } }] } });

    const sla = { ...DEFAULT_DISCONNECTION_POLICY, approvalLevels: [{ ...DEFAULT_DISCONNECTION_POLICY.approvalLevels[0]!, slaMinutes: 60 }] };
    expect((await preview('designer', { key: 'disconnection', value: sla })).body).toEqual({ impacts: [{ code: 'TASKS_OVERDUE_AT_ONCE', params: { count: 1, taskIds: [Number(twoHoursOld.id)] } }] });
    expect((await preview('designer', { key: 'reconnection', value: { retryIntervalMinutes: 30 } })).body).toEqual({ impacts: [{ code: 'RETRIES_SOONER', params: { count: 1 } }] });
    expect((await preview('designer', { key: 'reconnection', value: { retryIntervalMinutes: 600 } })).body).toEqual({ impacts: [{ code: 'RETRIES_LATER', params: { count: 1 } }] });
    expect((await preview('designer', { key: 'disconnection', value: { ...DEFAULT_DISCONNECTION_POLICY, commandWindow: 10 } })).body).toEqual({ impacts: [{ code: 'NO_IMPACT', params: {} }] });

    const versions = await count('policy_versions');
    const invalid = await preview('designer', { key: 'disconnection', value: { commandWindow: 0 } });
    expect([invalid.status, invalid.body.error.code, invalid.body.error.details.issues[0].path]).toEqual([400, 'INVALID_POLICY', ['commandWindow']]);
    expect((await preview('designer', { key: '__proto__', value: {} })).status).toBe(404);
    expect((await preview('collector', { key: 'tasks', value: { urgeSmsIntervalMinutes: 1 } })).status).toBe(403);
    expect(await count('policy_versions')).toBe(versions);
  });
});

describe('cases', () => {
  async function startCase(name: string) {
    const customer = await insertCustomer(t.db, { customerNo: `PC-${name}`, supplyStatus: 'connected', dueBillsFen: [30000], segment: { code: 'SEG-PC' } });
    const handle = await env.client.workflow.start(disconnectionCase, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: `policy-case-${name}`,
      args: [{ applicantId: ids.applicant!, reason: '欠费', customerNos: [customer.customerNo], title: `策略 ${name}` }],
    });
    const approval: { title: string; case_id: number } = await until(async () => (await t.db('tasks').where({ workflow_id: handle.workflowId, step: 'disconnection-approval' }).first('title', 'case_id')) ?? undefined, `case ${name}'s approval`);
    return { caseId: approval.case_id, approvalTitle: approval.title };
  }

  it('records in each case the version in force when it opened, and runs it under that version', async () => {
    const before = (await versionsOf('disconnection')).body.find((v: any) => v.inForce);
    const a = await startCase('A');
    const published = await call('designer', 'POST', '/api/policies', {
      key: 'disconnection',
      value: { ...DEFAULT_DISCONNECTION_POLICY, approvalLevels: [{ name: 'Team leader', approverRoles: ['approver'] }] },
      reason: '改为组长审批',
    });
    expect(published.status).toBe(201);
    const b = await startCase('B');

    expect((await t.db('cases').where({ id: a.caseId }).first()).policy_version_id).toBe(before.id);
    expect((await t.db('cases').where({ id: b.caseId }).first()).policy_version_id).toBe(published.body.id);
    expect(a.approvalTitle).not.toContain('Team leader');
    expect(b.approvalTitle).toContain('Team leader');
    expect((await call('designer', 'GET', `/api/cases/${a.caseId}`)).body.policyVersion).toEqual({ id: before.id, version: before.version, key: 'disconnection' });
    expect((await call('designer', 'GET', `/api/cases/${b.caseId}`)).body.policyVersion).toEqual({ id: published.body.id, version: published.body.version, key: 'disconnection' });
  });
});
