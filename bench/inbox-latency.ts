/**
 * Inbox list latency with 100,000 tasks in PostgreSQL: GET /api/tasks as a collector
 * (their inbox), as a dispatcher (everything), with the overdue and search filters, and
 * "tasks I handled". Prints p50/p99 per query over HTTP on loopback. Needs PostgreSQL at
 * TEST_DATABASE_URL, as the tests do.
 *
 *   npm run bench:inbox -- [--tasks 100000] [--requests 300]
 */
import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { createApp } from '../api/app';
import { insertUser } from '../db/seeds/users';
import { createTestDatabase } from '../test/support/database';
import { listen } from '../test/support/http';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

async function main(): Promise<void> {
  const taskCount = Number(option('tasks', '100000'));
  const requests = Number(option('requests', '300'));
  const t = await createTestDatabase();
  const password = 'bench-password-1';
  const collectors: number[] = [];
  for (let i = 0; i < 50; i++) collectors.push(await insertUser(t.db, { username: `collector${i}`, roles: ['collector'], password }));
  await insertUser(t.db, { username: 'dispatcher', roles: ['dispatcher'], password });

  const seedStarted = performance.now();
  // One customer and case per 10 tasks; tasks spread over states, candidates, due times.
  await t.db.raw(`INSERT INTO segments (code, name, collector_name, collector_phone) VALUES ('SEG-B', 'bench', 'c', '1')`);
  await t.db.raw(`
    INSERT INTO customers (customer_no, name, type, address, segment_code, supply_status)
    SELECT 'C' || lpad(i::text, 7, '0'), '客户' || i, 'residential', '幸福路 ' || i || ' 号', 'SEG-B', 'disconnected'
    FROM generate_series(1, ?) AS i`, [Math.ceil(taskCount / 10)]);
  await t.db.raw(`
    INSERT INTO cases (type, title, customer_id, workflow_id, workflow_run_id, started_at)
    SELECT 'reconnection', '复电 ' || c.customer_no, c.id, 'reconnection-' || c.customer_no, 'run-' || c.id, now() - (c.id % 30) * interval '1 day'
    FROM customers c`);
  await t.db.raw(`
    INSERT INTO tasks (case_id, workflow_id, workflow_run_id, step, step_seq, title, customer_id, candidate_roles, candidate_user_ids,
                       assignee_id, due_at, priority, state, routing_reason, completed_by_id, completed_at, created_at)
    SELECT c.id, c.workflow_id, c.workflow_run_id, 'manual-reconnection', s.n, '现场复电 ' || cu.customer_no, cu.id,
           CASE WHEN s.n % 3 = 0 THEN '{collector}'::text[] ELSE '{}'::text[] END,
           ARRAY[(?::int[])[1 + (c.id % 50)]],
           CASE WHEN s.n % 4 = 0 THEN (?::int[])[1 + (c.id % 50)] END,
           now() + ((c.id * 7 + s.n) % 240 - 120) * interval '1 hour',
           1 + (c.id + s.n) % 5,
           CASE WHEN s.n <= 7 THEN 'completed' ELSE 'open' END,
           'bench',
           CASE WHEN s.n <= 7 THEN (?::int[])[1 + (c.id % 50)] END,
           CASE WHEN s.n <= 7 THEN now() - s.n * interval '1 hour' END,
           now() - s.n * interval '1 hour'
    FROM cases c JOIN customers cu ON cu.id = c.customer_id CROSS JOIN generate_series(1, 10) AS s(n)`, [collectors, collectors, collectors]);
  await t.db.raw('ANALYZE');
  const { count } = (await t.db('tasks').count({ count: '*' }).first()) as { count: string };
  console.log(`seeded ${count} tasks (30% open) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  const api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway }));
  const login = async (username: string) => {
    const res = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const collectorCookie = await login('collector7');
  const dispatcherCookie = await login('dispatcher');
  const query = (filter: object, sort = '["dueAt","ASC"]') => `/api/tasks?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent(sort)}&range=[0,24]`;
  const cases = [
    { name: 'collector inbox (open, by due time)', cookie: collectorCookie, path: query({ state: 'open' }) },
    { name: 'collector overdue', cookie: collectorCookie, path: query({ overdue: true }) },
    { name: 'collector tasks I handled', cookie: collectorCookie, path: query({ handledByMe: true }, '["id","DESC"]') },
    { name: 'dispatcher all open (by priority)', cookie: dispatcherCookie, path: query({ state: 'open' }, '["priority","ASC"]') },
    { name: 'dispatcher search "C00012"', cookie: dispatcherCookie, path: query({ q: 'C00012' }) },
    { name: 'dispatcher page 200 of all', cookie: dispatcherCookie, path: `/api/tasks?range=[5000,5024]` },
  ];
  console.log(`GET /api/tasks over HTTP, ${requests} requests each, 25 rows a page:`);
  for (const c of cases) {
    for (let i = 0; i < 10; i++) await fetch(`${api.baseUrl}${c.path}`, { headers: { cookie: c.cookie } });
    const times: number[] = [];
    let total = '';
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      const res = await fetch(`${api.baseUrl}${c.path}`, { headers: { cookie: c.cookie } });
      await res.arrayBuffer();
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`${c.name}: ${res.status}`);
      total = res.headers.get('content-range') ?? '';
    }
    times.sort((a, b) => a - b);
    console.log(`  ${c.name.padEnd(40)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(times, 99).toFixed(1).padStart(6)} ms  (${total})`);
  }
  await api.close();
  await t.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
