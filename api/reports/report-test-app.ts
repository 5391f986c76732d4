import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertUser } from '../../db/seeds/users';
import type { Role } from '../../domain/permissions';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { listen, sessionCookie } from '../../test/support/http';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { createApp } from '../app';
import { ReportFixtures, seedReportFixtures } from './report-fixtures';

const PASSWORD = 'a-report-reader-password';

/** The API on a fresh database seeded with the report fixtures, and a session per role asked for. */
export interface ReportTestApp {
  t: TestDatabase;
  fixtures: ReportFixtures;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the answers by path, as JSON
  get(path: string, role?: Role): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  close(): Promise<void>;
}

export async function startReportTestApp(roles: Role[] = ['auditor']): Promise<ReportTestApp> {
  const [env, t]: [TestWorkflowEnvironment, TestDatabase] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  const ids = new Map<Role, number>();
  for (const role of roles) ids.set(role, await insertUser(t.db, { username: role, roles: [role], password: PASSWORD }));
  const fixtures = await seedReportFixtures(t.db, ids.get(roles[0]!)!);
  const api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  const cookies = new Map<Role, string>();
  for (const role of roles) cookies.set(role, await sessionCookie(api.baseUrl, role, PASSWORD));
  return {
    t,
    fixtures,
    async get(path, role = roles[0]!) {
      const res = await fetch(`${api.baseUrl}${path}`, { headers: { cookie: cookies.get(role)! } });
      // The bytes as sent: a leading byte-order mark is kept, not eaten as res.text() would.
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
      return { status: res.status, body: json, headers: res.headers, text };
    },
    async close() {
      await api.close();
      await env.teardown();
      await t.drop();
    },
  };
}
