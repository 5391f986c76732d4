import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertUser } from '../../db/seeds/users';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { contractClient, listen, sessionCookie } from '../../test/support/http';
import { createApp } from '../app';

// The crews a dispatcher sends orders to (GET /api/repair_teams): members by name and the load.
// Dispatching to a crew, and its members accepting, is in workflows/repair/workflow.int.test.ts.
const PASSWORD = 'teams-password-1';
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
const cookies = { dispatcher: '', cashier: '' };
const people = { zhao: 0, li: 0, gone: 0, clerk: 0, loner: 0 };
const call = contractClient(() => api.baseUrl);
let orders = 0;

/** An order as intake stores it, dispatched as given. */
async function order(values: { crew_code?: string; crew_user_id?: number; state?: 'open' | 'closed' }) {
  orders++;
  await t.db('repair_orders').insert({ order_no: `TEAM-${orders}`, source: 'agent', category: 'meter-box', description: '表箱冒烟', place: '幸福路 1 号', priority: 'normal', workflow_id: `team-test-${orders}`, ...values });
}

beforeAll(async () => {
  t = await createTestDatabase();
  await insertUser(t.db, { username: 'dispatcher', displayName: '王调度', roles: ['dispatcher'], password: PASSWORD });
  await insertUser(t.db, { username: 'cashier', roles: ['cashier'], password: PASSWORD });
  people.zhao = await insertUser(t.db, { username: 'zhao', displayName: '赵维修', roles: ['crew'] });
  people.li = await insertUser(t.db, { username: 'li', displayName: '李维修', roles: ['crew'] });
  people.gone = await insertUser(t.db, { username: 'gone', displayName: '钱离职', roles: ['crew'] });
  await t.db('users').where({ id: people.gone }).update({ active: false });
  // A member who is no longer crew (moved to the front desk): not offered orders.
  people.clerk = await insertUser(t.db, { username: 'former-crew', displayName: '孙营业', roles: ['clerk'] });
  people.loner = await insertUser(t.db, { username: 'loner', displayName: '周维修', roles: ['crew'] });
  await t.db('repair_crews').insert([
    { code: 'east', name: '城东抢修班' },
    { code: 'west', name: '城西抢修班' },
    { code: 'old', name: '老城抢修班', active: false },
  ]);
  await t.db('repair_crew_members').insert([
    { crew_code: 'east', user_id: people.zhao },
    { crew_code: 'east', user_id: people.li },
    { crew_code: 'east', user_id: people.gone },
    { crew_code: 'west', user_id: people.clerk },
    { crew_code: 'old', user_id: people.zhao },
  ]);
  api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of ['dispatcher', 'cashier'] as const) cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

describe('GET /api/repair_teams', () => {
  it('answers each active crew with its active members by name and its open orders, those of its members included, each once', async () => {
    await order({ crew_code: 'east' }); // awaiting a member's acceptance
    await order({ crew_code: 'east', crew_user_id: people.li }); // accepted by a member: still one order
    await order({ crew_user_id: people.zhao }); // dispatched to a member in person
    await order({ crew_user_id: people.gone }); // to a member who has left since
    await order({ crew_code: 'east', crew_user_id: people.zhao, state: 'closed' }); // closed: no load
    await order({ crew_user_id: people.loner }); // someone in no crew
    await order({});

    const teams = await call('get', '/api/repair_teams', '/api/repair_teams', { cookie: cookies.dispatcher });
    expect(teams.status).toBe(200);
    expect(teams.body).toEqual([
      { code: 'east', name: '城东抢修班', members: [{ id: people.li, name: '李维修' }, { id: people.zhao, name: '赵维修' }], openOrders: 4 },
      // Nobody active with the crew role: a dispatcher cannot send it an order.
      { code: 'west', name: '城西抢修班', members: [], openOrders: 0 },
    ]);
    // People stay on GET /api/repair_crews, with their own load.
    const crews = await call('get', '/api/repair_crews', '/api/repair_crews', { cookie: cookies.dispatcher });
    expect(crews.body).toEqual(expect.arrayContaining([{ id: people.zhao, name: '赵维修', openOrders: 1 }, { id: people.li, name: '李维修', openOrders: 1 }]));
  });

  it('is for those who list repair orders', async () => {
    expect((await call('get', '/api/repair_teams', '/api/repair_teams', { cookie: cookies.cashier })).status).toBe(403);
    expect((await call('get', '/api/repair_teams', '/api/repair_teams', {})).status).toBe(401);
  });
});
