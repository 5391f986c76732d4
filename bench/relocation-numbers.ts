/**
 * Number choice and reservation at a utility's scale (issue 13): 1,000,000 numbers across 50
 * exchanges, 50 clerks at once, each logged in with a session of their own and looping the
 * choosing screen and the acceptance over HTTP (the real API): a page of free numbers of a
 * random exchange (`GET /api/exchanges/:code/free_numbers`, a random page, the first page in
 * number order, or by a pattern such as `*88`), one number of it picked, and a cross-exchange
 * relocation of one of the clerk's own lines accepted with it (`POST /api/relocations`, which
 * reserves the number, books a seat and writes the order in one transaction, then starts the
 * order's workflow). Many clerks see the same first pages and take one of the first three
 * numbers of a page in number order, so numbers are contested: the loser must be refused with
 * 409 NUMBER_UNAVAILABLE and store nothing, then browse again. Each clerk books the seats of installation teams of its own, so the slots are never what
 * refuses an order: the number is the only thing raced for.
 *
 * Prints p50/p99 per page kind and per acceptance outcome, orders/s sustained, the load average,
 * then checks that no number was reserved twice (every reserved number's reserved_by names
 * exactly one order, as many orders with a new number as numbers reserved), that every 201
 * matches its row, and that every 409 stored nothing.
 *
 * Real parts: express on loopback, PostgreSQL (TEST_DATABASE_URL, as for the tests; the pool
 * size is DATABASE_POOL_MAX, as in production), a Temporal dev server the orders' workflows are
 * started on (no worker runs them: starting just records the workflow).
 *
 *   npm run bench:relocation-numbers -- [--size small|full] [--numbers 1000000] [--exchanges 50] [--clerks 50] [--seconds 30] [--lines 1000]
 *
 * --size small (or RELOCATION_BENCH_SIZE=small, the default): 20,000 numbers across 5 exchanges,
 * 10 clerks for 5 seconds, a smoke run. --lines is each clerk's lines (one per order accepted).
 */
import { loadavg } from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { createApp } from '../api/app';
import type { Db } from '../db/connection';
import { insertUser } from '../db/seeds/users';
import type { FreeNumbers, RelocationOrder } from '../domain/contracts/relocation';
import { addDays, chinaDate } from '../domain/relocation/appointment';
import { DEFAULT_RELOCATION_POLICY } from '../domain/relocation/policy';
import { relocationWorkflowId } from '../workflows/relocation/ids';
import { createTestDatabase } from '../test/support/database';
import { listen, sessionCookie } from '../test/support/http';
import { createLocalEnv } from '../test/support/temporal';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

const PASSWORD = 'relocation-bench-password-1';
/** An 18-digit resident ID with its right check character. */
const RESIDENT_ID = '11010519491231002X';
/** The exchange every clerk's lines are in now; the moves go to the numbered exchanges. */
const HOME = 'HOME';
/** The lucky endings many clerks look for, and so contest. */
const LUCKY = ['*88', '*66', '*168', '*8', '*99', '*518'];

/** How a clerk browses the choosing screen. */
const PAGE_KINDS = ['random page', 'first page', 'pattern page'] as const;
type PageKind = (typeof PAGE_KINDS)[number];
/** What an acceptance answered. */
const OUTCOMES = ['accepted (201)', 'contested (409)'] as const;
type Outcome = (typeof OUTCOMES)[number];

const exchangeCode = (k: number) => `EX${String(k).padStart(2, '0')}`;
const addressPrefix = (k: number) => `第${String(k).padStart(2, '0')}大街`;

interface Attempt {
  clerk: number;
  serviceNo: string;
  exchange: string;
  number: string;
  status: number;
  code?: string;
  reason?: string;
  orderNo?: string;
  newNumber?: string;
}

interface Size {
  numbers: number;
  exchanges: number;
  clerks: number;
  lines: number;
  teamsPerClerk: number;
}

/** The seats of one team: every slot of the days 1 to 59 ahead, each as often as its capacity. */
const SLOTS = DEFAULT_RELOCATION_POLICY.appointmentSlots;
const DAYS = 59;
const SEATS_PER_TEAM = DAYS * SLOTS.reduce((sum, slot) => sum + slot.capacity, 0);

/** The clerk's n-th booking (from 0): its own team, day and slot, none of them ever full. */
function seatOf(clerk: number, n: number): { teamCode: string; date: string; slot: string } {
  const team = Math.floor(n / SEATS_PER_TEAM);
  let rest = n % SEATS_PER_TEAM;
  const perDay = SEATS_PER_TEAM / DAYS;
  const day = 1 + Math.floor(rest / perDay);
  rest %= perDay;
  let slot = SLOTS[0]!;
  for (const s of SLOTS) {
    if (rest < s.capacity) {
      slot = s;
      break;
    }
    rest -= s.capacity;
  }
  return { teamCode: `T-C${clerk}-${team}`, date: addDays(chinaDate(Date.now()), day), slot: slot.code };
}

/** Everything in bulk (generate_series), then ANALYZE. Answers the clerks' user ids. */
async function seed(db: Db, size: Size): Promise<number[]> {
  const perExchange = Math.ceil(size.numbers / size.exchanges);
  if (size.exchanges > 99 || perExchange > 100_000) throw new Error('at most 99 exchanges of at most 100,000 numbers each');
  await db.raw(`INSERT INTO exchanges (code, name) VALUES (?, '老城局')`, [HOME]);
  await db.raw(`INSERT INTO exchanges (code, name) SELECT 'EX' || lpad(k::text, 2, '0'), '城区' || k || '局' FROM generate_series(1, ?) AS k`, [size.exchanges]);
  await db.raw(`INSERT INTO exchange_addresses (address_prefix, exchange_code) SELECT '第' || lpad(k::text, 2, '0') || '大街', 'EX' || lpad(k::text, 2, '0') FROM generate_series(1, ?) AS k`, [size.exchanges]);
  // Exchange k's numbers: 6, k in two digits, five digits.
  await db.raw(
    `INSERT INTO phone_numbers (number, exchange_code)
     SELECT '6' || lpad(k::text, 2, '0') || lpad(i::text, 5, '0'), 'EX' || lpad(k::text, 2, '0')
     FROM generate_series(1, ?) AS k, generate_series(0, ? - 1) AS i
     WHERE (k - 1) * ? + i < ?`,
    [size.exchanges, perExchange, perExchange, size.numbers],
  );
  const totalLines = size.clerks * size.lines;
  await db.raw(`INSERT INTO segments (code, name, collector_name, collector_phone) VALUES ('SEG-RB', 'bench', 'c', '1')`);
  await db.raw(
    `INSERT INTO customers (customer_no, name, type, address, segment_code, supply_status)
     SELECT 'RB' || lpad(i::text, 7, '0'), '客户' || i, 'residential', '老城路 ' || i || ' 号', 'SEG-RB', 'connected' FROM generate_series(1, ?) AS i`,
    [totalLines],
  );
  // Line i: number 8 and i in seven digits, in use in the home exchange.
  await db.raw(
    `INSERT INTO service_accounts (service_no, customer_id, account_relation, pricing_plan, line_type, exchange_code, address, local)
     SELECT '8' || substr(customer_no, 3), id, 'A' || customer_no, 'residential-basic', 'A', ?, address, true FROM customers WHERE customer_no LIKE 'RB%'`,
    [HOME],
  );
  await db.raw(`INSERT INTO phone_numbers (number, exchange_code, state, service_no) SELECT service_no, exchange_code, 'in_use', service_no FROM service_accounts`);
  const clerks: number[] = [];
  for (let c = 0; c < size.clerks; c++) clerks.push(await insertUser(db, { username: `clerk${c}`, displayName: `营业员${c}`, roles: ['clerk'], password: PASSWORD }));
  await db.raw(
    `INSERT INTO install_teams (code, name, exchange_code)
     SELECT 'T-C' || c || '-' || t, '机动' || c || '班' || t, NULL FROM generate_series(0, ? - 1) AS c, generate_series(0, ? - 1) AS t`,
    [size.clerks, size.teamsPerClerk],
  );
  await db.raw('ANALYZE');
  return clerks;
}

/** Clerk c's lines, in the order it takes them. */
const lineOf = (size: Size, clerk: number, n: number) => `8${String(clerk * size.lines + n + 1).padStart(7, '0')}`;

async function main(): Promise<void> {
  const small = option('size', process.env.RELOCATION_BENCH_SIZE ?? 'small') === 'small';
  const lines = Number(option('lines', small ? '300' : '1000'));
  const size: Size = {
    numbers: Number(option('numbers', small ? '20000' : '1000000')),
    exchanges: Number(option('exchanges', small ? '5' : '50')),
    clerks: Number(option('clerks', small ? '10' : '50')),
    lines,
    teamsPerClerk: Math.ceil(lines / SEATS_PER_TEAM),
  };
  const seconds = Number(option('seconds', small ? '5' : '30'));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  console.log(`load average at start: ${load()}`);

  const [env, t] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  try {
    const seedStarted = performance.now();
    await seed(t.db, size);
    console.log(
      `seeded ${size.numbers} numbers across ${size.exchanges} exchanges, ${size.clerks * size.lines} lines (${size.lines} a clerk), ${size.clerks * size.teamsPerClerk} teams, ANALYZE: ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    const api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
    const cookies: string[] = [];
    for (let c = 0; c < size.clerks; c++) cookies.push(await sessionCookie(api.baseUrl, `clerk${c}`, PASSWORD));

    const pageTimes = new Map<PageKind, number[]>(PAGE_KINDS.map((kind) => [kind, []]));
    const acceptTimes = new Map<Outcome, number[]>(OUTCOMES.map((outcome) => [outcome, []]));
    const attempts: Attempt[] = [];
    const unexpected: string[] = [];
    let emptyPages = 0;
    let outOfLines = 0;
    /** Each clerk's orders accepted so far: its next line and seat. */
    const taken = cookies.map(() => 0);

    /** One clerk's loop: browse, pick, accept; a 201 moves on to its next line, a 409 browses again. */
    const clerk = async (c: number, until: number, record: boolean) => {
      const cookie = cookies[c]!;
      while (performance.now() < until) {
        if (taken[c]! >= size.lines) {
          outOfLines++;
          return;
        }
        const k = 1 + Math.floor(Math.random() * size.exchanges);
        const roll = Math.random();
        const kind: PageKind = roll < 0.4 ? 'random page' : roll < 0.7 ? 'first page' : 'pattern page';
        const query =
          kind === 'random page' ? '?random=true&limit=20' : kind === 'first page' ? '?limit=20' : `?limit=20&pattern=${encodeURIComponent(Math.random() < 0.5 ? pick(LUCKY) : `*${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`)}`;
        let at = performance.now();
        const page = await fetch(`${api.baseUrl}/api/exchanges/${exchangeCode(k)}/free_numbers${query}`, { headers: { cookie } });
        const pageText = await page.text();
        if (record) pageTimes.get(kind)!.push(performance.now() - at);
        if (page.status !== 200) {
          unexpected.push(`GET free_numbers ${query}: ${page.status} ${pageText.slice(0, 200)}`);
          continue;
        }
        const { numbers } = JSON.parse(pageText) as FreeNumbers;
        if (numbers.length === 0) {
          emptyPages++;
          continue;
        }
        // On a page in number order the customer mostly takes one of the first few shown.
        const number = kind === 'random page' ? pick(numbers) : pick(numbers.slice(0, 3));
        const serviceNo = lineOf(size, c, taken[c]!);
        const body = {
          serviceNo,
          newAddress: `${addressPrefix(k)} ${1 + Math.floor(Math.random() * 500)} 号`,
          number,
          announcement: Math.random() < 0.5,
          appointment: seatOf(c, taken[c]!),
          contactName: '王小明',
          contactPhone: '13800000001',
          realName: { holder: 'person', document: { type: 'resident_id', number: RESIDENT_ID } },
          // As the intake screen does: one key for the line's intake, kept across its retries.
          idempotencyKey: `bench-${serviceNo}`,
        };
        at = performance.now();
        const res = await fetch(`${api.baseUrl}/api/relocations`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const text = await res.text();
        const ms = performance.now() - at;
        const attempt: Attempt = { clerk: c, serviceNo, exchange: exchangeCode(k), number, status: res.status };
        attempts.push(attempt);
        if (res.status === 201) {
          const order = JSON.parse(text) as RelocationOrder;
          attempt.orderNo = order.orderNo;
          attempt.newNumber = order.newNumber;
          taken[c] = taken[c]! + 1;
          if (record) acceptTimes.get('accepted (201)')!.push(ms);
        } else if (res.status === 409) {
          const { error } = JSON.parse(text) as { error: { code: string; details?: { reason?: string } } };
          attempt.code = error.code;
          if (error.details?.reason !== undefined) attempt.reason = error.details.reason;
          if (record) acceptTimes.get('contested (409)')!.push(ms);
        } else {
          unexpected.push(`POST /api/relocations ${number}: ${res.status} ${text.slice(0, 200)}`);
        }
      }
    };

    // Warm up for a second: counted in the checks, not in the figures.
    await Promise.all(cookies.map((_, c) => clerk(c, performance.now() + 1000, false)));
    const warmups = attempts.length;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(cookies.map((_, c) => clerk(c, started + seconds * 1000, true)));
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    await api.close();

    const measured = attempts.slice(warmups);
    const accepted = measured.filter((a) => a.status === 201).length;
    const contested = measured.filter((a) => a.status === 409).length;
    const pages = PAGE_KINDS.reduce((sum, kind) => sum + pageTimes.get(kind)!.length, 0);
    console.log(
      `\n${size.clerks} clerks (a session each) for ${elapsed.toFixed(1)} s over HTTP, ${size.numbers} numbers across ${size.exchanges} exchanges, ` +
        `database pool ${process.env.DATABASE_POOL_MAX ?? 10}, workflows started on the Temporal dev server (no worker):`,
    );
    console.log(`  ${accepted} orders accepted, ${(accepted / elapsed).toFixed(1)} orders/s sustained; ${contested} acceptances refused as contested (${((100 * contested) / Math.max(1, accepted + contested)).toFixed(1)} %)`);
    console.log(`  ${pages} pages browsed, ${((pages + accepted + contested) / elapsed).toFixed(1)} requests/s; ${emptyPages} empty pages${outOfLines ? `; ${outOfLines} clerks ran out of lines (raise --lines)` : ''}`);
    console.log(`  this process (API, clerks, Temporal client) used ${((cpu.user + cpu.system) / 1000 / Math.max(1, accepted + contested + pages)).toFixed(1)} ms CPU a request; load average now ${load()}`);
    const line = (name: string, sorted: number[]) =>
      console.log(`  ${name.padEnd(24)} n ${String(sorted.length).padStart(6)}  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms`);
    const allPages: number[] = [];
    for (const kind of PAGE_KINDS) {
      const sorted = pageTimes.get(kind)!.sort((a, b) => a - b);
      allPages.push(...sorted);
      if (sorted.length) line(`GET ${kind}`, sorted);
    }
    if (allPages.length) line('GET all pages', allPages.sort((a, b) => a - b));
    const allAccepts: number[] = [];
    for (const outcome of OUTCOMES) {
      const sorted = acceptTimes.get(outcome)!.sort((a, b) => a - b);
      allAccepts.push(...sorted);
      if (sorted.length) line(`POST ${outcome}`, sorted);
    }
    if (allAccepts.length) line('POST all acceptances', allAccepts.sort((a, b) => a - b));

    // Checked against what was answered and what is stored.
    const failures: string[] = [];
    const check = (ok: boolean, what: string) => {
      console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
      if (!ok) failures.push(what);
    };
    const one = async (sql: string) => Number(Object.values((await t.db.raw(sql)).rows[0])[0]);
    console.log('\nchecks:');
    check(unexpected.length === 0, `every page answered 200 and every acceptance 201 or 409 (${unexpected.length} others${unexpected.length ? `: ${unexpected.slice(0, 3).join('; ')}` : ''})`);
    const created = attempts.filter((a) => a.status === 201);
    const refused = attempts.filter((a) => a.status === 409);
    check(refused.every((a) => a.code === 'NUMBER_UNAVAILABLE' && a.reason === 'reserved'), `every 409 was NUMBER_UNAVAILABLE, the number reserved (${refused.length}, ${refused.filter((a) => a.code !== 'NUMBER_UNAVAILABLE').length} other codes)`);
    const withNumber = await one("SELECT count(*) FROM relocation_orders WHERE kind = 'cross' AND NOT keep_number");
    const reserved = await one("SELECT count(*) FROM phone_numbers WHERE state = 'reserved'");
    const badHolders = await one(
      "SELECT count(*) FROM phone_numbers p WHERE state = 'reserved' AND (SELECT count(*) FROM relocation_orders o WHERE o.workflow_id = p.reserved_by AND o.new_number = p.number) <> 1",
    );
    const twice = await one("SELECT count(*) FROM (SELECT new_number FROM relocation_orders WHERE kind = 'cross' GROUP BY new_number HAVING count(*) > 1) x");
    check(badHolders === 0 && twice === 0 && withNumber === reserved, `no number reserved twice: ${reserved} numbers reserved, ${withNumber} orders with a new number, ${badHolders} reservations not naming exactly one order, ${twice} numbers on two orders`);
    const rows = new Map<string, { order_no: string; service_no: string; new_number: string; to_exchange: string; workflow_id: string; state: string }>(
      (await t.db('relocation_orders').select('order_no', 'service_no', 'new_number', 'to_exchange', 'workflow_id', 'state')).map((row) => [row.order_no, row]),
    );
    const holders = new Map<string, string>((await t.db('phone_numbers').where({ state: 'reserved' }).select('number', 'reserved_by')).map((row) => [row.number, row.reserved_by]));
    const matches = created.filter((a) => {
      const row = rows.get(a.orderNo!);
      return row && row.service_no === a.serviceNo && row.new_number === a.number && a.newNumber === a.number && row.to_exchange === a.exchange && row.state === 'open' && holders.get(a.number) === relocationWorkflowId(a.orderNo!);
    }).length;
    check(matches === created.length && rows.size === created.length, `every 201 matches its row (line, number, exchange, open) and holds its number: ${matches} of ${created.length} answered, ${rows.size} orders stored`);
    const ordersOf = new Set([...rows.values()].map((row) => `${row.service_no} ${row.new_number}`));
    const acceptedNumbers = new Set(created.map((a) => a.number));
    const storedSomething = refused.filter((a) => ordersOf.has(`${a.serviceNo} ${a.number}`) || !acceptedNumbers.has(a.number)).length;
    const [bookings, acceptedEvents, reservedEvents] = [
      await one('SELECT count(*) FROM relocation_bookings'),
      await one("SELECT count(*) FROM events WHERE type = 'relocation.accepted'"),
      await one("SELECT count(*) FROM events WHERE type = 'relocation.number_reserved'"),
    ];
    check(
      storedSomething === 0 && bookings === created.length && acceptedEvents === created.length && reservedEvents === created.length,
      `every 409 stored nothing: ${storedSomething} of ${refused.length} refusals left an order or lost to no order; ${bookings} seats booked, ${acceptedEvents} accepted and ${reservedEvents} reserved events for ${created.length} orders`,
    );
    const sample = created.filter((_, i) => i % Math.max(1, Math.floor(created.length / 20)) === 0).slice(0, 20);
    const running = (await Promise.all(sample.map(async (a) => (await env.client.workflow.getHandle(relocationWorkflowId(a.orderNo!)).describe()).status.name))).filter((s) => s === 'RUNNING').length;
    check(running === sample.length, `the orders' workflows were started: ${running} of ${sample.length} sampled are running`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await env.teardown();
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
