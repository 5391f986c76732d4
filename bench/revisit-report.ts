/**
 * The revisits report (差评回访, issue 14) at a utility's scale: seeds 1,000,000 ratings over a
 * year and 50,000 revisits, of 100,000 customers in 20 offices (segments), repair orders done by
 * 200 crews; then asks the real API (a logged-in auditor, over HTTP) for a month of one office,
 * a different office and month each time, and prints p50/p99. With --explain it prints EXPLAIN
 * (ANALYZE, BUFFERS) of the report's heaviest statement. Needs PostgreSQL at TEST_DATABASE_URL,
 * as the tests do.
 *
 *   npm run bench:revisit-report -- [--size small|full] [--requests 60] [--explain] [--keep]
 *
 * --size small (or REVISIT_BENCH_SIZE=small): 20,000 ratings and 1,000 revisits, a smoke run.
 */
import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { createApp } from '../api/app';
import type { Db } from '../db/connection';
import { insertUser } from '../db/seeds/users';
import { DEFAULT_REVISIT_POLICY } from '../domain/revisit/policy';
import { createTestDatabase } from '../test/support/database';
import { listen, sessionCookie } from '../test/support/http';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
/** A well-spread whole number from 0 for a series' value (PostgreSQL's own hash). */
const h = (expression: string) => `(hashint8((${expression})::bigint) & 2147483647)::int`;
const LEAVES = DEFAULT_REVISIT_POLICY.causes.flatMap((top) => top.children.map((leaf) => leaf.code));
const OFFICES = 20;
const YEAR_START = '2025-01-01T00:00:00+08:00';

interface Size {
  ratings: number;
  revisits: number;
  customers: number;
  orders: number;
  crews: number;
}

async function seed(db: Db, size: Size): Promise<void> {
  await db.raw(`INSERT INTO segments (code, name, collector_name, collector_phone) SELECT 'SEG-' || lpad(i::text, 2, '0'), '供电所 ' || i, '李催费', '1' FROM generate_series(1, ?) AS i`, [OFFICES]);
  await db.raw(
    `INSERT INTO customers (customer_no, name, type, address, segment_code, supply_status, phone)
     SELECT 'V' || lpad(i::text, 8, '0'), '客户' || i, 'residential', '幸福路 ' || i || ' 号', 'SEG-' || lpad((1 + i % ?)::text, 2, '0'), 'connected', '139' || lpad(i::text, 8, '0')
     FROM generate_series(1, ?) AS i`,
    [OFFICES, size.customers],
  );
  await db.raw(`INSERT INTO repair_crews (code, name) SELECT 'crew-' || i, '抢修' || i || '班' FROM generate_series(1, ?) AS i`, [size.crews]);
  await db.raw(
    `INSERT INTO repair_orders (order_no, source, customer_id, category, description, place, priority, state, workflow_id, crew_code)
     SELECT '16' || lpad(i::text, 8, '0'), 'agent', 1 + ${h('i')} % ?, 'power-outage', '停电', '幸福路', 'normal', 'done', 'repair-' || i, 'crew-' || (1 + ${h('i + 7')} % ?)
     FROM generate_series(1, ?) AS i`,
    [size.customers, size.crews, size.orders],
  );
  // A case per revisit, for the figures' case lists.
  await db.raw(
    `INSERT INTO cases (type, title, state, current_step, workflow_id, workflow_run_id)
     SELECT 'revisit', '差评回访 ' || i, 'completed', 'revisit-recovered', 'revisit-18' || lpad(i::text, 8, '0'), 'run-rv-' || i FROM generate_series(1, ?) AS i`,
    [size.revisits],
  );
  // Revisit i is about repair order i (its customer's), opened over the year; most reached, some recovered.
  await db.raw(
    `INSERT INTO revisits (revisit_no, process, order_ref, customer_id, workflow_id, state, outcome, reasons, case_id, attempts, first_contact_at, cause_code, recovered, created_at)
     SELECT '18' || lpad(i::text, 8, '0'), 'repair', o.order_no, o.customer_id, 'revisit-18' || lpad(i::text, 8, '0'), 'closed',
            CASE WHEN s < 10 THEN 'unreachable' WHEN s < 75 THEN 'recovered' ELSE 'not-recovered' END, '{low-rating}', c.id, 1 + s % 3,
            CASE WHEN s >= 10 THEN at + (1 + s) * interval '1 hour' END,
            CASE WHEN s >= 10 THEN (?::text[])[1 + s % ?] END, CASE WHEN s >= 10 THEN s < 75 END, at
       FROM (SELECT i, ${h('i + 11')} % 100 AS s, timestamptz '${YEAR_START}' + (${h('i + 13')} % (365 * 24 * 60)) * interval '1 minute' AS at FROM generate_series(1, ?) AS i) x
       JOIN repair_orders o ON o.order_no = '16' || lpad(x.i::text, 8, '0')
       JOIN cases c ON c.workflow_id = 'revisit-18' || lpad(x.i::text, 8, '0')`,
    [LEAVES, LEAVES.length, size.revisits],
  );
  // Ratings of the orders over the year: one in eight bad; the bad ones of revisited orders point at them.
  await db.raw(
    `INSERT INTO ratings (process, order_ref, customer_id, rating, source, actor, bad, bad_reasons, revisit_id, received_at)
     SELECT 'repair', o.order_no, o.customer_id, CASE WHEN bad THEN 1 + s % 2 ELSE 3 + s % 3 END, 'sms', 'bench', bad,
            CASE WHEN bad THEN '{low-rating}'::text[] ELSE '{}'::text[] END, CASE WHEN bad THEN v.id END,
            timestamptz '${YEAR_START}' + (${h('i + 17')} % (365 * 24 * 60)) * interval '1 minute'
       FROM (SELECT i, ${h('i + 19')} % 8 = 0 AS bad, ${h('i + 23')} % 100 AS s, 1 + ${h('i + 29')} % ? AS n FROM generate_series(1, ?) AS i) x
       JOIN repair_orders o ON o.order_no = '16' || lpad(x.n::text, 8, '0')
       LEFT JOIN revisits v ON v.order_ref = o.order_no`,
    [size.orders, size.ratings],
  );
  await db.raw('ANALYZE');
}

async function main(): Promise<void> {
  const small = option('size', process.env.REVISIT_BENCH_SIZE ?? 'full') === 'small';
  const size: Size = small
    ? { ratings: 20_000, revisits: 1_000, customers: 5_000, orders: 10_000, crews: 20 }
    : { ratings: 1_000_000, revisits: 50_000, customers: 100_000, orders: 200_000, crews: 200 };
  const requests = Number(option('requests', small ? '12' : '60'));
  const t = await createTestDatabase();
  try {
    const started = Date.now();
    await seed(t.db, size);
    const counts = await t.db.raw('SELECT (SELECT count(*) FROM ratings) AS ratings, (SELECT count(*) FROM revisits) AS revisits');
    console.log(`seeded ${counts.rows[0].ratings} ratings and ${counts.rows[0].revisits} revisits of ${size.customers} customers in ${OFFICES} offices in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await insertUser(t.db, { username: 'auditor', roles: ['auditor'], password: 'bench-password-1' });
    const api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
    try {
      const cookie = await sessionCookie(api.baseUrl, 'auditor', 'bench-password-1');
      const ask = async (i: number) => {
        const month = String(1 + (i % 12)).padStart(2, '0');
        const last = new Date(Date.UTC(2025, 1 + (i % 12), 0)).getUTCDate();
        const query = new URLSearchParams({ from: `2025-${month}-01`, to: `2025-${month}-${last}`, office: `SEG-${String(1 + (i % OFFICES)).padStart(2, '0')}` });
        const at = performance.now();
        const res = await fetch(`${api.baseUrl}/api/reports/revisits?${query}`, { headers: { cookie } });
        const body = (await res.json()) as { figures: { ratings: number; bad: { value: number } } };
        if (res.status !== 200) throw new Error(`report answered ${res.status}: ${JSON.stringify(body)}`);
        return { ms: performance.now() - at, ratings: body.figures.ratings, bad: body.figures.bad.value };
      };
      await ask(0); // warm-up
      const times: number[] = [];
      let sample = { ratings: 0, bad: 0 };
      for (let i = 1; i <= requests; i++) {
        const answer = await ask(i);
        times.push(answer.ms);
        sample = answer;
      }
      times.sort((a, b) => a - b);
      console.log(`\nGET /api/reports/revisits, a month of one office (${requests} requests, one at a time, each a different office and month):`);
      console.log(`  p50 ${percentile(times, 50).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms  max ${times[times.length - 1]!.toFixed(1)} ms`);
      console.log(`  the last one counted ${sample.ratings} ratings, ${sample.bad} bad`);
      if (process.argv.includes('--explain')) {
        const plan = await t.db.raw(
          `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ratings g WHERE g.received_at >= ? AND g.received_at < ? AND g.customer_id IN (SELECT cu.id FROM customers cu WHERE cu.segment_code = 'SEG-01')`,
          [new Date('2025-03-01T00:00:00+08:00'), new Date('2025-04-01T00:00:00+08:00')],
        );
        console.log(plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n'));
      }
    } finally {
      await api.close();
    }
  } finally {
    // --keep leaves the seeded database for a closer look (psql on the printed URL; drop it after).
    if (process.argv.includes('--keep')) console.log(`kept ${t.url}`);
    else await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
