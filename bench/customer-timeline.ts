/**
 * A customer's timeline as an auditor reads it (GET /api/audit/timelines/customer/:no) when
 * the customer has 100,000 events among many other customers' events: p50/p99 over HTTP on
 * loopback, first page and a deep page (keyset `after`). Needs PostgreSQL at TEST_DATABASE_URL.
 *
 *   npm run bench:customer-timeline -- [--events 100000] [--others 400000] [--requests 300]
 */
import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { createApp } from '../api/app';
import { insertCustomer } from '../db/seeds/customers';
import { insertUser } from '../db/seeds/users';
import { createTestDatabase } from '../test/support/database';
import { listen, sessionCookie } from '../test/support/http';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

async function main(): Promise<void> {
  const events = Number(option('events', '100000'));
  const others = Number(option('others', '400000'));
  const requests = Number(option('requests', '300'));
  const t = await createTestDatabase();
  try {
    const password = 'bench-password-1';
    await insertUser(t.db, { username: 'auditor', roles: ['auditor'], password });
    const customer = await insertCustomer(t.db, { customerNo: 'T-0000001', name: '王小明', meter: { address: '000000000001', site: 'bench', line: 'line-1' } });
    const other = await insertCustomer(t.db, { customerNo: 'T-0000002', name: '李四' });
    const seeded = performance.now();
    // Interleaved as a busy log would have them: the customer's events among everyone's.
    const STATEMENT = 50_000;
    const total = events + others;
    for (let from = 1; from <= total; from += STATEMENT) {
      const to = Math.min(total, from + STATEMENT - 1);
      await t.db.raw(
        `INSERT INTO events (type, actor, customer_id, order_no, data)
         SELECT CASE WHEN i % 3 = 0 THEN 'meter.command.confirmed' ELSE 'task.note' END, 'user:1',
                CASE WHEN (i * ?::bigint) / ?::bigint <> ((i - 1) * ?::bigint) / ?::bigint THEN ?::int ELSE ?::int END, '10' || lpad(i::text, 8, '0'),
                CASE WHEN i % 3 = 0 THEN jsonb_build_object('attempt', 1, 'exchanges', jsonb_build_array(jsonb_build_object('request', '68 01 00 00 00 00 00 68 11 04 33 33 33 33 0D 16', 'response', '68 01 00 00 00 00 00 68 91 05 33 33 33 33 34 0E 16', 'replyMs', 120)))
                     ELSE jsonb_build_object('text', '第 ' || i || ' 条') END
         FROM generate_series(?::bigint, ?::bigint) AS i`,
        [events, total, events, total, customer.customerId, other.customerId, from, to],
      );
    }
    await t.db.raw('ANALYZE');
    console.log(`seeded ${total.toLocaleString('en-US')} events (${events.toLocaleString('en-US')} of the customer) in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

    const api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway }));
    try {
      const cookie = await sessionCookie(api.baseUrl, 'auditor', password);
      const middle = Number((await t.db('events').where({ customer_id: customer.customerId }).orderBy('seq').offset(Math.floor(events / 2)).first('seq')).seq);
      const base = `/api/audit/timelines/customer/${customer.customerNo}`;
      const cases = [
        { name: 'newest first, first page of 50', path: `${base}?limit=50` },
        { name: 'oldest first, first page of 50', path: `${base}?order=oldest&limit=50` },
        { name: 'newest first, a page from the middle', path: `${base}?limit=50&after=${middle}` },
      ];
      for (const c of cases) {
        for (let i = 0; i < 10; i++) await (await fetch(`${api.baseUrl}${c.path}`, { headers: { cookie } })).arrayBuffer();
        const times: number[] = [];
        for (let i = 0; i < requests; i++) {
          const started = performance.now();
          const res = await fetch(`${api.baseUrl}${c.path}`, { headers: { cookie } });
          await res.arrayBuffer();
          times.push(performance.now() - started);
          if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${await res.text()}`);
        }
        times.sort((a, b) => a - b);
        console.log(`  ${c.name.padEnd(40)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(times, 99).toFixed(1).padStart(6)} ms`);
      }
    } finally {
      await api.close();
    }
  } finally {
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
