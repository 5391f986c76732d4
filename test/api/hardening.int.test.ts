import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, Connection } from '@temporalio/client';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { createApp } from '../../api/app';
import { issueServiceToken } from '../../api/service-tokens';
import { connect } from '../../db/connection';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { ROLES } from '../../domain/permissions';
import { createTestDatabase, TestDatabase } from '../support/database';
import { listen } from '../support/http';
import { createTimeSkippingEnv } from '../support/temporal';

/**
 * Hostile and unlucky requests (issue 8, bugs 2-4 and part of 10): each gets a clear 4xx,
 * stores nothing, and never a 500.
 */
const PASSWORD = 'hardening-password-1';
const INT4_OVER = 2 ** 31;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
let cookie: string;
let bossId: number;
let caseId: number;
let taskId: number;
const quiet = { error() {}, warn() {} };

type Answer = { status: number; body: any; headers: Headers };

async function request(baseUrl: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: kept as text for the assertion message.
  }
  return { status: res.status, body, headers: res.headers };
}

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => request(api.baseUrl, method, path, { body, headers: { cookie, ...headers } });

const login = (baseUrl: string, username: string, password: string, headers: Record<string, string> = {}) => request(baseUrl, 'POST', '/api/auth/login', { body: { username, password }, headers });

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  bossId = await insertUser(t.db, { username: 'boss', roles: [...ROLES], password: PASSWORD });
  await insertUser(t.db, { username: 'victim', roles: ['collector'], password: PASSWORD });
  const customer = await insertCustomer(t.db, { customerNo: 'H-1', supplyStatus: 'disconnected', segment: { code: 'SEG-H' } });
  [{ id: caseId }] = await t.db('cases').insert({ type: 'reconnection', title: 'hardening', customer_id: customer.customerId, workflow_id: 'wf-h', workflow_run_id: 'run-h' }).returning('id');
  [{ id: taskId }] = await t
    .db('tasks')
    .insert({ case_id: caseId, workflow_id: 'wf-h', workflow_run_id: 'run-h', step: 'manual-reconnection', step_seq: 1, title: 'hardening', candidate_roles: ['collector'], due_at: new Date(Date.now() + 3600_000), routing_reason: 'test' })
    .returning('id');
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: quiet }));
  const res = await login(api.baseUrl, 'boss', PASSWORD);
  expect(res.status).toBe(200);
  cookie = res.headers.get('set-cookie')!.split(';')[0]!;
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
  await t?.drop();
});

/** A separate app: its login counters start at zero and do not lock out the other tests. */
async function freshApi(options: { trustProxy?: string } = {}) {
  return listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: quiet, ...options }));
}

describe('login rate limit (bug 2)', () => {
  it('lets at most 5 of 40 parallel wrong passwords through to a password check', async () => {
    const own = await freshApi();
    try {
      const statuses = (await Promise.all(Array.from({ length: 40 }, () => login(own.baseUrl, 'victim', 'wrong-password')))).map((r) => r.status);
      expect(count(statuses, 401)).toBeLessThanOrEqual(5);
      expect(count(statuses, 429)).toBe(40 - count(statuses, 401));
      // The right password is refused too until the window passes.
      expect((await login(own.baseUrl, 'victim', PASSWORD)).status).toBe(429);
    } finally {
      await own.close();
    }
  });

  it('limits one address across usernames', async () => {
    const own = await freshApi();
    try {
      const statuses = (await Promise.all(Array.from({ length: 30 }, (_, i) => login(own.baseUrl, `nobody-${i}`, 'wrong-password')))).map((r) => r.status);
      expect(count(statuses, 401)).toBe(20);
      expect(count(statuses, 429)).toBe(10);
      const blocked = await login(own.baseUrl, 'boss', PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    } finally {
      await own.close();
    }
  });

  it('a right password does not use up the address budget', async () => {
    const own = await freshApi();
    try {
      for (let i = 0; i < 21; i++) expect((await login(own.baseUrl, 'boss', PASSWORD)).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('ignores X-Forwarded-For unless a proxy is configured', async () => {
    const own = await freshApi();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await login(own.baseUrl, 'victim', 'wrong-password', { 'x-forwarded-for': `10.0.0.${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await own.close();
    }
    const proxied = await freshApi({ trustProxy: 'loopback' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await login(proxied.baseUrl, 'victim', 'wrong-password', { 'x-forwarded-for': `10.0.0.${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    } finally {
      await proxied.close();
    }
  });
});

const LISTS = ['/api/tasks', '/api/cases', '/api/customers', '/api/work_orders', '/api/outbox', '/api/events', '/api/users', '/api/service_tokens', '/api/segments', '/api/payments', '/api/disconnection_outcomes'];

describe('prototype names (bug 3)', () => {
  const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
  it.each(LISTS)('%s refuses prototype names in sort and filter with 400', async (path) => {
    const must = path === '/api/disconnection_outcomes' ? { caseId } : {};
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const sorted = await call('GET', `${path}?sort=${q([name, 'ASC'])}&filter=${q(must)}`);
      expect([path, name, sorted.status, sorted.body?.error?.code]).toEqual([path, name, 400, 'INVALID_QUERY']);
      // Written by hand: JSON.stringify would drop an own "__proto__" key.
      const filter = `{${JSON.stringify(name)}:{"x":1}${path.endsWith('outcomes') ? `,"caseId":${caseId}` : ''}}`;
      const filtered = await call('GET', `${path}?filter=${encodeURIComponent(filter)}`);
      expect([path, name, filtered.status, filtered.body?.error?.code]).toEqual([path, name, 400, 'INVALID_QUERY']);
    }
  });

  it('answers 404 for a setting named like a prototype member and records nothing', async () => {
    for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const res = await call('PUT', `/api/settings/${key}`, { value: { a: 1 } });
      expect([key, res.status]).toEqual([key, 404]);
      expect([key, (await call('GET', `/api/settings/${key}`)).status]).toEqual([key, 404]);
    }
    expect(await t.db('events').where({ type: 'setting.changed' }).count({ n: '*' }).first()).toEqual({ n: '0' });
  });
});

describe('errors that carry a status (bug 4)', () => {
  it('answers 415 for an unknown charset or content encoding', async () => {
    const charset = await request(api.baseUrl, 'POST', '/api/auth/login', { raw: '{"username":"boss","password":"x"}', headers: { 'content-type': 'application/json; charset=latin-9' } });
    expect([charset.status, charset.body.error.code]).toEqual([415, 'UNSUPPORTED_CHARSET']);
    const encoding = await request(api.baseUrl, 'POST', '/api/auth/login', { raw: '{"username":"boss","password":"x"}', headers: { 'content-encoding': 'bogus' } });
    expect([encoding.status, encoding.body.error.code]).toEqual([415, 'UNSUPPORTED_ENCODING']);
  });

  it('answers 400 for a path parameter that is not UTF-8 percent-encoding', async () => {
    const res = await call('GET', '/api/customers/by-number/%ff');
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_PATH']);
  });

  it('treats a malformed session cookie as no session, so login still works', async () => {
    const me = await request(api.baseUrl, 'GET', '/api/auth/me', { headers: { cookie: 'gf_session=%ff' } });
    expect([me.status, me.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const res = await request(api.baseUrl, 'POST', '/api/auth/login', { body: { username: 'boss', password: PASSWORD }, headers: { cookie: 'gf_session=%E0%A4%A' } });
    expect(res.status).toBe(200);
  });

  it('refuses ranges and ids the database cannot hold', async () => {
    for (const range of ['[10000000000000000000,10000000000000000000]', '[9007199254740993,9007199254740994]']) {
      const res = await call('GET', `/api/customers?range=${encodeURIComponent(range)}`);
      expect([range, res.status]).toEqual([range, 400]);
    }
    for (const path of [`/api/customers/${INT4_OVER}`, `/api/cases/${INT4_OVER}`, `/api/users/${INT4_OVER}`, `/api/tasks/${INT4_OVER}`, '/api/outbox/99999999999999999999']) {
      const res = await call('GET', path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect((await call('PUT', `/api/customers/${INT4_OVER}`, { remoteReconnectEligible: true })).status).toBe(404);
  });

  it('refuses id filters the database cannot hold with 400', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [];
    for (const bad of [1.5, 'Infinity', '1.5', INT4_OVER, String(INT4_OVER), -1, 'abc']) {
      cases.push(['/api/tasks', { caseId: bad }], ['/api/events', { caseId: bad }], ['/api/disconnection_outcomes', { caseId: bad }], ['/api/segments', { collectorUserId: bad }]);
    }
    cases.push(['/api/customers', { arrearsAbove: 1e300 }], ['/api/customers', { arrearsAbove: '1e20' }]);
    for (const [path, filter] of cases) {
      const res = await call('GET', `${path}?filter=${encodeURIComponent(JSON.stringify(filter))}`);
      expect([path, filter, res.status, res.body?.error?.code]).toEqual([path, filter, 400, 'INVALID_QUERY']);
    }
  });

  it('refuses a bad supervisorId or userId with 400 and stores nothing', async () => {
    const before = await t.db('users').count({ n: '*' }).first();
    for (const supervisorId of ['abc', 1.5, INT4_OVER, 999_999, 'Infinity']) {
      const created = await call('POST', '/api/users', { username: `sup-${String(supervisorId).toLowerCase().replace(/[^a-z0-9]/g, '')}`, displayName: 'x', roles: ['collector'], password: PASSWORD, supervisorId });
      expect([supervisorId, created.status]).toEqual([supervisorId, 400]);
      const updated = await call('PUT', `/api/users/${bossId}`, { supervisorId });
      expect([supervisorId, updated.status]).toEqual([supervisorId, 400]);
      const assigned = await call('POST', `/api/tasks/${taskId}/assign`, { userId: supervisorId });
      expect([supervisorId, assigned.status]).toEqual([supervisorId, 400]);
    }
    expect(await t.db('users').count({ n: '*' }).first()).toEqual(before);
  });

  it('answers 5 parallel creations of one username with one 201 and four 409', async () => {
    const body = { username: 'twin', displayName: 'Twin', roles: ['collector'], password: PASSWORD };
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => call('POST', '/api/users', body)))).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
  });
});

describe('lower items (10)', () => {
  it('answers an empty page with a Content-Range that names the total', async () => {
    const res = await call('GET', `/api/work_orders?filter=${encodeURIComponent('{"state":"failed"}')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(res.headers.get('content-range')).toBe('work_orders */0');
    // react-admin's simple REST provider reads the total after the slash.
    const { default: simpleRestProvider } = await import('ra-data-simple-rest');
    const provider = simpleRestProvider(`${api.baseUrl}/api`, async (url: string) => {
      const r = await fetch(url, { headers: { cookie } });
      const text = await r.text();
      return { status: r.status, headers: r.headers, body: text, json: JSON.parse(text) };
    });
    const list = await provider.getList('work_orders', { pagination: { page: 1, perPage: 25 }, sort: { field: 'openedAt', order: 'DESC' }, filter: { state: 'failed' } });
    expect(list).toEqual({ data: [], total: 0 });
  });

  it('reports each dependency of /api/health and answers 503 when one is down', async () => {
    const up = await request(api.baseUrl, 'GET', '/api/health');
    expect([up.status, up.body]).toEqual([200, { ok: true, dependencies: { database: 'up', temporal: 'up' } }]);

    const deadDb = connect('postgres://postgres:postgres@127.0.0.1:1/nothing');
    const noDb = await listen(createApp({ db: deadDb, temporal: env.client, gateway: outboxOnlyGateway, log: quiet }));
    try {
      const down = await request(noDb.baseUrl, 'GET', '/api/health');
      expect([down.status, down.body]).toEqual([503, { ok: false, dependencies: { database: 'down', temporal: 'up' } }]);
    } finally {
      await noDb.close();
      await deadDb.destroy();
    }

    const deadTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const noTemporal = await listen(createApp({ db: t.db, temporal: deadTemporal, gateway: outboxOnlyGateway, log: quiet }));
    try {
      const down = await request(noTemporal.baseUrl, 'GET', '/api/health');
      expect([down.status, down.body]).toEqual([503, { ok: false, dependencies: { database: 'up', temporal: 'down' } }]);
    } finally {
      await noTemporal.close();
    }
  });

  it('sends security headers on every response and no-store on the API', async () => {
    for (const res of [await request(api.baseUrl, 'GET', '/api/health'), await call('GET', '/api/customers'), await call('GET', '/api/nothing-here')]) {
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('refuses a state change with a session cookie from another origin', async () => {
    const value = (await call('GET', '/api/settings/reconnection')).body.value;
    const foreign = await call('PUT', '/api/settings/reconnection', { value }, { origin: 'https://evil.example' });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'BAD_ORIGIN']);
    expect((await call('PUT', '/api/settings/reconnection', { value }, { origin: 'null' })).status).toBe(403);
    expect(await t.db('events').where({ type: 'setting.changed' }).count({ n: '*' }).first()).toEqual({ n: '0' });
    // The same origin, or no Origin header at all (curl, scripts), is served.
    expect((await call('PUT', '/api/settings/reconnection', { value }, { origin: api.baseUrl })).status).toBe(200);
    expect((await call('PUT', '/api/settings/reconnection', { value })).status).toBe(200);
    // Reading is not a state change; a machine with a service token is not a browser session.
    expect((await call('GET', '/api/settings/reconnection', undefined, { origin: 'https://evil.example' })).status).toBe(200);
    const token = await issueServiceToken(t.db, 'bank');
    const machine = await request(api.baseUrl, 'POST', '/api/payments', { body: {}, headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } });
    expect(machine.status).toBe(400);
  });

  it('refuses a settings PUT without a value instead of resetting to defaults', async () => {
    const before = await t.db('events').where({ type: 'setting.changed' }).count({ n: '*' }).first();
    for (const body of [{ value: null }, { value: {} }, {}]) {
      const res = await request(api.baseUrl, 'PUT', '/api/settings/disconnection', { raw: JSON.stringify(body), headers: { cookie } });
      expect([body, res.status, res.body.error.code]).toEqual([body, 400, 'INVALID_SETTING']);
    }
    expect(await t.db('events').where({ type: 'setting.changed' }).count({ n: '*' }).first()).toEqual(before);
  });
});
