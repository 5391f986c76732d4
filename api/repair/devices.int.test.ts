import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { DEVICE_CUSTOMERS_MAX } from '../../domain/contracts/repair-devices';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { contractClient, listen, sessionCookie } from '../../test/support/http';
import { createApp } from '../app';
import { issueServiceToken } from '../service-tokens';

// The alarm map (告警映射): designers keep which category, place and customers a device stands for.
// Alarms opening orders from it (one or several customers) are in api/repair/repair.int.test.ts.
const PASSWORD = 'devices-password-1';
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
let designer = 0;
const customers = { a: 0, b: 0 };
const cookies = { designer: '', dispatcher: '', crew: '' };
let monitoring = '';
const call = contractClient(() => api.baseUrl);

beforeAll(async () => {
  t = await createTestDatabase();
  designer = await insertUser(t.db, { username: 'designer', displayName: '赵设计', roles: ['designer'], password: PASSWORD });
  await insertUser(t.db, { username: 'dispatcher', displayName: '王调度', roles: ['dispatcher'], password: PASSWORD });
  await insertUser(t.db, { username: 'crew', displayName: '李维修', roles: ['crew'], password: PASSWORD });
  customers.a = (await insertCustomer(t.db, { customerNo: 'DV-1', name: '甲户', phone: '13800005001' })).customerId;
  customers.b = (await insertCustomer(t.db, { customerNo: 'DV-2', name: '乙户', phone: '13800005002' })).customerId;
  // Refusals come before any workflow starts: a client that never connects will do.
  api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const name of ['designer', 'dispatcher', 'crew'] as const) cookies[name] = await sessionCookie(api.baseUrl, name, PASSWORD);
  monitoring = await issueServiceToken(t.db, 'monitoring');
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

type Who = keyof typeof cookies;
const create = (body: unknown, who: Who = 'designer') => call('post', '/api/repair_devices', '/api/repair_devices', { cookie: cookies[who] }, body);
const update = (deviceId: string, body: unknown, who: Who = 'designer') => call('put', '/api/repair_devices/{deviceId}', `/api/repair_devices/${encodeURIComponent(deviceId)}`, { cookie: cookies[who] }, body);
const show = (deviceId: string, who: Who = 'designer') => call('get', '/api/repair_devices/{deviceId}', `/api/repair_devices/${encodeURIComponent(deviceId)}`, { cookie: cookies[who] });
const list = (filter: object, who: Who = 'designer') => call('get', '/api/repair_devices', `/api/repair_devices?filter=${encodeURIComponent(JSON.stringify(filter))}`, { cookie: cookies[who] });
const stored = async () => ({
  devices: Number((await t.db('repair_devices').count('* as n').first())!.n),
  links: Number((await t.db('repair_device_customers').count('* as n').first())!.n),
  events: Number((await t.db('events').where({ type: 'repair.device_saved' }).count('* as n').first())!.n),
});

describe('the alarm map', () => {
  it('adds a device standing for two customers, in the designer’s order, by name, with its event', async () => {
    const added = await create({ deviceId: 'TX-7', category: 'outage-area', place: '  幸福路 7 号配变 ', customerIds: [customers.b, customers.a] });
    expect(added).toMatchObject({
      status: 201,
      body: {
        id: 'TX-7',
        category: 'outage-area',
        place: '幸福路 7 号配变',
        customerIds: [customers.b, customers.a],
        customers: [{ id: customers.b, customerNo: 'DV-2', name: '乙户' }, { id: customers.a, customerNo: 'DV-1', name: '甲户' }],
        active: true,
        openOrders: 0,
        updatedByName: '赵设计',
      },
    });
    const [event] = await t.db('events').where({ type: 'repair.device_saved' }).whereRaw("data->>'deviceId' = 'TX-7'").select('actor', 'customer_id', 'data');
    expect(event).toEqual({ actor: `user:${designer}`, customer_id: customers.b, data: { deviceId: 'TX-7', created: true, category: 'outage-area', place: '幸福路 7 号配变', customerIds: [customers.b, customers.a] } });
    expect((await show('TX-7', 'dispatcher')).body.customers.map((c: { name: string }) => c.name)).toEqual(['乙户', '甲户']);
  });

  it('changes the customers and place; the event says what changed; a form sending the record back unchanged writes nothing', async () => {
    await create({ deviceId: 'TX-8', category: 'line-down', place: '和平路线', customerIds: [customers.a] });
    const changed = await update('TX-8', { place: '和平路 10kV 线', customerIds: [customers.a, customers.b] });
    expect(changed).toMatchObject({ status: 200, body: { place: '和平路 10kV 线', customerIds: [customers.a, customers.b] } });
    const events = () => t.db('events').where({ type: 'repair.device_saved' }).whereRaw("data->>'deviceId' = 'TX-8'").orderBy('id').select('data');
    expect((await events()).at(-1)!.data).toEqual({ deviceId: 'TX-8', created: false, place: '和平路 10kV 线', customerIds: [customers.a, customers.b], customerIdsBefore: [customers.a] });
    const before = await stored();
    // react-admin sends the whole record, read-only fields included.
    expect(await update('TX-8', changed.body)).toMatchObject({ status: 200 });
    expect(await stored()).toEqual(before);
    expect(await events()).toHaveLength(2);
  });

  it('lists by place, category, customer and state', async () => {
    await create({ deviceId: 'SW-1', category: 'line-sparking', place: '开闭所 1', customerIds: [] });
    const ids = async (filter: object) => ((await list(filter)).body as Array<{ id: string }>).map((d) => d.id).sort();
    expect(await ids({ q: '开闭所' })).toEqual(['SW-1']);
    expect(await ids({ category: 'line-down' })).toEqual(['TX-8']);
    expect(await ids({ customerId: customers.b })).toEqual(['TX-7', 'TX-8']);
    expect(await ids({ active: false })).toEqual([]);
  });

  it('retires a device: its alarms are then refused and nothing is recorded', async () => {
    await create({ deviceId: 'TX-9', category: 'outage-area', place: '九号配变', customerIds: [customers.a] });
    expect(await update('TX-9', { active: false })).toMatchObject({ status: 200, body: { active: false } });
    const alarms = Number((await t.db('repair_alarms').count('* as n').first())!.n);
    const res = await fetch(`${api.baseUrl}/api/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${monitoring}` },
      body: JSON.stringify({ deviceId: 'TX-9', alarmCode: 'E-OVERLOAD', severity: 'major', raisedAt: new Date().toISOString() }),
    });
    expect({ status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code }).toEqual({ status: 422, code: 'DEVICE_RETIRED' });
    expect(Number((await t.db('repair_alarms').count('* as n').first())!.n)).toBe(alarms);
    expect(await t.db('repair_orders').where({ device_id: 'TX-9' })).toEqual([]);
  });

  it.each([
    ['an unknown category', { deviceId: 'BAD-1', category: 'no-such', place: '某处' }, 400, 'UNKNOWN_CATEGORY'],
    ['a parent category, not a leaf', { deviceId: 'BAD-2', category: 'outage', place: '某处' }, 400, 'UNKNOWN_CATEGORY'],
    ['a customer that does not exist', { deviceId: 'BAD-3', category: 'outage-area', place: '某处', customerIds: [2_000_000_000] }, 422, 'CUSTOMER_NOT_FOUND'],
    ['a customer named twice', { deviceId: 'BAD-4', category: 'outage-area', place: '某处', customerIds: [1, 1] }, 400, 'INVALID_DEVICE'],
    ['too many customers', { deviceId: 'BAD-5', category: 'outage-area', place: '某处', customerIds: Array.from({ length: DEVICE_CUSTOMERS_MAX + 1 }, (_, i) => i + 1) }, 400, 'INVALID_DEVICE'],
    ['an id past int4', { deviceId: 'BAD-6', category: 'outage-area', place: '某处', customerIds: [2 ** 31] }, 400, 'INVALID_DEVICE'],
    ['a device id with a slash', { deviceId: 'TX/1', category: 'outage-area', place: '某处' }, 400, 'INVALID_DEVICE'],
    ['a NUL in the place', { deviceId: 'BAD-7', category: 'outage-area', place: '某\u0000处' }, 400, 'UNSTORABLE_TEXT'],
    ['a lone surrogate in the place', { deviceId: 'BAD-8', category: 'outage-area', place: '某\ud800处' }, 400, 'UNSTORABLE_TEXT'],
    ['an empty place', { deviceId: 'BAD-9', category: 'outage-area', place: '   ' }, 400, 'INVALID_DEVICE'],
    ['a prototype name as a field', JSON.parse('{"deviceId":"BAD-10","category":"outage-area","place":"某处","__proto__":{"active":false}}'), 400, 'INVALID_DEVICE'],
    ['a device already in the map', { deviceId: 'TX-7', category: 'outage-area', place: '重复' }, 409, 'DEVICE_EXISTS'],
  ])('refuses %s and stores nothing', async (_name, body, status, code) => {
    const before = await stored();
    const res = await create(body);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(await stored()).toEqual(before);
  });

  it('refuses a bad change and keeps the device as it was', async () => {
    const before = (await show('TX-7')).body;
    for (const [body, code] of [
      [{ category: 'no-such' }, 'UNKNOWN_CATEGORY'],
      [{ customerIds: [customers.a, 2_000_000_000] }, 'CUSTOMER_NOT_FOUND'],
      [{ place: 'x'.repeat(201) }, 'INVALID_DEVICE'],
      [{ active: 'no' }, 'INVALID_DEVICE'],
    ] as const) {
      expect((await update('TX-7', body)).body.error.code).toBe(code);
    }
    expect((await show('TX-7')).body).toEqual(before);
    expect((await update('NO-SUCH', { place: '某处' })).status).toBe(404);
    expect((await show('..')).status).toBe(404);
  });

  it("lets a designer read the category tree and name the chosen customers by id (the form's getMany)", async () => {
    expect((await fetch(`${api.baseUrl}/api/repair_categories`, { headers: { cookie: cookies.designer } })).status).toBe(200);
    const chosen = await call('get', '/api/customers', `/api/customers?filter=${encodeURIComponent(JSON.stringify({ id: [customers.b, customers.a] }))}`, { cookie: cookies.designer });
    expect((chosen.body as Array<{ name: string }>).map((c) => c.name).sort()).toEqual(['乙户', '甲户'].sort());
    const bad = await fetch(`${api.baseUrl}/api/customers?filter=${encodeURIComponent(JSON.stringify({ id: ['1; DROP TABLE customers'] }))}`, { headers: { cookie: cookies.designer } });
    expect(bad.status).toBe(400);
  });

  it('lets dispatchers read the map but only designers change it', async () => {
    expect((await list({}, 'dispatcher')).status).toBe(200);
    expect((await create({ deviceId: 'DSP-1', category: 'outage-area', place: '某处' }, 'dispatcher')).status).toBe(403);
    expect((await update('TX-7', { place: '某处' }, 'dispatcher')).status).toBe(403);
    expect((await list({}, 'crew')).status).toBe(403);
  });
});
