import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { listen, sessionCookie } from '../../test/support/http';
import { createApp } from '../app';

// Four eyes in the inbox: a task that excludes a person (the relocation audit excludes the clerk
// who accepted the order) is not offered to them, even when one of their roles is a candidate.
// The inbox listed it anyway, beside work they could actually do.
const PASSWORD = 'scope-password-1';

let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
const cookies: Record<string, string> = {};
const people = {} as Record<'clerk' | 'checker', number>;
let audit: number;
let other: number;

async function insertTask(excluded: number[]): Promise<number> {
  const [{ id: caseId }] = await t.db('cases').insert({ type: 'relocation', title: 'order', workflow_id: `relocation-${excluded.length}`, workflow_run_id: `run-${excluded.length}` }).returning('id');
  const [{ id }] = await t.db('tasks')
    .insert({
      case_id: caseId,
      workflow_id: `relocation-${excluded.length}`,
      workflow_run_id: `run-task-${excluded.length}`,
      step: 'relocation-audit',
      step_seq: 1,
      title: '稽核',
      candidate_roles: ['checker'],
      excluded_user_ids: excluded,
      due_at: new Date(Date.now() + 3_600_000),
      routing_reason: 'test',
    })
    .returning('id');
  return Number(id);
}

beforeAll(async () => {
  t = await createTestDatabase();
  // The clerk who accepted the order also holds the checker's role; a second checker does not.
  people.clerk = await insertUser(t.db, { username: 'clerk', displayName: '营业员兼稽核', roles: ['clerk', 'checker'], password: PASSWORD });
  people.checker = await insertUser(t.db, { username: 'checker', displayName: '稽核员', roles: ['checker'], password: PASSWORD });
  audit = await insertTask([people.clerk]);
  other = await insertTask([]);
  api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of ['clerk', 'checker']) cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const get = (who: string, path: string) => fetch(`${api.baseUrl}${path}`, { headers: { cookie: cookies[who]! } });

async function inbox(who: string): Promise<number[]> {
  const res = await get(who, `/api/tasks?sort=${encodeURIComponent('["id","ASC"]')}&range=[0,24]`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Array<{ id: number }>).map((task) => task.id);
}

describe('a task that excludes a person', () => {
  it('is not in their inbox, though their role is a candidate; it is in the other checker’s', async () => {
    expect(await inbox('clerk')).toEqual([other]);
    expect(await inbox('checker')).toEqual([audit, other]);
  });

  it('is not counted among their open tasks on the dashboard', async () => {
    const queue = async (who: string) => {
      const res = await get(who, '/api/dashboard');
      expect(res.status).toBe(200);
      return ((await res.json()) as { queue: { open: number } }).queue.open;
    };
    expect(await queue('clerk')).toBe(1);
    expect(await queue('checker')).toBe(2);
  });

  it('can still be opened by its link (the process explains the refusal when they complete it)', async () => {
    expect((await get('clerk', `/api/tasks/${audit}`)).status).toBe(200);
    expect((await get('checker', `/api/tasks/${audit}`)).status).toBe(200);
  });
});
