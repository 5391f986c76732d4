import knex, { Knex } from 'knex';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { insertCustomer } from '../seeds/customers';
import { seedDemoData } from '../seeds/demo';
import { DEMO_SERVICE_ACCOUNTS } from '../seeds/telephony';
import {
  assignNumber,
  freeNumbers,
  InvalidNumberPattern,
  quarantineNumber,
  releaseExpiredReservations,
  releaseQuarantined,
  releaseReservation,
  reserveAnyNumber,
  reserveNumber,
} from './numbers';

let t: TestDatabase;
/** Connections of their own for the racers: one per concurrent transaction. */
let pool: Knex;

beforeAll(async () => {
  t = await createTestDatabase();
  pool = knex({ client: 'pg', connection: t.url, pool: { min: 0, max: 25 } });
});
afterAll(async () => {
  await pool?.destroy();
  await t?.drop();
});

const HOUR = 3_600_000;
const later = (ms = HOUR) => new Date(Date.now() + ms);
let nextExchange = 0;

/** An exchange of its own for one test, with numbers in the given states (free unless said). */
async function exchangeWith(numbers: Array<string | { number: string; state: 'in_use' }>): Promise<string> {
  const code = `T${++nextExchange}`;
  await t.db('exchanges').insert({ code, name: `测试局 ${code}` });
  if (numbers.length > 0) {
    await t.db('phone_numbers').insert(
      numbers.map((n) => (typeof n === 'string' ? { number: n, exchange_code: code } : { number: n.number, exchange_code: code, state: n.state })),
    );
  }
  return code;
}

async function stateOf(number: string) {
  return t.db('phone_numbers').where({ number }).first('state', 'reserved_by', 'reserved_until', 'quarantined_until', 'service_no');
}

/**
 * Holds every caller until all have arrived; fails (rather than hangs) if some never do,
 * which is what callers blocked on each other's row locks look like.
 */
function barrier(parties: number, timeoutMs = 10_000): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    if (++arrived === parties) open();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`only ${arrived} of ${parties} callers arrived: the others are blocked`)), timeoutMs);
    });
    try {
      await Promise.race([opened, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

describe('racing for numbers', () => {
  it('gives 20 concurrent orders racing for 5 free numbers exactly 5 numbers, each once, without waiting on each other', async () => {
    const free = ['61000001', '61000002', '61000003', '61000004', '61000005'];
    const exchangeCode = await exchangeWith([...free, { number: '61000006', state: 'in_use' }]);
    await exchangeWith(['61000007']); // another exchange's free number is not taken
    const allHaveAsked = barrier(20);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.transaction(async (trx) => {
          const got = await reserveAnyNumber(trx, { exchangeCode, reservedBy: `ORDER-${i}`, until: later() });
          // Every transaction stays open, holding what it took, until all 20 have asked.
          await allHaveAsked();
          return { order: `ORDER-${i}`, got };
        }),
      ),
    );
    const winners = results.filter((r) => r.got !== null);
    expect(winners).toHaveLength(5);
    expect(results.filter((r) => r.got === null)).toHaveLength(15);
    expect(winners.map((r) => r.got!.number).sort()).toEqual(free);
    const reserved = await t.db('phone_numbers').where({ state: 'reserved', exchange_code: exchangeCode }).orderBy('number').select('number', 'reserved_by', 'exchange_code');
    expect(reserved).toEqual(winners.map((r) => ({ number: r.got!.number, reserved_by: r.order, exchange_code: exchangeCode })).sort((a, b) => a.number.localeCompare(b.number)));
    expect(await stateOf('61000006')).toMatchObject({ state: 'in_use' });
    expect(await stateOf('61000007')).toMatchObject({ state: 'free' });
  });

  it('lets exactly one of 20 orders racing for one chosen number have it; the others hear it is reserved', async () => {
    const exchangeCode = await exchangeWith(['62000001']);
    const allReady = barrier(20);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.transaction(async (trx) => {
          await trx.raw('SELECT 1'); // the connection is taken before the race starts
          await allReady();
          return reserveNumber(trx, { number: '62000001', exchangeCode, reservedBy: `ORDER-${i}`, until: later() });
        }),
      ),
    );
    const won = results.filter((r) => r.kind === 'reserved');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'unavailable')).toEqual(Array.from({ length: 19 }, () => ({ kind: 'unavailable', number: '62000001', reason: 'reserved' })));
    const winner = `ORDER-${results.indexOf(won[0]!)}`;
    expect(await stateOf('62000001')).toMatchObject({ state: 'reserved', reserved_by: winner });
  });
});

describe('reserving', () => {
  it('refuses, with the reason, a number not in the pool, of another exchange, or not free', async () => {
    const exchangeCode = await exchangeWith(['63000001', { number: '63000002', state: 'in_use' }]);
    const other = await exchangeWith(['63000003']);
    const until = later();
    const ask = (number: string, code = exchangeCode) => reserveNumber(t.db, { number, exchangeCode: code, reservedBy: 'ORDER-A', until });
    expect(await ask('63009999')).toEqual({ kind: 'unavailable', number: '63009999', reason: 'unknown-number' });
    expect(await ask('63000003')).toEqual({ kind: 'unavailable', number: '63000003', reason: 'other-exchange' });
    expect(await ask('63000002')).toEqual({ kind: 'unavailable', number: '63000002', reason: 'in_use' });
    expect(await ask('63000003', other)).toMatchObject({ kind: 'reserved', number: '63000003', exchangeCode: other });
  });

  it('lets the order holding a number ask again (a retried activity) and moves its moment; another order is refused', async () => {
    const exchangeCode = await exchangeWith(['64000001']);
    const first = await reserveNumber(t.db, { number: '64000001', exchangeCode, reservedBy: 'ORDER-A', until: later(HOUR) });
    const again = await reserveNumber(t.db, { number: '64000001', exchangeCode, reservedBy: 'ORDER-A', until: later(2 * HOUR) });
    expect(first.kind).toBe('reserved');
    expect(again.kind).toBe('reserved');
    expect((again as { reservedUntil: Date }).reservedUntil.getTime()).toBeGreaterThan((first as { reservedUntil: Date }).reservedUntil.getTime());
    expect(await reserveNumber(t.db, { number: '64000001', exchangeCode, reservedBy: 'ORDER-B', until: later() })).toMatchObject({ kind: 'unavailable', reason: 'reserved' });
  });

  it('gives an order asking again for any number the one it holds, and null when nothing is free', async () => {
    const exchangeCode = await exchangeWith(['64100001', '64100002']);
    const first = await reserveAnyNumber(t.db, { exchangeCode, reservedBy: 'ORDER-A', until: later() });
    const retry = await reserveAnyNumber(t.db, { exchangeCode, reservedBy: 'ORDER-A', until: later() });
    expect(retry?.number).toBe(first?.number);
    expect(await reserveAnyNumber(t.db, { exchangeCode, reservedBy: 'ORDER-B', until: later() })).toMatchObject({ number: '64100002' });
    expect(await reserveAnyNumber(t.db, { exchangeCode, reservedBy: 'ORDER-C', until: later() })).toBeNull();
  });

  it('releases a reservation only for the order holding it', async () => {
    const exchangeCode = await exchangeWith(['64200001']);
    await reserveNumber(t.db, { number: '64200001', exchangeCode, reservedBy: 'ORDER-A', until: later() });
    expect(await releaseReservation(t.db, { number: '64200001', reservedBy: 'ORDER-B' })).toBe(false);
    expect(await stateOf('64200001')).toMatchObject({ state: 'reserved', reserved_by: 'ORDER-A' });
    expect(await releaseReservation(t.db, { number: '64200001', reservedBy: 'ORDER-A' })).toBe(true);
    expect(await stateOf('64200001')).toEqual({ state: 'free', reserved_by: null, reserved_until: null, quarantined_until: null, service_no: null });
    expect(await releaseReservation(t.db, { number: '64200001', reservedBy: 'ORDER-A' })).toBe(false);
  });

  it('frees the reservations whose moment has come, naming their orders, and keeps the others', async () => {
    const exchangeCode = await exchangeWith(['65000001', '65000002', '65000003']);
    // Before every other test's reservation ends (an hour or more from when it was made): the sweep is database-wide.
    const now = later(HOUR / 2);
    await reserveNumber(t.db, { number: '65000001', exchangeCode, reservedBy: 'ORDER-A', until: new Date(now.getTime() - 1000) });
    await reserveNumber(t.db, { number: '65000002', exchangeCode, reservedBy: 'ORDER-B', until: now });
    await reserveNumber(t.db, { number: '65000003', exchangeCode, reservedBy: 'ORDER-C', until: new Date(now.getTime() + 1000) });
    expect(await releaseExpiredReservations(t.db, now)).toEqual([
      { number: '65000001', reservedBy: 'ORDER-A' },
      { number: '65000002', reservedBy: 'ORDER-B' },
    ]);
    expect(await freeNumbers(t.db, { exchangeCode, limit: 10 })).toEqual(['65000001', '65000002']);
    expect(await stateOf('65000003')).toMatchObject({ state: 'reserved', reserved_by: 'ORDER-C' });
    expect(await releaseExpiredReservations(t.db, now)).toEqual([]);
  });
});

describe('into service and out again', () => {
  it('assigns the reserved number to a line, quarantines it after release and frees it when the quarantine ends', async () => {
    const exchangeCode = await exchangeWith(['66000001', '66000002']);
    const customer = await insertCustomer(t.db, { customerNo: 'TEL-0001' });
    await t.db('service_accounts').insert({
      service_no: '66000009', customer_id: customer.customerId, account_relation: customer.accountNo, pricing_plan: 'residential-basic', line_type: 'A', exchange_code: exchangeCode, address: '幸福街道 1 号',
    });
    await reserveNumber(t.db, { number: '66000001', exchangeCode, reservedBy: 'ORDER-A', until: later() });

    expect(await assignNumber(t.db, { number: '66000001', reservedBy: 'ORDER-B', serviceNo: '66000009' })).toEqual({ kind: 'unavailable', number: '66000001', reason: 'reserved' });
    expect(await assignNumber(t.db, { number: '66000002', reservedBy: 'ORDER-A', serviceNo: '66000009' })).toEqual({ kind: 'unavailable', number: '66000002', reason: 'free' });
    const assigned = { kind: 'assigned', number: '66000001', serviceNo: '66000009' };
    expect(await assignNumber(t.db, { number: '66000001', reservedBy: 'ORDER-A', serviceNo: '66000009' })).toEqual(assigned);
    expect(await assignNumber(t.db, { number: '66000001', reservedBy: 'ORDER-A', serviceNo: '66000009' })).toEqual(assigned);
    expect(await stateOf('66000001')).toMatchObject({ state: 'in_use', service_no: '66000009', reserved_by: null, reserved_until: null });

    const until = new Date('2030-03-01T00:00:00Z');
    expect(await quarantineNumber(t.db, { number: '66000002', until })).toEqual({ kind: 'unavailable', number: '66000002', reason: 'free' });
    expect(await quarantineNumber(t.db, { number: '66000001', until })).toEqual({ kind: 'quarantined', number: '66000001', quarantinedUntil: until });
    expect(await quarantineNumber(t.db, { number: '66000001', until })).toEqual({ kind: 'quarantined', number: '66000001', quarantinedUntil: until });
    expect(await stateOf('66000001')).toMatchObject({ state: 'quarantined', service_no: null });
    expect(await reserveNumber(t.db, { number: '66000001', exchangeCode, reservedBy: 'ORDER-C', until: later() })).toMatchObject({ kind: 'unavailable', reason: 'quarantined' });
    expect(await freeNumbers(t.db, { exchangeCode, limit: 10 })).toEqual(['66000002']);

    expect(await releaseQuarantined(t.db, new Date(until.getTime() - 1))).toEqual([]);
    expect(await releaseQuarantined(t.db, until)).toEqual(['66000001']);
    expect(await stateOf('66000001')).toEqual({ state: 'free', reserved_by: null, reserved_until: null, quarantined_until: null, service_no: null });
  });

  it('carries a line\'s numbers and moves along when its service number changes (a cross-exchange relocation)', async () => {
    const exchangeCode = await exchangeWith([{ number: '66100001', state: 'in_use' }]);
    const customer = await insertCustomer(t.db, { customerNo: 'TEL-0002' });
    await t.db('service_accounts').insert({
      service_no: '66100001', customer_id: customer.customerId, account_relation: customer.accountNo, pricing_plan: 'business-basic', line_type: 'B', exchange_code: exchangeCode, address: '和平路 2 号',
    });
    await t.db('phone_numbers').where({ number: '66100001' }).update({ service_no: '66100001' });
    await t.db('service_account_moves').insert({ service_no: '66100001', moved_at: new Date('2029-06-01T00:00:00Z'), order_ref: 'ORDER-OLD' });
    await t.db('service_accounts').where({ service_no: '66100001' }).update({ service_no: '66100002' });
    expect(await stateOf('66100001')).toMatchObject({ state: 'in_use', service_no: '66100002' });
    expect(await t.db('service_account_moves').where({ order_ref: 'ORDER-OLD' }).first('service_no')).toEqual({ service_no: '66100002' });
  });

  it('refuses a row whose state and columns disagree', async () => {
    const exchangeCode = await exchangeWith([]);
    await expect(t.db('phone_numbers').insert({ number: '66200001', exchange_code: exchangeCode, state: 'reserved' })).rejects.toThrow('phone_numbers_reservation_check');
    await expect(t.db('phone_numbers').insert({ number: '66200002', exchange_code: exchangeCode, state: 'quarantined' })).rejects.toThrow('phone_numbers_quarantine_check');
    await expect(t.db('phone_numbers').insert({ number: '66200003', exchange_code: exchangeCode, state: 'lost' })).rejects.toThrow('phone_numbers_state_check');
    await expect(t.db('phone_numbers').insert({ number: '6620-004', exchange_code: exchangeCode })).rejects.toThrow('phone_numbers_number_check');
  });
});

describe('the choosing screen', () => {
  const numbers = ['67000188', '67000288', '67001234', '67008888', '67000001', '67000002'];

  it('lists free numbers in order, a page at a time, or those matching a pattern', async () => {
    const exchangeCode = await exchangeWith([...numbers, { number: '67000388', state: 'in_use' }]);
    await exchangeWith(['67000488']);
    await reserveNumber(t.db, { number: '67000288', exchangeCode, reservedBy: 'ORDER-A', until: later() });
    expect(await freeNumbers(t.db, { exchangeCode, limit: 3 })).toEqual(['67000001', '67000002', '67000188']);
    expect(await freeNumbers(t.db, { exchangeCode, likePattern: '%88', limit: 10 })).toEqual(['67000188', '67008888']);
    expect(await freeNumbers(t.db, { exchangeCode, likePattern: '6700____', limit: 10 })).toEqual(['67000001', '67000002', '67000188', '67001234', '67008888']);
    expect(await freeNumbers(t.db, { exchangeCode, likePattern: '%1234', limit: 10 })).toEqual(['67001234']);
    expect(await freeNumbers(t.db, { exchangeCode, likePattern: '%999', limit: 10 })).toEqual([]);
  });

  it('samples free numbers at random', async () => {
    const pool20 = Array.from({ length: 20 }, (_, i) => `6710${String(i).padStart(4, '0')}`);
    const exchangeCode = await exchangeWith(pool20);
    const pages = await Promise.all(Array.from({ length: 5 }, () => freeNumbers(t.db, { exchangeCode, limit: 5, random: true })));
    for (const page of pages) {
      expect(page).toHaveLength(5);
      expect(new Set(page).size).toBe(5);
      page.forEach((n) => expect(pool20).toContain(n));
    }
    // Five pages of five out of twenty, all the same: (1/15504)^4 by chance.
    expect(new Set(pages.map((p) => [...p].sort().join())).size).toBeGreaterThan(1);
  });

  it('reserves any free number matching a pattern', async () => {
    const exchangeCode = await exchangeWith(['67200001', '67200088', '67208888']);
    expect(await reserveAnyNumber(t.db, { exchangeCode, likePattern: '%88', reservedBy: 'ORDER-A', until: later() })).toMatchObject({ number: '67200088' });
    expect(await reserveAnyNumber(t.db, { exchangeCode, likePattern: '%88', reservedBy: 'ORDER-B', until: later() })).toMatchObject({ number: '67208888' });
    expect(await reserveAnyNumber(t.db, { exchangeCode, likePattern: '%88', reservedBy: 'ORDER-C', until: later() })).toBeNull();
  });

  it('refuses a pattern that is not digits, % and _', async () => {
    const exchangeCode = await exchangeWith(['67300001']);
    await expect(freeNumbers(t.db, { exchangeCode, likePattern: "1' OR '1'='1", limit: 5 })).rejects.toThrow(InvalidNumberPattern);
    await expect(reserveAnyNumber(t.db, { exchangeCode, likePattern: '', reservedBy: 'ORDER-A', until: later() })).rejects.toThrow(InvalidNumberPattern);
    expect(await stateOf('67300001')).toMatchObject({ state: 'free' });
  });
});

describe('the demo', () => {
  let demo: TestDatabase;
  beforeAll(async () => {
    demo = await createTestDatabase();
  });
  afterAll(() => demo?.drop());

  it('seeds two exchanges with addresses, numbers and lines of both types, one from outside the area, once', async () => {
    await seedDemoData(demo.db);
    await seedDemoData(demo.db);
    expect(await demo.db('exchanges').orderBy('code').select('code', 'name')).toEqual([
      { code: 'DC', name: '东城局' },
      { code: 'XC', name: '西城局' },
    ]);
    const counts = await demo.db('phone_numbers').groupBy('exchange_code', 'state').orderBy(['exchange_code', 'state']).select('exchange_code', 'state').count({ n: '*' });
    expect((counts as Array<{ exchange_code: string; state: string; n: string }>).map((row) => [row.exchange_code, row.state, Number(row.n)])).toEqual([
      ['DC', 'free', 43],
      ['DC', 'in_use', 4],
      ['DC', 'quarantined', 2],
      ['XC', 'free', 43],
      ['XC', 'in_use', 1],
      ['XC', 'quarantined', 2],
    ]);
    const lines = await demo.db('service_accounts as s').join('customers as c', 'c.id', 's.customer_id').orderBy('s.service_no').select('s.service_no', 'c.customer_no', 's.line_type', 's.local');
    expect(lines).toEqual(DEMO_SERVICE_ACCOUNTS.map((l) => ({ service_no: l.serviceNo, customer_no: l.customerNo, line_type: l.lineType, local: l.local })));
    expect(new Set(lines.map((l) => l.line_type))).toEqual(new Set(['A', 'B']));
    expect(lines.filter((l) => !l.local)).toHaveLength(1);
    const inUse = await demo.db('phone_numbers').where({ state: 'in_use' }).orderBy('number').pluck('service_no');
    expect(inUse).toEqual(DEMO_SERVICE_ACCOUNTS.map((l) => l.serviceNo));
    expect((await demo.db('exchange_addresses').where({ exchange_code: 'XC' }).pluck('address_prefix')).sort()).toEqual(['人民路', '和平路', '西关街'].sort());
    expect(await freeNumbers(demo.db, { exchangeCode: 'XC', likePattern: '%8888', limit: 5 })).toEqual(['66208888']);
  });
});
