/**
 * The dispatcher's board and the crew's list at a utility's scale (issue 12): seeds 1,000 crew
 * members and 100,000 open repair orders (plus half as many closed and done ones), spread over
 * categories, priorities, sources, the step each waits at (dispatch, accept, work, close) and
 * the crews, each open order with its case and open task, the alarm orders with their alarms;
 * then sends each common view a fixed number of requests over HTTP (the real API, logged-in
 * dispatcher and crew sessions) and prints p50/p99 per view and overall. With --explain it
 * prints EXPLAIN (ANALYZE, BUFFERS) of every statement each view runs. Needs PostgreSQL at
 * TEST_DATABASE_URL, as the tests do.
 *
 *   npm run bench:repair-board -- [--size small|full] [--orders 100000] [--crews 1000] [--requests 200] [--concurrency 4] [--views board,crew] [--explain] [--keep | --database <url>]
 *
 * --size small (or REPAIR_BENCH_SIZE=small) seeds 2,000 open orders and 50 crew members: a smoke run.
 */
import { Client } from '@temporalio/client';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { createApp } from '../api/app';
import { connect, migrateToLatest, type Db } from '../db/connection';
import { insertUser } from '../db/seeds/users';
import { REPAIR_PRIORITIES, REPAIR_STATES } from '../domain/contracts/repair';
import { DEFAULT_REPAIR_POLICY } from '../domain/repair/policy';
import { createTestDatabase } from '../test/support/database';
import { listen } from '../test/support/http';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '文', '华', '红', '建国', '志强', '海燕'];
/** The leaves of the default fault category tree: what orders are filed under. */
const CATEGORIES = DEFAULT_REPAIR_POLICY.categories.flatMap((parent) => parent.children.map((leaf) => leaf.code));
const SLA_MINUTES = REPAIR_PRIORITIES.map((p) => DEFAULT_REPAIR_POLICY.sla[p].fixMinutes);

/** A well-spread whole number from 0 for a series' value (PostgreSQL's own hash). */
const h = (expression: string) => `(hashint8((${expression})::bigint) & 2147483647)::int`;

interface Size {
  orders: number;
  history: number;
  crews: number;
  devices: number;
  customers: number;
}

/**
 * Seeds in bulk (generate_series). An order i is open for `orders` of the `orders + history`
 * values, spread evenly; the others were closed or rated weeks ago. The open ones wait at
 * dispatch (25 %, no crew), the crew's acceptance (15 %), the work (50 %) or the close (10 %).
 */
async function seed(db: Db, size: Size, dispatcherId: number): Promise<void> {
  const total = size.orders + size.history;
  await db.raw(`INSERT INTO segments (code, name, collector_name, collector_phone) VALUES ('SEG-R', 'bench', 'c', '1')`);
  await db.raw(
    `INSERT INTO customers (customer_no, name, type, address, segment_code, supply_status, phone)
     SELECT 'R' || lpad(i::text, 8, '0'),
            substr(?::text, 1 + ${h('i')} % ?, 1) || (?::text[])[1 + ${h('i + 1000000007')} % ?],
            'residential', '幸福路 ' || i || ' 号', 'SEG-R', 'connected', '139' || lpad(i::text, 8, '0')
     FROM generate_series(1, ?) AS i`,
    [SURNAMES, SURNAMES.length, GIVEN, GIVEN.length, size.customers],
  );
  await db.raw(
    `INSERT INTO repair_devices (device_id, category, place)
     SELECT 'DEV-' || lpad(i::text, 6, '0'), (?::text[])[1 + i % ?], '开闭所 ' || i
     FROM generate_series(1, ?) AS i`,
    [CATEGORIES, CATEGORIES.length, size.devices],
  );
  await db.raw(
    `INSERT INTO repair_device_customers (device_id, customer_id, position)
     SELECT 'DEV-' || lpad(i::text, 6, '0'), 1 + ${h('i')} % ?, 0 FROM generate_series(1, ?) AS i WHERE i % 5 <> 0`,
    [size.customers, size.devices],
  );
  await db.transaction(async (trx) => {
    // Every order's attributes once, so its case, order and tasks agree.
    await trx.raw(
      `CREATE TEMP TABLE bench_orders ON COMMIT DROP AS
       SELECT i, order_no, open, step, source, priority, p,
              CASE WHEN step = 'repair-dispatch' THEN NULL ELSE (?::int[])[1 + ${h('i + 5000000029')} % ?] END AS crew,
              CASE WHEN open THEN now() - (${h('i + 6000000043')} % (3 * 24 * 60)) * interval '1 minute'
                   ELSE now() - (7 + ${h('i + 6000000043')} % 80) * interval '1 day' END AS opened_at
       FROM (
         SELECT i, '16' || lpad(i::text, 8, '0') AS order_no, open,
                CASE WHEN NOT open THEN NULL WHEN s < 25 THEN 'repair-dispatch' WHEN s < 40 THEN 'repair-accept' WHEN s < 90 THEN 'repair-work' ELSE 'repair-close' END AS step,
                CASE WHEN i % 10 = 0 THEN 'alarm' WHEN i % 10 < 4 THEN 'self_service' ELSE 'agent' END AS source,
                (?::text[])[1 + p] AS priority, p
         FROM (
           SELECT i, (i::bigint * ?) / ? > ((i - 1)::bigint * ?) / ? AS open, ${h('i + 4000000007')} % 100 AS s,
                  CASE WHEN ${h('i + 3000000019')} % 100 < 5 THEN 0 WHEN ${h('i + 3000000019')} % 100 < 25 THEN 1 WHEN ${h('i + 3000000019')} % 100 < 85 THEN 2 ELSE 3 END AS p
           FROM generate_series(1, ?) AS i
         ) x
       ) y`,
      [await crewIds(trx), size.crews, [...REPAIR_PRIORITIES], size.orders, total, size.orders, total, total],
    );
    await trx.raw('CREATE UNIQUE INDEX ON bench_orders (i)');
    await trx.raw(
      `INSERT INTO cases (type, title, customer_id, state, current_step, workflow_id, workflow_run_id, started_at, closed_at)
       SELECT 'repair', '报修 ' || o.order_no, CASE WHEN o.source = 'alarm' THEN NULL ELSE 1 + ${h('o.i')} % ? END,
              CASE WHEN o.open THEN 'running' ELSE 'completed' END, coalesce(o.step, 'completed'),
              'repair-' || o.order_no, 'run-' || o.order_no, o.opened_at, CASE WHEN NOT o.open THEN o.opened_at + interval '2 days' END
       FROM bench_orders o`,
      [size.customers],
    );
    await trx.raw('ALTER SEQUENCE repair_order_seq RESTART WITH ' + String(total + 1));
    await trx.raw(
      `INSERT INTO repair_orders (order_no, source, customer_id, category, description, place, contact_phone, priority, state, workflow_id, case_id,
                                 crew_user_id, handler_user_id, loop_count, urge_count, rating, device_id, alarm_code,
                                 opened_at, responded_at, arrived_at, fixed_at, closed_at, done_at)
       SELECT o.order_no, o.source, c.customer_id, (?::text[])[1 + ${h('o.i + 7000000001')} % ?],
              CASE WHEN o.source = 'alarm' THEN '设备告警 A' || (o.i / 10 / ?) ELSE '报修 ' || o.order_no END,
              '幸福路 ' || o.i || ' 号', CASE WHEN o.source = 'alarm' THEN NULL ELSE '139' || lpad(c.customer_id::text, 8, '0') END,
              o.priority,
              CASE WHEN o.open THEN 'open' WHEN o.i % 4 = 0 THEN 'closed' ELSE 'done' END,
              'repair-' || o.order_no, c.id,
              CASE WHEN o.open THEN o.crew ELSE (?::int[])[1 + ${h('o.i + 5000000029')} % ?] END,
              CASE WHEN o.step IN ('repair-accept', 'repair-work') THEN o.crew END,
              CASE WHEN o.i % 37 = 0 THEN 1 ELSE 0 END, CASE WHEN o.i % 23 = 0 THEN 1 + o.i % 3 ELSE 0 END,
              CASE WHEN NOT o.open AND o.i % 4 <> 0 THEN 1 + ${h('o.i')} % 5 END,
              CASE WHEN o.source = 'alarm' THEN 'DEV-' || lpad((1 + (o.i / 10) % ?)::text, 6, '0') END,
              CASE WHEN o.source = 'alarm' THEN 'A' || (o.i / 10 / ?) END,
              o.opened_at,
              CASE WHEN o.step IS NULL OR o.step <> 'repair-dispatch' THEN o.opened_at + interval '10 minutes' END,
              CASE WHEN o.step IS NULL OR o.step = 'repair-close' OR (o.step = 'repair-work' AND o.i % 2 = 0) THEN o.opened_at + interval '40 minutes' END,
              CASE WHEN o.step IS NULL OR o.step = 'repair-close' THEN o.opened_at + interval '3 hours' END,
              CASE WHEN NOT o.open THEN o.opened_at + interval '4 hours' END,
              CASE WHEN NOT o.open AND o.i % 4 <> 0 THEN o.opened_at + interval '2 days' END
       FROM bench_orders o JOIN cases c ON c.workflow_run_id = 'run-' || o.order_no`,
      [CATEGORIES, CATEGORIES.length, size.devices, await crewIds(trx), size.crews, size.devices, size.devices],
    );
    // The alarm orders' alarms: 1 to 20 each, the last of a closed one a clearing.
    await trx.raw(
      `INSERT INTO repair_alarms (order_id, device_id, alarm_code, severity, clearing, raised_at, received_at)
       SELECT r.id, r.device_id, r.alarm_code, (ARRAY['critical', 'major', 'minor'])[1 + r.id % 3], r.state <> 'open' AND k = n.n,
              r.opened_at + k * interval '20 seconds', r.opened_at + k * interval '20 seconds'
       FROM repair_orders r CROSS JOIN LATERAL (SELECT 1 + ${h('r.id')} % 20 AS n) n CROSS JOIN LATERAL generate_series(1, n.n) AS k
       WHERE r.source = 'alarm'`,
    );
    // Tasks: bulk-loaded without the tasks' indexes, which are built afterwards (much faster).
    const indexes: Array<{ indexname: string; indexdef: string }> = (
      await trx.raw(`SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = 'tasks'
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`)
    ).rows;
    for (const { indexname } of indexes) await trx.raw(`DROP INDEX ${indexname}`);
    // An open order's open task (the dispatch and the close offered to dispatchers, the rest to
    // its crew member, half of the work taken), the completed steps before it, and a finished
    // order's five completed steps.
    await trx.raw(
      `INSERT INTO tasks (case_id, workflow_id, workflow_run_id, step, step_seq, title, title_code, title_params, customer_id, candidate_roles, candidate_user_ids,
                          assignee_id, due_at, priority, state, routing_reason, completed_by_id, completed_at, created_at)
       SELECT c.id, c.workflow_id, c.workflow_run_id, s.step, 1, '报修 ' || r.order_no || ' ' || r.place, 'repair-order',
              jsonb_build_object('orderNo', r.order_no, 'place', r.place), r.customer_id,
              CASE WHEN s.step IN ('repair-dispatch', 'repair-close') THEN '{dispatcher}'::text[] WHEN s.step = 'repair-callback' THEN '{agent}'::text[] ELSE '{}'::text[] END,
              CASE WHEN s.step IN ('repair-accept', 'repair-work') THEN ARRAY[r.crew_user_id] ELSE '{}'::int[] END,
              CASE WHEN s.open AND s.step = 'repair-work' AND r.id % 2 = 0 THEN r.crew_user_id END,
              r.opened_at + (?::int[])[1 + o.p] * interval '1 minute',
              1 + o.p,
              CASE WHEN s.open THEN 'open' ELSE 'completed' END,
              'bench',
              CASE WHEN NOT s.open THEN CASE WHEN s.step IN ('repair-accept', 'repair-work') THEN r.crew_user_id ELSE ? END END,
              CASE WHEN NOT s.open THEN r.opened_at + s.k * interval '30 minutes' END,
              r.opened_at + (s.k - 1) * interval '30 minutes'
       FROM bench_orders o
       JOIN repair_orders r ON r.order_no = o.order_no
       JOIN cases c ON c.id = r.case_id
       CROSS JOIN LATERAL (
         SELECT steps.step, steps.k, o.open AND steps.step = o.step AS open
         FROM unnest(ARRAY['repair-dispatch', 'repair-accept', 'repair-work', 'repair-close', 'repair-callback']) WITH ORDINALITY AS steps(step, k)
         WHERE NOT o.open OR steps.k <= array_position(ARRAY['repair-dispatch', 'repair-accept', 'repair-work', 'repair-close'], o.step)
       ) s`,
      [SLA_MINUTES, dispatcherId],
    );
    await trx.raw("SET LOCAL maintenance_work_mem = '512MB'");
    for (const { indexdef } of indexes) await trx.raw(indexdef);
  });
  await db.raw('VACUUM ANALYZE');
}

let crewIdList: number[] | undefined;
async function crewIds(db: Db | import('knex').Knex.Transaction): Promise<number[]> {
  crewIdList ??= (await db('users').whereRaw("'crew' = ANY(roles)").orderBy('id').pluck('id')) as number[];
  return crewIdList;
}

async function main(): Promise<void> {
  const small = (option('size', process.env.REPAIR_BENCH_SIZE ?? 'full')) === 'small';
  const orders = Number(option('orders', small ? '2000' : '100000'));
  const crews = Number(option('crews', small ? '50' : '1000'));
  const size: Size = { orders, crews, history: Math.floor(orders / 2), devices: Math.max(100, Math.min(10000, orders / 10)), customers: Math.max(1000, Math.ceil(orders / 5)) };
  const requests = Number(option('requests', small ? '20' : '200'));
  const concurrency = Number(option('concurrency', '4'));
  const explain = process.argv.includes('--explain');
  const reuse = option('database', '');
  const password = 'bench-password-1';
  // --database <url>: a database an earlier run seeded and kept (--keep), to measure again at once.
  const t = reuse ? { db: connect(reuse), url: reuse, drop: async () => {} } : await createTestDatabase();
  const seedStarted = performance.now();
  if (reuse) await migrateToLatest(t.db);
  else {
    const dispatcherId = await insertUser(t.db, { username: 'dispatcher', displayName: '周调度', roles: ['dispatcher'], password });
    // The crew members share one password hash (scrypt a thousand times would take a minute).
    await insertUser(t.db, { username: 'crew1', displayName: '李维修', roles: ['crew'], password });
    await t.db.raw(
      `INSERT INTO users (username, display_name, password_hash, roles, phone, supervisor_id)
       SELECT 'crew' || i, substr(?::text, 1 + ${h('i')} % ?, 1) || (?::text[])[1 + ${h('i + 1000000007')} % ?] || '班' || i,
              (SELECT password_hash FROM users WHERE username = 'crew1'), '{crew}', '137' || lpad(i::text, 8, '0'), ?
       FROM generate_series(2, ?) AS i`,
      [SURNAMES, SURNAMES.length, GIVEN, GIVEN.length, dispatcherId, crews],
    );
    await seed(t.db, size, dispatcherId);
  }
  const counts = (
    await t.db.raw(`SELECT (SELECT count(*) FROM repair_orders) AS orders, (SELECT count(*) FROM repair_orders WHERE state = 'open') AS open,
      (SELECT count(*) FROM users WHERE 'crew' = ANY(roles)) AS crews, (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM tasks WHERE state = 'open') AS open_tasks,
      (SELECT count(*) FROM repair_alarms) AS alarms`)
  ).rows[0];
  console.log(
    `${reuse ? 'reusing' : 'seeded'} ${counts.open} open repair orders (${counts.orders} in all), ${counts.crews} crew members, ${counts.tasks} tasks (${counts.open_tasks} open), ` +
      `${counts.alarms} alarms${reuse ? '' : ` in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`}`,
  );

  const api = await listen(createApp({ db: t.db, temporal: new Client(), gateway: outboxOnlyGateway }));
  const login = async (username: string) => {
    const res = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`log-in of ${username} answered ${res.status}`);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const dispatcherCookie = await login('dispatcher');
  // Crew members spread over the ids, each with their own open tasks.
  const crewCookies: string[] = [];
  for (let i = 0; i < 10; i++) crewCookies.push(await login(`crew${1 + Math.floor((i * crews) / 10)}`));
  const openOrderIds: number[] = (await t.db('repair_orders').where({ state: 'open' }).whereRaw('id % 97 = 0').orderBy('id').limit(500).pluck('id')).map(Number);

  const list = (resource: string, filter: object, sort: string, range: string) =>
    `/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent(sort)}&range=${encodeURIComponent(range)}`;
  const pick = <T>(items: readonly T[], n: number) => items[n % items.length]!;
  const allViews: Array<{ name: string; request(n: number): { cookie: string; path: string } }> = [
    // RepairBoard.tsx: the open orders, oldest first, 500 at a time; by priority when one is chosen.
    { name: 'board: open, oldest first (500)', request: () => ({ cookie: dispatcherCookie, path: list('repair_orders', { state: 'open' }, '["openedAt","ASC"]', '[0,499]') }) },
    { name: 'board: open by priority (500)', request: (n) => ({ cookie: dispatcherCookie, path: list('repair_orders', { state: 'open', priority: pick(REPAIR_PRIORITIES, n) }, '["openedAt","ASC"]', '[0,499]') }) },
    { name: 'board: crews with load', request: () => ({ cookie: dispatcherCookie, path: '/api/repair_crews' }) },
    // RepairOrderList.tsx: newest first, by state, react-admin's 10 a page.
    { name: 'orders list: all, by state (10)', request: (n) => ({ cookie: dispatcherCookie, path: list('repair_orders', pick([{}, ...REPAIR_STATES.map((state) => ({ state }))], n), '["openedAt","DESC"]', '[0,9]') }) },
    { name: 'order page', request: (n) => ({ cookie: pick([dispatcherCookie, ...crewCookies], n), path: `/api/repair_orders/${pick(openOrderIds, n)}` }) },
    // The crew member's own work: their inbox of open tasks (accept, work), by due time.
    { name: 'crew: my open tasks (25)', request: (n) => ({ cookie: pick(crewCookies, n), path: list('tasks', { state: 'open' }, '["dueAt","ASC"]', '[0,24]') }) },
  ];
  // --views board,crew: only the views whose names hold one of these words.
  const only = option('views', '').split(',').filter(Boolean);
  const views = only.length ? allViews.filter((view) => only.some((word) => view.name.includes(word))) : allViews;

  const get = async ({ cookie, path }: { cookie: string; path: string }) => {
    const res = await fetch(`${api.baseUrl}${path}`, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
    const json: unknown = JSON.parse(body);
    return res.headers.get('content-range') ?? (Array.isArray(json) ? `${json.length} rows` : 'one record');
  };

  if (explain) {
    // The statements each view runs, as knex sends them, explained on a connection of their own.
    const seen: Array<{ sql: string; bindings: unknown[] }> = [];
    const onQuery = (q: { sql: string; bindings?: unknown[] }) => void seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
    const client = await t.db.client.acquireConnection();
    for (const view of views) {
      t.db.on('query', onQuery);
      const range = await get(view.request(1));
      t.db.off('query', onQuery);
      const statements = seen.splice(0).filter((q) => /\bfrom "(repair_orders|tasks|users)"/i.test(q.sql) && !/^explain/i.test(q.sql) && !/^select \* from "sessions"/i.test(q.sql));
      console.log(`\n=== ${view.name}  (${range})`);
      for (const { sql, bindings } of statements) {
        console.log(`--- ${sql}\n    bindings ${JSON.stringify(bindings)}`);
        const plan: { rows: Array<Record<string, string>> } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings);
        for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);
      }
    }
    await t.db.client.releaseConnection(client);
  }

  // Warm up, then `requests` of each view, interleaved, `concurrency` at a time.
  for (let n = 0; n < views.length * 3; n++) await get(pick(views, n).request(n));
  const times = views.map(() => [] as number[]);
  const totals = views.map(() => '');
  const started = performance.now();
  let next = 0;
  const total = requests * views.length;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let n = next++; n < total; n = next++) {
        const v = n % views.length;
        const at = performance.now();
        totals[v] = await get(views[v]!.request(Math.floor(n / views.length)));
        times[v]!.push(performance.now() - at);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  console.log(`\n${total} requests over HTTP (${requests} a view, ${concurrency} at a time) in ${elapsed.toFixed(1)} s, ${(total / elapsed).toFixed(1)}/s`);
  const all: number[] = [];
  views.forEach((view, v) => {
    const sorted = times[v]!.sort((a, b) => a - b);
    all.push(...sorted);
    console.log(`  ${view.name.padEnd(34)} n ${String(sorted.length).padStart(5)}  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms  (${totals[v]})`);
  });
  all.sort((a, b) => a - b);
  console.log(`  ${'all views'.padEnd(34)} n ${String(all.length).padStart(5)}  p50 ${percentile(all, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(all, 99).toFixed(1).padStart(6)} ms`);
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
