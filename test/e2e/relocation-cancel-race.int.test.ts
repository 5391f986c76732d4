import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { addDays, chinaDate } from '../../domain/relocation/appointment';
import { createTestDatabase, TestDatabase } from '../support/database';
import { RunningGridflow, startGridflow } from '../support/gridflow';
import { listen, sessionCookie } from '../support/http';
import { createLocalEnv } from '../support/temporal';

// A clerk cancels a relocation order the moment it is accepted, while its workflow is still
// handing out its first activities. On the time-skipping test server such an Update was seen to
// hang (the permission matrix waits for the payment task because of it); here, on the Temporal
// dev server with the central worker running, every cancellation must answer and release the
// number and the seat.
const PASSWORD = 'race-password-1';
const ORDERS = 5;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
let cookie = '';

beforeAll(async () => {
  [env, t] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  await insertUser(t.db, { username: 'clerk', displayName: '刘营业', roles: ['clerk'], password: PASSWORD });
  await t.db('exchanges').insert([{ code: 'DC', name: '东城局' }]);
  await t.db('exchange_addresses').insert({ address_prefix: '建设路', exchange_code: 'DC' });
  await t.db('install_teams').insert({ code: 'T-DC', name: '东城装机班', exchange_code: 'DC' });
  for (let i = 0; i < ORDERS; i++) {
    const serviceNo = `6510700${i}`;
    const { customerId, accountNo } = await insertCustomer(t.db, { customerNo: `RACE-${i}`, name: `客户${i}` });
    await t.db('service_accounts').insert({ service_no: serviceNo, customer_id: customerId, account_relation: accountNo, pricing_plan: 'residential-basic', line_type: 'A', exchange_code: 'DC', address: '建设路 1 号' });
    await t.db('phone_numbers').insert({ number: serviceNo, exchange_code: 'DC', state: 'in_use', service_no: serviceNo });
  }
  gridflow = await startGridflow({ env, db: t.db, meters: [] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  cookie = await sessionCookie(api.baseUrl, 'clerk', PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

const post = (path: string, body: unknown) => fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Fails instead of hanging: the point of the test is that the answer comes. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

it('answers a cancellation sent the moment an order is accepted, every time', async () => {
  const date = addDays(chinaDate(Date.now()), 1);
  for (let i = 0; i < ORDERS; i++) {
    const accepted = await post('/api/relocations', {
      serviceNo: `6510700${i}`,
      newAddress: '建设路 8 号',
      appointment: { teamCode: 'T-DC', date, slot: i % 2 ? 'pm' : 'am' },
      contactName: '王小明',
      contactPhone: '13800000001',
      realName: { holder: 'person', document: { type: 'resident_id', number: '11010519491231002X' } },
    });
    expect(accepted.status).toBe(201);
    const { id, orderNo } = (await accepted.json()) as { id: number; orderNo: string };
    const cancelled = await within(20_000, `cancel of ${orderNo}`, post(`/api/relocations/${id}/cancel`, { reason: '客户取消' }));
    expect([orderNo, cancelled.status]).toEqual([orderNo, 200]);
    expect(await t.db('relocation_orders').where({ id }).first('state')).toEqual({ state: 'cancelled' });
    expect(await t.db('relocation_bookings').where({ order_id: id }).first()).toBeUndefined();
  }
  // Nothing left waiting: no open payment task of a cancelled order.
  expect(await t.db('tasks').where({ step: 'relocation-payment', state: 'open' })).toEqual([]);
});
