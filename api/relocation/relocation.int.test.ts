import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import { addDays, chinaDate } from '../../domain/relocation/appointment';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { contractClient, listen, sessionCookie } from '../../test/support/http';
import { createTimeSkippingEnv, workflowBundle } from '../../test/support/temporal';
import { createCentralWorker } from '../../workers/central';
import { relocationWorkflowId } from '../../workflows/relocation/ids';
import { createApp } from '../app';

/**
 * The relocation API (市话移机) against PostgreSQL and a time-skipping Temporal: orders start
 * their workflow, which waits (no worker) until the cancellation tests at the end run one.
 */
const PASSWORD = 'relocation-password-1';
/** An 18-digit resident ID with its right check character, and the same with a wrong one. */
const GOOD_ID = '11010519491231002X';
const BAD_ID = '110105194912310021';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let api: Awaited<ReturnType<typeof listen>>;
const cookies = { clerk: '', approver: '', crew: '', cashier: '' };
const people = { clerk: 0, approver: 0 };
const customers = new Map<string, number>();
const call = contractClient(() => api.baseUrl);
type Who = keyof typeof cookies;

/** A line of a customer of its own: 7/8 digits, type, exchange, local or not; its number in use in the pool. */
async function line(serviceNo: string, spec: { type?: 'A' | 'B'; exchange?: string; local?: boolean; name?: string } = {}): Promise<string> {
  const customer = await insertCustomer(t.db, { customerNo: `RL-${serviceNo}`, name: spec.name ?? `客户${serviceNo.slice(-3)}`, segment: { code: 'SEG-RL' } });
  customers.set(serviceNo, customer.customerId);
  const exchange = spec.exchange ?? 'DC';
  await t.db('service_accounts').insert({
    service_no: serviceNo,
    customer_id: customer.customerId,
    account_relation: customer.accountNo,
    pricing_plan: 'residential-basic',
    line_type: spec.type ?? 'A',
    exchange_code: exchange,
    address: '幸福街道 1 号',
    local: spec.local ?? true,
  });
  await t.db('phone_numbers').insert({ number: serviceNo, exchange_code: exchange, state: 'in_use', service_no: serviceNo });
  return serviceNo;
}

const today = () => chinaDate(Date.now());
const day = (n: number) => addDays(today(), n);

/** A valid same-exchange order of the line; `changes` replace fields. */
function orderOf(serviceNo: string, changes: Record<string, unknown> = {}) {
  return {
    serviceNo,
    newAddress: '建设路 8 号 2 单元 301',
    appointment: { teamCode: 'T-DC', date: day(1), slot: 'am' },
    contactName: '王小明',
    contactPhone: '13800000001',
    realName: { holder: 'person', document: { type: 'resident_id', number: GOOD_ID } },
    ...changes,
  };
}

const accept = (body: unknown, who: Who = 'clerk') => call('post', '/api/relocations', '/api/relocations', { cookie: cookies[who] }, body);
const show = (id: number, who: Who = 'clerk') => call('get', '/api/relocations/{id}', `/api/relocations/${id}`, { cookie: cookies[who] });
const count = async (table: string, where: Record<string, unknown> = {}) => Number((await t.db(table).where(where).count('* as n').first())!.n);
/** Everything an order stores: a refusal must leave each count as it was. */
const stored = async () => ({
  orders: await count('relocation_orders'),
  bookings: await count('relocation_bookings'),
  reserved: await count('phone_numbers', { state: 'reserved' }),
  events: Number((await t.db('events').whereLike('type', 'relocation.%').count('* as n').first())!.n),
});

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  people.clerk = await insertUser(t.db, { username: 'clerk', displayName: '刘营业', roles: ['clerk'], password: PASSWORD });
  people.approver = await insertUser(t.db, { username: 'approver', displayName: '陈主管', roles: ['approver'], password: PASSWORD });
  await insertUser(t.db, { username: 'cashier', displayName: '郑收费', roles: ['cashier'], password: PASSWORD });
  const crew = await insertUser(t.db, { username: 'crew', displayName: '孙装机', roles: ['crew'], password: PASSWORD });
  await t.db('exchanges').insert([
    { code: 'DC', name: '东城局' },
    { code: 'XC', name: '西城局' },
    { code: 'NQ', name: '新区局' },
    { code: 'RX', name: '竞速局' },
  ]);
  await t.db('exchange_addresses').insert([
    { address_prefix: '建设路', exchange_code: 'DC' },
    { address_prefix: '幸福街道', exchange_code: 'DC' },
    { address_prefix: '和平路', exchange_code: 'XC' },
    { address_prefix: '竞速路', exchange_code: 'RX' },
  ]);
  const free = (block: string, from: number, n: number, exchange: string) => Array.from({ length: n }, (_, i) => ({ number: `${block}${String(from + i).padStart(4, '0')}`, exchange_code: exchange }));
  await t.db('phone_numbers').insert([...free('6620', 101, 10, 'XC'), ...free('6700', 1, 3, 'NQ'), ...free('6590', 1, 5, 'RX'), { number: '66208888', exchange_code: 'XC' }]);
  await t.db('phone_numbers').insert({ number: '66200099', exchange_code: 'XC', state: 'quarantined', quarantined_until: new Date(Date.now() + 86_400_000) });
  await t.db('install_teams').insert([
    { code: 'T-DC', name: '东城装机班', exchange_code: 'DC' },
    { code: 'T-XC', name: '西城装机班', exchange_code: 'XC' },
    { code: 'T-RX', name: '竞速装机班', exchange_code: 'RX' },
    { code: 'T-SEAT', name: '东城二班', exchange_code: 'DC' },
    { code: 'T-ANY', name: '机动班', exchange_code: null },
  ]);
  await t.db('install_team_members').insert([
    { team_code: 'T-DC', user_id: crew },
    { team_code: 'T-XC', user_id: crew },
  ]);
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  for (const who of Object.keys(cookies) as Who[]) cookies[who] = await sessionCookie(api.baseUrl, who, PASSWORD);
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
  await t?.drop();
});

/** A relocation policy version in force from now (versions are append-only: the defaults come back as a newer one). */
let policyVersion = 900;
async function publishPolicy(value: object): Promise<void> {
  policyVersion += 1;
  await t.db('policy_versions').insert({ key: 'relocation', version: policyVersion, value: JSON.stringify(value), effective_at: new Date(), reason: 'test' });
}

describe('what the clerk looks up', () => {
  it("answers the tariff in force with the line, as a designer published it", async () => {
    await publishPolicy({ fees: { labourFen: 15000, keepNumberFen: { B: 8000 } } });
    try {
      const found = await call('get', '/api/service_accounts/{serviceNo}', '/api/service_accounts/65100101', { cookie: cookies.clerk });
      expect(found.body.fees).toEqual({ labourFen: 15000, announcementFen: 3000, keepNumberFen: { A: 3000, B: 8000 } });
    } finally {
      await publishPolicy({});
    }
  });

  beforeAll(async () => {
    await line('65100101', { type: 'B', local: false, name: '陈先生' });
  });

  it('locates a line by its number, read-only, with the deposit an outside customer owes', async () => {
    const found = await call('get', '/api/service_accounts/{serviceNo}', '/api/service_accounts/65100101', { cookie: cookies.crew });
    expect(found).toMatchObject({
      status: 200,
      body: { serviceNo: '65100101', customerName: '陈先生', lineType: 'B', exchangeCode: 'DC', exchangeName: '东城局', local: false, depositFen: 300000, pricingPlan: 'residential-basic', openRelocation: null },
    });
    // The intake previews the fees with the tariff's figures the API will charge.
    expect(found.body.fees).toEqual({ labourFen: 12000, announcementFen: 3000, keepNumberFen: { A: 3000, B: 7000 } });
    for (const unknown of ['65199999', 'abc', '__proto__']) {
      const res = await call('get', '/api/service_accounts/{serviceNo}', `/api/service_accounts/${unknown}`, { cookie: cookies.clerk });
      expect([unknown, res.status, res.body.error.code]).toEqual([unknown, 404, 'NOT_FOUND']);
    }
  });

  it('lists the exchanges and resolves an address by its longest prefix, or to null for a manual choice', async () => {
    const exchanges = await call('get', '/api/exchanges', '/api/exchanges', { cookie: cookies.clerk });
    expect(exchanges.body.find((e: { code: string }) => e.code === 'DC')).toEqual({ code: 'DC', name: '东城局', addressPrefixes: ['建设路', '幸福街道'] });
    const resolve = (address: string) => call('get', '/api/exchanges/resolve', `/api/exchanges/resolve?address=${encodeURIComponent(address)}`, { cookie: cookies.clerk });
    expect((await resolve('  和平路１２号 ')).body).toEqual({ address: '  和平路１２号 ', exchange: { code: 'XC', name: '西城局' }, prefix: '和平路' });
    expect((await resolve('新区大道 1 号')).body).toEqual({ address: '新区大道 1 号', exchange: null, prefix: null });
    const missing = await call('get', '/api/exchanges/resolve', '/api/exchanges/resolve', { cookie: cookies.clerk });
    expect([missing.status, missing.body.error.code]).toEqual([400, 'INVALID_QUERY']);
  });

  it('shows the free numbers of an exchange in order, by pattern or at random, refusing a bad pattern or page', async () => {
    const numbers = (query: string, code = 'XC') => call('get', '/api/exchanges/{code}/free_numbers', `/api/exchanges/${code}/free_numbers${query}`, { cookie: cookies.clerk });
    expect((await numbers('?limit=3')).body).toEqual({ exchangeCode: 'XC', exchangeName: '西城局', pattern: null, random: false, numbers: ['66200101', '66200102', '66200103'] });
    // The quarantined 66200099 is never offered.
    expect((await numbers(`?pattern=${encodeURIComponent('*8888')}`)).body.numbers).toEqual(['66208888']);
    expect((await numbers(`?pattern=${encodeURIComponent('662001??')}&limit=200`)).body.numbers).toHaveLength(10);
    const random = await numbers('?random=true&limit=5');
    expect(random.body.random).toBe(true);
    expect(random.body.numbers).toHaveLength(5);
    for (const [query, code] of [
      ['?pattern=12a', 'INVALID_NUMBER_PATTERN'],
      [`?pattern=${'1'.repeat(12)}`, 'INVALID_NUMBER_PATTERN'],
      ['?limit=0', 'INVALID_QUERY'],
      ['?limit=100000', 'INVALID_QUERY'],
      ['?random=yes', 'INVALID_QUERY'],
      ['?limit=1&limit=2', 'INVALID_QUERY'],
    ]) {
      const res = await numbers(query!);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, code]);
    }
    for (const code of ['ZZ', '__proto__', 'constructor']) expect((await numbers('', code)).status).toBe(404);
  });

  it('shows each team’s slots with what is left, and refuses a bad range', async () => {
    const teams = await call('get', '/api/install_teams', `/api/install_teams?from=${day(1)}&to=${day(2)}&exchangeCode=XC`, { cookie: cookies.clerk });
    expect(teams.body.map((team: { code: string }) => team.code)).toEqual(['T-ANY', 'T-XC']);
    expect(teams.body[1]).toEqual({
      code: 'T-XC',
      name: '西城装机班',
      exchangeCode: 'XC',
      exchangeName: '西城局',
      members: ['孙装机'],
      days: [day(1), day(2)].map((date) => ({ date, slots: [{ slot: 'am', capacity: 4, booked: 0, remaining: 4 }, { slot: 'pm', capacity: 4, booked: 0, remaining: 4 }] })),
    });
    for (const query of [`from=${day(2)}&to=${day(1)}`, `from=${day(0)}&to=${day(62)}`, 'from=2026-02-30', 'exchangeCode=__proto__']) {
      const res = await call('get', '/api/install_teams', `/api/install_teams?${query}`, { cookie: cookies.clerk });
      expect([query, res.status]).toEqual([query, 400]);
    }
  });
});

describe('taking an order', () => {
  it('takes a same-exchange move: labour only, the number kept, a seat booked, its workflow started', async () => {
    await line('65100001');
    const before = await stored();
    const res = await accept(orderOf('65100001'));
    expect(res).toMatchObject({
      status: 201,
      body: {
        kind: 'same',
        state: 'open',
        serviceNo: '65100001',
        fromExchange: 'DC',
        toExchange: 'DC',
        toExchangeName: '东城局',
        exchangeByHand: false,
        oldNumber: '65100001',
        newNumber: '65100001',
        keepNumber: false,
        announcement: false,
        feeComputedFen: 12000,
        feeTotalFen: 12000,
        feeLines: [{ code: 'labour', amountFen: 12000 }],
        depositFen: 0,
        acceptedByName: '刘营业',
        teamName: '东城装机班',
        appointmentDate: day(1),
        booking: { teamCode: 'T-DC', teamName: '东城装机班', date: day(1), slot: 'am', seat: 1 },
        payments: [],
        realName: { document: { type: 'resident_id', number: GOOD_ID }, agent: null },
      },
    });
    expect(res.body.orderNo).toMatch(/^17\d{8}$/);
    expect(await stored()).toEqual({ ...before, orders: before.orders + 1, bookings: before.bookings + 1, events: before.events + 1 });
    const { status } = await env.client.workflow.getHandle(relocationWorkflowId(res.body.orderNo)).describe();
    expect(status.name).toBe('RUNNING');
    // The line now shows its open order; a second order of it is refused.
    const located = await call('get', '/api/service_accounts/{serviceNo}', '/api/service_accounts/65100001', { cookie: cookies.clerk });
    expect(located.body.openRelocation).toMatchObject({ id: res.body.id, orderNo: res.body.orderNo, kind: 'same' });
    const again = await accept(orderOf('65100001'));
    expect([again.status, again.body.error.code, again.body.error.details.orderNo]).toEqual([409, 'RELOCATION_OPEN', res.body.orderNo]);
  });

  it('takes a cross-exchange move with an announcement: fee 150, the chosen number reserved for the order', async () => {
    await line('65100002');
    const before = await stored();
    const res = await accept(orderOf('65100002', { newAddress: '和平路 12 号', number: '66200101', announcement: true, appointment: { teamCode: 'T-XC', date: day(2), slot: 'pm' } }));
    expect(res).toMatchObject({
      status: 201,
      body: { kind: 'cross', fromExchange: 'DC', toExchange: 'XC', oldNumber: '65100002', newNumber: '66200101', announcement: true, keepNumber: false, feeTotalFen: 15000, feeLines: [{ code: 'labour', amountFen: 12000 }, { code: 'announcement', amountFen: 3000 }] },
    });
    expect(await t.db('phone_numbers').where({ number: '66200101' }).first('state', 'reserved_by')).toEqual({ state: 'reserved', reserved_by: relocationWorkflowId(res.body.orderNo) });
    expect(await stored()).toEqual({ orders: before.orders + 1, bookings: before.bookings + 1, reserved: before.reserved + 1, events: before.events + 2 });
    const reserved = await t.db('events').where({ type: 'relocation.number_reserved', order_no: res.body.orderNo }).first('data', 'actor');
    expect(reserved).toMatchObject({ actor: `user:${people.clerk}`, data: { number: '66200101', exchangeCode: 'XC', exchangeName: '西城局', chosen: true } });
    expect((await t.db('events').where({ type: 'relocation.accepted', order_no: res.body.orderNo }).first('data')).data).toMatchObject({ fromExchangeName: '东城局', toExchangeName: '西城局' });
    // The crew and the cashier read the order's page: the fee lines, the booked seat, nothing paid yet.
    const page = await show(res.body.id, 'crew');
    expect(page.body).toMatchObject({ orderNo: res.body.orderNo, feeLines: res.body.feeLines, booking: { teamCode: 'T-XC', date: day(2), slot: 'pm', seat: 1 }, payments: [], paidAt: null, auditRequired: null });
    expect((await show(res.body.id, 'cashier')).status).toBe(200);
  });

  it('takes a cross-exchange move keeping the number, type B: fee 190, the NP flag, no number chosen (and none accepted)', async () => {
    await line('65100003', { type: 'B' });
    const before = await stored();
    const withNumber = await accept(orderOf('65100003', { newAddress: '和平路 20 号', keepNumber: true, number: '66200102', appointment: { teamCode: 'T-XC', date: day(3), slot: 'am' } }));
    expect([withNumber.status, withNumber.body.error.code, withNumber.body.error.details[0].field]).toEqual([400, 'INVALID_RELOCATION', 'number']);
    const withAnnouncement = await accept(orderOf('65100003', { newAddress: '和平路 20 号', keepNumber: true, announcement: true, appointment: { teamCode: 'T-XC', date: day(3), slot: 'am' } }));
    expect([withAnnouncement.status, withAnnouncement.body.error.code]).toEqual([400, 'ANNOUNCEMENT_WITH_KEPT_NUMBER']);
    expect(await stored()).toEqual(before);
    const res = await accept(orderOf('65100003', { newAddress: '和平路 20 号', keepNumber: true, appointment: { teamCode: 'T-XC', date: day(3), slot: 'am' } }));
    expect(res).toMatchObject({
      status: 201,
      body: { kind: 'cross', lineType: 'B', keepNumber: true, oldNumber: '65100003', newNumber: '65100003', feeTotalFen: 19000, feeLines: [{ code: 'labour', amountFen: 12000 }, { code: 'keep_number', amountFen: 7000 }] },
    });
    expect(await stored()).toEqual({ ...before, orders: before.orders + 1, bookings: before.bookings + 1, events: before.events + 1 });
  });

  it('asks an outside customer for the deposit of the line’s type, unless a local customer guarantees the line', async () => {
    await line('65100004', { type: 'A', local: false });
    await line('65100005', { type: 'B', local: false });
    await line('65100006', { type: 'B', local: false });
    await line('65100007', { type: 'A', local: true });
    expect((await accept(orderOf('65100004', { appointment: { teamCode: 'T-DC', date: day(4), slot: 'am' } }))).body).toMatchObject({ depositFen: 100000, feeTotalFen: 12000, guarantorCustomerId: null });
    expect((await accept(orderOf('65100005', { appointment: { teamCode: 'T-DC', date: day(4), slot: 'am' } }))).body).toMatchObject({ depositFen: 300000, feeTotalFen: 12000 });
    const before = await stored();
    for (const [serviceNo, guarantor, code] of [
      ['65100006', customers.get('65100004'), 'GUARANTOR_NOT_LOCAL'],
      ['65100006', customers.get('65100006'), 'GUARANTOR_NOT_LOCAL'],
      ['65100006', 999_999, 'GUARANTOR_NOT_FOUND'],
      ['65100006', 2 ** 31, 'INVALID_RELOCATION'],
      ['65100007', customers.get('65100001'), 'GUARANTOR_NOT_NEEDED'],
    ] as const) {
      const res = await accept(orderOf(serviceNo, { guarantorCustomerId: guarantor, appointment: { teamCode: 'T-DC', date: day(4), slot: 'pm' } }));
      expect([guarantor, res.body.error?.code]).toEqual([guarantor, code]);
    }
    expect(await stored()).toEqual(before);
    const guaranteed = await accept(orderOf('65100006', { guarantorCustomerId: customers.get('65100001'), appointment: { teamCode: 'T-DC', date: day(4), slot: 'pm' } }));
    expect(guaranteed).toMatchObject({ status: 201, body: { depositFen: 0, guarantorCustomerId: customers.get('65100001'), guarantorName: '客户001' } });
  });

  it('places an address no exchange covers only by the clerk’s choice, and takes the first free number when none is chosen', async () => {
    await line('65100008');
    const before = await stored();
    const uncovered = await accept(orderOf('65100008', { newAddress: '新区大道 1 号', appointment: { teamCode: 'T-ANY', date: day(5), slot: 'am' } }));
    expect([uncovered.status, uncovered.body.error.code]).toEqual([422, 'ADDRESS_NOT_COVERED']);
    expect(uncovered.body.error.details.exchanges).toEqual(expect.arrayContaining([{ code: 'NQ', name: '新区局' }, { code: 'XC', name: '西城局' }]));
    const unknown = await accept(orderOf('65100008', { newAddress: '新区大道 1 号', exchangeCode: 'constructor', appointment: { teamCode: 'T-ANY', date: day(5), slot: 'am' } }));
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UNKNOWN_EXCHANGE']);
    const mismatch = await accept(orderOf('65100008', { exchangeCode: 'XC' }));
    expect([mismatch.status, mismatch.body.error.code, mismatch.body.error.details.exchangeCode]).toEqual([422, 'EXCHANGE_MISMATCH', 'DC']);
    const otherTeam = await accept(orderOf('65100008', { newAddress: '新区大道 1 号', exchangeCode: 'NQ', appointment: { teamCode: 'T-XC', date: day(5), slot: 'am' } }));
    expect([otherTeam.status, otherTeam.body.error.code]).toEqual([422, 'TEAM_OTHER_EXCHANGE']);
    expect(await stored()).toEqual(before);
    const chosen = await accept(orderOf('65100008', { newAddress: '新区大道 1 号', exchangeCode: 'NQ', appointment: { teamCode: 'T-ANY', date: day(5), slot: 'am' } }));
    expect(chosen).toMatchObject({ status: 201, body: { kind: 'cross', toExchange: 'NQ', exchangeByHand: true, newNumber: '67000001', teamName: '机动班' } });
  });

  it('lets only a supervisor set the fee by hand, with a reason', async () => {
    await line('65100009');
    const before = await stored();
    const override = { totalFen: 0, reason: '孤寡老人减免' };
    const byClerk = await accept(orderOf('65100009', { feeOverride: override }));
    expect([byClerk.status, byClerk.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const refused = await t.db('events').where({ type: 'access.refused', actor: `user:${people.clerk}` }).orderBy('id', 'desc').first('data');
    expect(refused.data).toMatchObject({ resource: 'relocations', action: 'override' });
    for (const bad of [{ totalFen: 0, reason: '  ' }, { totalFen: 10 ** 13, reason: '减免' }, { totalFen: -1, reason: '减免' }, { totalFen: 1.5, reason: '减免' }]) {
      const res = await accept(orderOf('65100009', { feeOverride: bad }), 'approver');
      expect([bad, res.status, res.body.error.code]).toEqual([bad, 400, 'INVALID_RELOCATION']);
    }
    // A supervisor takes no plain order (that is a clerk's).
    expect((await accept(orderOf('65100009'), 'approver')).status).toBe(403);
    expect(await stored()).toEqual(before);
    const res = await accept(orderOf('65100009', { feeOverride: override }), 'approver');
    expect(res).toMatchObject({ status: 201, body: { feeComputedFen: 12000, feeTotalFen: 0, feeOverrideReason: '孤寡老人减免', feeOverrideByName: '陈主管', acceptedByName: '陈主管' } });
  });

  it('answers a retried order with the order it made', async () => {
    await line('65100010');
    const first = await accept(orderOf('65100010', { idempotencyKey: 'counter-7:42' }));
    const again = await accept(orderOf('65100010', { idempotencyKey: 'counter-7:42' }));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect(await count('relocation_orders', { service_no: '65100010' })).toBe(1);
  });

  it('refuses bad input with a clear code and stores nothing', async () => {
    await line('65100011');
    await line('65100012');
    await t.db('service_accounts').where({ service_no: '65100012' }).update({ state: 'suspended' });
    const cross = { newAddress: '和平路 30 号', appointment: { teamCode: 'T-XC', date: day(6), slot: 'am' } };
    const cases: Array<[string, unknown, number, string]> = [
      ['an unknown line', orderOf('65199999'), 422, 'SERVICE_NOT_FOUND'],
      ['a line that is no number', orderOf('6510abc'), 400, 'INVALID_RELOCATION'],
      ['a suspended line', orderOf('65100012'), 409, 'SERVICE_NOT_ACTIVE'],
      ['a number another order holds', orderOf('65100011', { ...cross, number: '66200101' }), 409, 'NUMBER_UNAVAILABLE'],
      ['a quarantined number', orderOf('65100011', { ...cross, number: '66200099' }), 409, 'NUMBER_UNAVAILABLE'],
      ['a number in use', orderOf('65100011', { ...cross, number: '65100001' }), 409, 'NUMBER_UNAVAILABLE'],
      ['a number of another exchange', orderOf('65100011', { ...cross, number: '67000002' }), 409, 'NUMBER_UNAVAILABLE'],
      ['a number on a same-exchange move', orderOf('65100011', { number: '66200105' }), 400, 'NUMBER_SAME_EXCHANGE'],
      ['an announcement on a same-exchange move', orderOf('65100011', { announcement: true }), 400, 'ANNOUNCEMENT_SAME_EXCHANGE'],
      ['keeping the number on a same-exchange move', orderOf('65100011', { keepNumber: true }), 400, 'KEEP_NUMBER_SAME_EXCHANGE'],
      ['a resident ID with a wrong check digit', orderOf('65100011', { realName: { holder: 'person', document: { type: 'resident_id', number: BAD_ID } } }), 400, 'WRONG_CHECK_DIGIT'],
      ['an agent whose ID fails', orderOf('65100011', { realName: { holder: 'person', document: { type: 'passport', number: 'E1234567' }, agent: { name: '李代办', document: { type: 'resident_id', number: '1101051949' } } } }), 400, 'WRONG_LENGTH'],
      ['an organisation without an agent', orderOf('65100011', { realName: { holder: 'organisation', document: { type: 'organisation_registration', number: '91110000X' } } }), 400, 'AGENT_REQUIRED'],
      ['an unknown document type', orderOf('65100011', { realName: { holder: 'person', document: { type: 'library_card', number: '1' } } }), 400, 'INVALID_RELOCATION'],
      ['a date in the past', orderOf('65100011', { appointment: { teamCode: 'T-DC', date: day(-1), slot: 'am' } }), 400, 'APPOINTMENT_DATE_IN_PAST'],
      ['a date over 60 days ahead', orderOf('65100011', { appointment: { teamCode: 'T-DC', date: day(61), slot: 'am' } }), 400, 'APPOINTMENT_DATE_TOO_FAR'],
      ['a date that does not exist', orderOf('65100011', { appointment: { teamCode: 'T-DC', date: '2026-02-30', slot: 'am' } }), 400, 'APPOINTMENT_INVALID_DATE'],
      ['a slot the policy does not have', orderOf('65100011', { appointment: { teamCode: 'T-DC', date: day(1), slot: 'constructor' } }), 400, 'UNKNOWN_SLOT'],
      ['a pricing plan the policy does not offer', orderOf('65100011', { pricingPlan: 'gold-unlimited' }), 400, 'UNKNOWN_PRICING_PLAN'],
      ['an unknown team', orderOf('65100011', { appointment: { teamCode: 'toString', date: day(1), slot: 'am' } }), 422, 'UNKNOWN_TEAM'],
      ['a prototype name as exchange', orderOf('65100011', { exchangeCode: '__proto__' }), 400, 'INVALID_RELOCATION'],
      ['a field the order does not have', orderOf('65100011', { accountRelation: 'X-1' }), 400, 'INVALID_RELOCATION'],
      ['an empty address', orderOf('65100011', { newAddress: '   ' }), 400, 'INVALID_RELOCATION'],
      ['a NUL in the address', orderOf('65100011', { newAddress: '建设路\u00008 号' }), 400, 'UNSTORABLE_TEXT'],
      ['a lone surrogate in the contact', orderOf('65100011', { contactName: '王\ud800' }), 400, 'UNSTORABLE_TEXT'],
      ['a NUL in a document number', orderOf('65100011', { realName: { holder: 'person', document: { type: 'passport', number: 'E1\u0000' } } }), 400, 'UNSTORABLE_TEXT'],
    ];
    const before = await stored();
    for (const [name, body, status, code] of cases) {
      const res = await accept(body);
      expect([name, res.status, res.body.error?.code]).toEqual([name, status, code]);
    }
    // A prototype key in the JSON text itself.
    const raw = JSON.stringify(orderOf('65100011')).replace(/^\{/, '{"__proto__":{"feeTotalFen":0},');
    const proto = await fetch(`${api.baseUrl}/api/relocations`, { method: 'POST', headers: { cookie: cookies.clerk, 'content-type': 'application/json' }, body: raw });
    expect([proto.status, ((await proto.json()) as { error: { code: string } }).error.code]).toEqual([400, 'INVALID_RELOCATION']);
    const crew = await accept(orderOf('65100011'), 'crew');
    expect(crew.status).toBe(403);
    // The booking horizon is the policy's: 10 days refuses the 11th, and says so.
    await publishPolicy({ appointmentDaysAhead: 10 });
    try {
      const far = await accept(orderOf('65100011', { appointment: { teamCode: 'T-DC', date: day(11), slot: 'am' } }));
      expect([far.status, far.body.error.code, far.body.error.details.max]).toEqual([400, 'APPOINTMENT_DATE_TOO_FAR', 10]);
    } finally {
      await publishPolicy({});
    }
    expect(await stored()).toEqual(before);
    expect(await t.db('phone_numbers').where({ number: '66200101' }).first('state')).toEqual({ state: 'reserved' });
  });
});

describe('races', () => {
  it('gives 20 orders racing for 5 free numbers exactly 5, each number once, and refuses the 15 others with 409', async () => {
    const lines = await Promise.all(Array.from({ length: 20 }, (_, i) => line(`653100${String(i).padStart(2, '0')}`)));
    const free = ['65900001', '65900002', '65900003', '65900004', '65900005'];
    const before = await stored();
    // 15 choose one of the 5 (3 each), 5 take whichever is free; each a slot of its own.
    const results = await Promise.all(
      lines.map((serviceNo, i) =>
        accept(
          orderOf(serviceNo, {
            newAddress: `竞速路 ${i} 号`,
            appointment: { teamCode: 'T-RX', date: day(1 + (i % 10)), slot: i < 10 ? 'am' : 'pm' },
            ...(i < 15 ? { number: free[i % 5] } : {}),
          }),
        ),
      ),
    );
    const created = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(created).toHaveLength(5);
    expect(refused.map((r) => r.status)).toEqual(Array(15).fill(409));
    expect(refused.every((r) => ['NUMBER_UNAVAILABLE', 'NO_FREE_NUMBER'].includes(r.body.error.code))).toBe(true);
    expect(created.map((r) => r.body.newNumber).sort()).toEqual(free);
    const holders = await t.db('phone_numbers').whereIn('number', free).select('number', 'state', 'reserved_by');
    expect(holders.every((h) => h.state === 'reserved')).toBe(true);
    expect(new Set(holders.map((h) => h.reserved_by)).size).toBe(5);
    expect(holders.map((h) => h.reserved_by).sort()).toEqual(created.map((r) => relocationWorkflowId(r.body.orderNo)).sort());
    expect(await stored()).toEqual({ orders: before.orders + 5, bookings: before.bookings + 5, reserved: before.reserved + 5, events: before.events + 10 });
  });

  it('gives the last seat of a slot to one of two racing orders; the slot is full after', async () => {
    const lines = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => line(`653200${i}0`)));
    const slot = { teamCode: 'T-SEAT', date: day(30), slot: 'pm' };
    for (const serviceNo of lines.slice(0, 3)) expect((await accept(orderOf(serviceNo, { appointment: slot }))).status).toBe(201);
    const before = await stored();
    const raced = await Promise.all(lines.slice(3, 5).map((serviceNo) => accept(orderOf(serviceNo, { appointment: slot }))));
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(raced.find((r) => r.status === 409)!.body.error.code).toBe('SLOT_FULL');
    expect(raced.find((r) => r.status === 201)!.body.booking.seat).toBe(4);
    expect(await t.db('relocation_bookings').where({ team_code: 'T-SEAT', day: slot.date, slot: 'pm' }).orderBy('seat').pluck('seat')).toEqual([1, 2, 3, 4]);
    // A full slot refuses with nothing stored.
    const mid = await stored();
    expect(mid).toEqual({ ...before, orders: before.orders + 1, bookings: before.bookings + 1, events: before.events + 1 });
    const full = await accept(orderOf(lines[5]!, { appointment: slot }));
    expect([full.status, full.body.error.code, full.body.error.details]).toEqual([409, 'SLOT_FULL', { teamCode: 'T-SEAT', date: slot.date, slot: 'pm', capacity: 4 }]);
    expect(await stored()).toEqual(mid);
    const teams = await call('get', '/api/install_teams', `/api/install_teams?from=${slot.date}&to=${slot.date}&exchangeCode=DC`, { cookie: cookies.clerk });
    expect(teams.body.find((team: { code: string }) => team.code === 'T-SEAT').days[0].slots).toEqual([
      { slot: 'am', capacity: 4, booked: 0, remaining: 4 },
      { slot: 'pm', capacity: 4, booked: 4, remaining: 0 },
    ]);
  });
});

describe('the orders’ list and page', () => {
  it('lists orders by state, kind, line and text, people by name; refuses unknown filters', async () => {
    const list = (filter: object, who: Who = 'cashier') => call('get', '/api/relocations', `/api/relocations?filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,99]`, { cookie: cookies[who] });
    const crossKept = await list({ kind: 'cross', serviceNo: '65100003' });
    expect(crossKept.body).toHaveLength(1);
    expect(crossKept.body[0]).toMatchObject({ keepNumber: true, acceptedByName: '刘营业', customerName: '客户003' });
    expect(crossKept.body[0].feeLines).toBeUndefined();
    expect((await list({ q: '66200101' })).body.map((o: { serviceNo: string }) => o.serviceNo)).toEqual(['65100002']);
    expect((await list({ q: '客户009' }, 'crew')).body.map((o: { feeOverrideByName: string }) => o.feeOverrideByName)).toEqual(['陈主管']);
    expect((await list({ state: 'open' })).body.length).toBeGreaterThan(10);
    for (const filter of ['{"state":"lost"}', '{"kind":"far"}', '{"__proto__":"x"}', '{"constructor":"x"}']) {
      const res = await call('get', '/api/relocations', `/api/relocations?filter=${encodeURIComponent(filter)}`, { cookie: cookies.clerk });
      expect([filter, res.status]).toEqual([filter, 400]);
    }
    expect((await call('get', '/api/relocations', '/api/relocations', {})).status).toBe(401);
  });

  it('answers 404 for an order that is not there', async () => {
    for (const id of ['999999', '0', 'abc', String(2 ** 31)]) expect((await call('get', '/api/relocations/{id}', `/api/relocations/${id}`, { cookie: cookies.clerk })).status).toBe(404);
  });
});

describe('when the workflow cannot start', () => {
  let broken: Awaited<ReturnType<typeof listen>>;
  /** Unset: the workflow surely does not exist; set: Temporal cannot say. */
  let describeFails: (() => Error) | undefined;
  beforeAll(async () => {
    const temporal = {
      workflow: {
        start: async () => {
          throw new Error('Temporal is unavailable');
        },
        getHandle: (workflowId: string) => ({
          describe: async () => {
            throw describeFails === undefined ? new WorkflowNotFoundError('no workflow', workflowId, undefined) : describeFails();
          },
        }),
      },
    } as unknown as Client;
    broken = await listen(createApp({ db: t.db, temporal, gateway: outboxOnlyGateway, log: { error() {}, warn() {} } }));
  });
  afterAll(async () => {
    await broken?.close();
  });
  const acceptVia = async (baseUrl: string, body: unknown) => {
    const res = await fetch(`${baseUrl}/api/relocations`, { method: 'POST', headers: { cookie: cookies.clerk, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { error: { code: string; details: { orderNo: string } } } };
  };

  it('withdraws an order whose workflow surely did not start: number and slot free again, the key usable again', async () => {
    await line('65100020');
    const body = orderOf('65100020', { newAddress: '和平路 40 号', number: '66200110', appointment: { teamCode: 'T-XC', date: day(7), slot: 'am' }, idempotencyKey: 'withdrawn-1' });
    const res = await acceptVia(broken.baseUrl, body);
    expect([res.status, res.body.error.code]).toEqual([503, 'WORKFLOW_NOT_STARTED']);
    const order = await t.db('relocation_orders').where({ order_no: res.body.error.details.orderNo }).first('id', 'state', 'cancel_reason', 'idempotency_key');
    expect(order).toMatchObject({ state: 'cancelled', cancel_reason: 'workflow-not-started', idempotency_key: null });
    expect(await count('relocation_bookings', { order_id: order.id })).toBe(0);
    expect(await t.db('phone_numbers').where({ number: '66200110' }).first('state')).toEqual({ state: 'free' });
    const events = await t.db('events').where({ order_no: res.body.error.details.orderNo }).orderBy('id').pluck('type');
    expect(events).toEqual(['relocation.accepted', 'relocation.number_reserved', 'relocation.number_released', 'relocation.cancelled']);
    const again = await accept(body);
    expect(again).toMatchObject({ status: 201, body: { newNumber: '66200110', state: 'open' } });
  });

  it('keeps an order whose start is uncertain, and starts it when the same request comes again', async () => {
    describeFails = () => new Error('connection refused');
    await line('65100021');
    const body = orderOf('65100021', { appointment: { teamCode: 'T-DC', date: day(7), slot: 'pm' }, idempotencyKey: 'uncertain-1' });
    const res = await acceptVia(broken.baseUrl, body);
    expect([res.status, res.body.error.code]).toEqual([503, 'WORKFLOW_START_UNCERTAIN']);
    const again = await accept(body);
    expect(again).toMatchObject({ status: 200, body: { orderNo: res.body.error.details.orderNo, state: 'open' } });
    const { status } = await env.client.workflow.getHandle(relocationWorkflowId(again.body.orderNo)).describe();
    expect(status.name).toBe('RUNNING');
  });
});

describe('cancelling, with the order workflow running', () => {
  it('cancels an open order through its workflow: the number and the seat are freed; a cancelled order is not cancelled again', async () => {
    await line('65100030');
    const res = await accept(orderOf('65100030', { newAddress: '和平路 50 号', number: '66200108', appointment: { teamCode: 'T-XC', date: day(8), slot: 'am' } }));
    expect(res.status).toBe(201);
    const cancel = (id: number | string, body: unknown, who: Who = 'clerk') => call('post', '/api/relocations/{id}/cancel', `/api/relocations/${id}/cancel`, { cookie: cookies[who] }, body);
    expect((await cancel(res.body.id, { reason: '客户不搬了' }, 'cashier')).status).toBe(403);
    expect((await cancel(999_999, { reason: '客户不搬了' })).status).toBe(404);
    const empty = await cancel(res.body.id, { reason: '  ' });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'INVALID_CANCEL']);
    const worker = await createCentralWorker({ connection: env.nativeConnection, db: t.db, gateway: outboxOnlyGateway, workflowBundle: await workflowBundle() });
    await worker.runUntil(async () => {
      const cancelled = await cancel(res.body.id, { reason: '客户不搬了' });
      expect(cancelled).toMatchObject({ status: 200, body: { state: 'cancelled', cancelReason: '客户不搬了', booking: null } });
      expect(await t.db('phone_numbers').where({ number: '66200108' }).first('state')).toEqual({ state: 'free' });
      const twice = await cancel(res.body.id, { reason: '再取消' });
      expect([twice.status, twice.body.error.code]).toEqual([409, 'RELOCATION_NOT_OPEN']);
    });
    // An order installed is past cancelling.
    await t.db('relocation_orders').where({ service_no: '65100001' }).update({ state: 'installed', installed_at: t.db.fn.now() });
    const installed = await t.db('relocation_orders').where({ service_no: '65100001' }).first('id');
    const late = await cancel(installed.id, { reason: '太晚了' });
    expect([late.status, late.body.error.code, late.body.error.details]).toEqual([409, 'RELOCATION_NOT_OPEN', { state: 'installed' }]);
  });
});
