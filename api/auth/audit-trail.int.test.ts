import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { verifyChain } from '../../db/audit/chain';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { listen, sessionCookie } from '../../test/support/http';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { createApp } from '../app';

const PASSWORD = 'an-audited-password';
let env: TestWorkflowEnvironment;
let t: TestDatabase;
let api: { baseUrl: string; close(): Promise<void> };
let cashierId: number;

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  cashierId = await insertUser(t.db, { username: 'cashier', roles: ['cashier'], password: PASSWORD });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
});
afterAll(async () => {
  await api?.close();
  await env?.teardown();
  await t?.drop();
});

const post = (path: string, body: unknown, cookie = '') =>
  fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: api.baseUrl, cookie }, body: JSON.stringify(body) });

describe('who came in and what they were refused, on the audit trail', () => {
  it('records failed logins, the login, a refused request and the logout, on an intact chain', async () => {
    expect((await post('/api/auth/login', { username: 'cashier', password: 'wrong' })).status).toBe(401);
    expect((await post('/api/auth/login', { username: 'nobody', password: 'wrong' })).status).toBe(401);
    const cookie = await sessionCookie(api.baseUrl, 'cashier', PASSWORD);
    const refused = await fetch(`${api.baseUrl}/api/users`, { headers: { cookie } });
    expect(refused.status).toBe(403);
    expect((await post('/api/auth/logout', {}, cookie)).status).toBe(204);

    const events = await t.db('events').orderBy('seq').select('type', 'actor', 'data');
    expect(events).toEqual([
      { type: 'user.login_failed', actor: `user:${cashierId}`, data: expect.objectContaining({ username: 'cashier', knownUser: true }) },
      { type: 'user.login_failed', actor: 'anonymous', data: expect.objectContaining({ username: 'nobody', knownUser: false }) },
      { type: 'user.login', actor: `user:${cashierId}`, data: expect.objectContaining({ ip: expect.any(String) }) },
      { type: 'access.refused', actor: `user:${cashierId}`, data: { resource: 'users', action: 'list', method: 'GET', path: '/api/users' } },
      { type: 'user.logout', actor: `user:${cashierId}`, data: expect.objectContaining({ ip: expect.any(String) }) },
    ]);
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, checked: 5 });
  });
});
