/**
 * Inbox list latency at a utility's scale: seeds N tasks (30 % open; default 100,000, run it
 * with --tasks 1000000) over reconnection cases (one customer each) and disconnection cases
 * (several customers each, in disconnection_outcomes, whose approval tasks name none of them),
 * then runs a closed loop of GET /api/tasks at a fixed rate for a fixed time, the requests
 * spread over the inbox's common views, and prints p50/p99 per view and the rate achieved.
 * With --explain it prints EXPLAIN (ANALYZE, BUFFERS) of every statement each view runs.
 * Needs PostgreSQL at TEST_DATABASE_URL, as the tests do.
 *
 *   npm run bench:inbox -- [--tasks 100000] [--rate 200] [--seconds 20] [--workers 16] [--views inbox,search] [--explain] [--keep | --database <url>]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { createApp } from '../api/app';
import { connect, migrateToLatest } from '../db/connection';
import { insertUser } from '../db/seeds/users';
import { createTestDatabase } from '../test/support/database';
import { listen } from '../test/support/http';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '文', '华', '红', '建国', '志强', '海燕'];

/** A well-spread whole number from 0 for a series' value (PostgreSQL's own hash). */
const h = (expression: string) => `(hashint8((${expression})::bigint) & 2147483647)::int`;

async function seed(db: import('../db/connection').Db, taskCount: number, collectors: number[], approvers: number[]): Promise<void> {
  const customerCount = Math.max(100, Math.ceil(taskCount / 10));
  const reconnections = Math.max(50, Math.ceil(taskCount / 12));
  const disconnections = Math.max(10, Math.ceil(taskCount / 100));
  await db.raw(`INSERT INTO segments (code, name, collector_name, collector_phone) VALUES ('SEG-B', 'bench', 'c', '1')`);
  // Names as people have them: surname + one or two characters, so a name is shared by a few.
  await db.raw(
    `INSERT INTO customers (customer_no, name, type, address, segment_code, supply_status)
     SELECT 'C' || lpad(i::text, 8, '0'),
            substr(?::text, 1 + ${h('i')} % ?, 1) || (?::text[])[1 + ${h('i + 1000000007')} % ?] || CASE WHEN ${h('i + 2000000011')} % 3 = 0 THEN substr(?::text, 1 + ${h('i + 3000000019')} % ?, 1) ELSE '' END,
            'residential', '幸福路 ' || i || ' 号', 'SEG-B', 'connected'
     FROM generate_series(1, ?) AS i`,
    [SURNAMES, SURNAMES.length, GIVEN, GIVEN.length, SURNAMES, SURNAMES.length, customerCount],
  );
  // Reconnection cases, one customer each; then disconnection cases of 2-60 customers each.
  await db.raw(
    `INSERT INTO cases (type, title, customer_id, workflow_id, workflow_run_id, started_at)
     SELECT 'reconnection', '复电 ' || cu.customer_no, cu.id, 'reconnection-' || i, 'run-r' || i, now() - (i % 60) * interval '1 day'
     FROM generate_series(1, ?) AS i JOIN customers cu ON cu.id = 1 + ${h('i')} % ?`,
    [reconnections, customerCount],
  );
  await db.raw(
    `INSERT INTO cases (type, title, workflow_id, workflow_run_id, started_at)
     SELECT 'disconnection', '停电批次 ' || i, 'disconnection-' || i, 'run-d' || i, now() - (i % 60) * interval '1 day'
     FROM generate_series(1, ?) AS i`,
    [disconnections],
  );
  await db.raw(
    `INSERT INTO disconnection_outcomes (case_id, customer_id, customer_no, state)
     SELECT c.id, cu.id, cu.customer_no, 'waiting'
     FROM cases c CROSS JOIN LATERAL generate_series(1, 2 + (c.id * 13) % 59) AS k
     JOIN customers cu ON cu.id = 1 + ${h('c.id * 1000 + k')} % ?
     WHERE c.type = 'disconnection'
     ON CONFLICT DO NOTHING`,
    [customerCount],
  );
  // Tasks: bulk-loaded without the tasks' indexes, which are built afterwards (much faster).
  const indexes: Array<{ indexname: string; indexdef: string }> = (
    await db.raw(`SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = 'tasks'
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`)
  ).rows;
  // One transaction, so one connection: the temporary table and the setting hold throughout.
  await db.transaction(async (trx) => {
    for (const { indexname } of indexes) await trx.raw(`DROP INDEX ${indexname}`);
    // Cases by a dense number, so each task picks one arithmetically.
    await trx.raw(`CREATE TEMP TABLE bench_cases ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY id) AS n, id, type, customer_id, workflow_id, workflow_run_id FROM cases`);
    await trx.raw('CREATE UNIQUE INDEX ON bench_cases (n)');
    // A task i: open when i % 10 < 3; a disconnection case's approval (no customer) every 8th;
    // the rest a reconnection case's on-site task. Offered to a role or one collector; a quarter
    // of the open ones held; the closed ones completed by whom they were offered to.
    await trx.raw(
      `INSERT INTO tasks (case_id, workflow_id, workflow_run_id, step, step_seq, title, customer_id, candidate_roles, candidate_user_ids,
                          assignee_id, due_at, priority, state, routing_reason, completed_by_id, completed_at, created_at, acting_for_id)
       SELECT c.id, c.workflow_id, c.workflow_run_id, x.step, g.i, x.title, c.customer_id, x.roles, x.users,
              CASE WHEN g.i % 10 < 3 AND g.i % 4 = 0 THEN x.users[1] END,
              now() + (${h('g.i')} % 480 - 240) * interval '1 hour',
              1 + ${h('g.i + 1000000007')} % 5,
              CASE WHEN g.i % 10 < 3 THEN 'open' WHEN g.i % 50 = 9 THEN 'cancelled' ELSE 'completed' END,
              'bench',
              CASE WHEN g.i % 10 >= 3 AND g.i % 50 <> 9 THEN x.users[1] END,
              CASE WHEN g.i % 10 >= 3 THEN now() - (g.i % 500) * interval '1 hour' END,
              now() - (g.i % 700) * interval '1 hour',
              CASE WHEN g.i % 97 = 5 THEN x.users[1] END
       FROM generate_series(1, ?) AS g(i)
       CROSS JOIN LATERAL (SELECT CASE WHEN g.i % 8 = 0 THEN ? + 1 + ${h('g.i + 2000000011')} % ? ELSE 1 + ${h('g.i + 3000000019')} % ? END AS n) pick
       JOIN bench_cases c ON c.n = pick.n
       LEFT JOIN customers cu ON cu.id = c.customer_id
       CROSS JOIN LATERAL (
         SELECT CASE WHEN c.type = 'disconnection' THEN 'disconnection-approval' ELSE 'manual-reconnection' END AS step,
                CASE WHEN c.type = 'disconnection' THEN '停电审批 第 ' || (1 + g.i % 3) || ' 级' ELSE '现场复电 ' || cu.customer_no || ' ' || cu.name END AS title,
                CASE WHEN c.type = 'disconnection' THEN '{approver}'::text[] WHEN g.i % 3 = 0 THEN '{collector}'::text[] ELSE '{}'::text[] END AS roles,
                CASE WHEN c.type = 'disconnection' THEN ARRAY[(?::int[])[1 + c.id % ?]] ELSE ARRAY[(?::int[])[1 + c.id % ?]] END AS users
       ) x`,
      [taskCount, reconnections, disconnections, reconnections, approvers, approvers.length, collectors, collectors.length],
    );
    await trx.raw("SET LOCAL maintenance_work_mem = '512MB'");
    for (const { indexdef } of indexes) await trx.raw(indexdef);
  });
  await db.raw('VACUUM ANALYZE');
}

async function main(): Promise<void> {
  const taskCount = Number(option('tasks', '100000'));
  const rate = Number(option('rate', '200'));
  const seconds = Number(option('seconds', '20'));
  const workers = Number(option('workers', '16'));
  const explain = process.argv.includes('--explain');
  const reuse = option('database', '');
  const password = 'bench-password-1';
  // --database <url>: a database an earlier run seeded and kept (--keep), to measure again at once.
  const t = reuse ? { db: connect(reuse), url: reuse, drop: async () => {} } : await createTestDatabase();
  const seedStarted = performance.now();
  if (reuse) await migrateToLatest(t.db);
  else {
    const collectors: number[] = [];
    const approvers: number[] = [];
    for (let i = 0; i < 50; i++) collectors.push(await insertUser(t.db, { username: `collector${i}`, roles: ['collector'], password }));
    for (let i = 0; i < 5; i++) approvers.push(await insertUser(t.db, { username: `approver${i}`, roles: ['approver'], password }));
    await insertUser(t.db, { username: 'dispatcher', roles: ['dispatcher'], password });
    await seed(t.db, taskCount, collectors, approvers);
  }
  const counts = (await t.db.raw(`SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM tasks WHERE state = 'open') AS open,
    (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM case_customers) AS case_customers`)).rows[0];
  console.log(
    `seeded ${counts.tasks} tasks (${((100 * counts.open) / counts.tasks).toFixed(0)}% open), ${counts.cases} cases, ${counts.customers} customers, ` +
      `${counts.case_customers} case-customer links in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );

  // Search terms: part of a customer number of a disconnection case (so the case search matters), a name.
  const numbers: string[] = (await t.db.raw(`SELECT cu.customer_no FROM disconnection_outcomes o JOIN customers cu ON cu.id = o.customer_id ORDER BY o.id LIMIT 500`)).rows.map((r: { customer_no: string }) => r.customer_no);
  // Whole names as people type them: three characters (any part matches), two (the whole name).
  const names: string[] = (await t.db.raw(`SELECT name FROM customers WHERE id % 97 = 0 ORDER BY id LIMIT 300`)).rows.map((r: { name: string }) => r.name);

  const api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway }));
  const login = async (username: string) => {
    const res = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const collectorCookies: string[] = [];
  for (let i = 0; i < 10; i++) collectorCookies.push(await login(`collector${i}`));
  const dispatcherCookie = await login('dispatcher');
  const list = (filter: object, sort = '["dueAt","ASC"]', range = '[0,24]') =>
    `/api/tasks?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent(sort)}&range=${encodeURIComponent(range)}`;
  const pick = <T>(items: T[], n: number) => items[n % items.length]!;
  const allViews: Array<{ name: string; request(n: number): { cookie: string; path: string } }> = [
    { name: 'my inbox (collector, open by due)', request: (n) => ({ cookie: pick(collectorCookies, n), path: list({ state: 'open' }) }) },
    { name: 'overdue (collector)', request: (n) => ({ cookie: pick(collectorCookies, n), path: list({ overdue: true }) }) },
    { name: 'handled by me (collector)', request: (n) => ({ cookie: pick(collectorCookies, n), path: list({ handledByMe: true }, '["id","DESC"]') }) },
    { name: 'all open by priority (dispatcher)', request: () => ({ cookie: dispatcherCookie, path: list({ state: 'open' }, '["priority","ASC"]') }) },
    { name: 'search customer number (dispatcher)', request: (n) => ({ cookie: dispatcherCookie, path: list({ q: pick(numbers, n).slice(-5) }) }) },
    { name: 'search customer name (dispatcher)', request: (n) => ({ cookie: dispatcherCookie, path: list({ q: pick(names, n) }) }) },
    { name: 'page 200 of all (dispatcher)', request: () => ({ cookie: dispatcherCookie, path: list({}, '["dueAt","ASC"]', '[4975,4999]') }) },
  ];
  // --views inbox,search: only the views whose names hold one of these words.
  const only = option('views', '').split(',').filter(Boolean);
  const views = only.length ? allViews.filter((view) => only.some((word) => view.name.includes(word))) : allViews;

  const get = async ({ cookie, path }: { cookie: string; path: string }) => {
    const res = await fetch(`${api.baseUrl}${path}`, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return res.headers.get('content-range') ?? '';
  };

  if (explain) {
    // The statements each view runs, as knex sends them, explained on a connection of their own.
    const seen: Array<{ sql: string; bindings: unknown[] }> = [];
    const onQuery = (q: { sql: string; bindings?: unknown[] }) => void seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
    // A pool connection of its own, driven directly: knex logs the statements as sent ($1, $2...).
    const client = await t.db.client.acquireConnection();
    for (const view of views) {
      t.db.on('query', onQuery);
      const range = await get(view.request(1));
      t.db.off('query', onQuery);
      const statements = seen.splice(0).filter((q) => /\bfrom "tasks"/i.test(q.sql) && !/^explain/i.test(q.sql));
      console.log(`\n=== ${view.name}  (${range})`);
      for (const { sql, bindings } of statements) {
        console.log(`--- ${sql}\n    bindings ${JSON.stringify(bindings)}`);
        const plan: { rows: Array<Record<string, string>> } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings);
        for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);
      }
    }
    await t.db.client.releaseConnection(client);
  }

  // Warm up, then a closed loop: each worker sends its next request when the last has answered
  // and its turn has come, so together they send `rate` a second (or as many as answer).
  for (let n = 0; n < views.length * 5; n++) await get(pick(views, n).request(n));
  const times = views.map(() => [] as number[]);
  const totals = views.map(() => '');
  const cpuBefore = process.cpuUsage();
  // The API and the load share this process's event loop: how long it was kept from answering.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const started = performance.now();
  const end = started + seconds * 1000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let k = 0; ; k++) {
        const due = started + ((k * workers + w) * 1000) / rate;
        if (due >= end) return;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const n = sent++;
        const v = n % views.length;
        const at = performance.now();
        totals[v] = await get(views[v]!.request(Math.floor(n / views.length)));
        times[v]!.push(performance.now() - at);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  console.log(`\nGET /api/tasks over HTTP for ${elapsed.toFixed(1)} s, ${workers} workers aiming at ${rate}/s: ${sent} requests, ${(sent / elapsed).toFixed(1)}/s achieved, 25 rows a page; ` +
      `this process (API and load) used ${((cpu.user + cpu.system) / 1000 / sent).toFixed(1)} ms CPU a request`);
  const all: number[] = [];
  views.forEach((view, v) => {
    const sorted = times[v]!.sort((a, b) => a - b);
    all.push(...sorted);
    console.log(`  ${view.name.padEnd(38)} n ${String(sorted.length).padStart(5)}  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms  (${totals[v]})`);
  });
  all.sort((a, b) => a - b);
  console.log(`  event loop delay: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
  console.log(`  ${'all views'.padEnd(38)} n ${String(all.length).padStart(5)}  p50 ${percentile(all, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(all, 99).toFixed(1).padStart(6)} ms`);
  await api.close();
  if (process.argv.includes('--keep') || reuse) {
    console.log(`kept the database: ${t.url}`);
    await t.db.destroy();
  } else await t.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
