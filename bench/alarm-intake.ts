/**
 * Equipment alarm intake with dedup (issue 12): 10,000 devices in repair_devices; several
 * monitoring clients post alarms (service token) for a fixed time, as fast as answered or at
 * --rate, mixing first alarms of a device and code (each opens an order and starts its
 * workflow), repeats (attached to the open order), a storm of repeats from a few noisy devices,
 * clearings and redeliveries of an alarm already sent. Prints the alarms/s sustained (and per
 * 5-second window), p50/p99 latency per kind, then checks that dedup held under concurrency:
 * one open order per device and code that had an alarm, every alarm stored once and on its own
 * device's order, each redelivery answered as the first time, one event per alarm and order.
 *
 * Real parts: express on loopback, PostgreSQL (TEST_DATABASE_URL, as for the tests), a Temporal
 * dev server the orders' workflows are started on. No worker runs them unless --workers is
 * given (then the central worker opens their cases and dispatch tasks meanwhile, in this process).
 *
 *   npm run bench:alarm-intake -- [--size small|full] [--devices 10000] [--seconds 30] [--clients 16] [--rate 0] [--workers]
 *
 * --size small (or REPAIR_BENCH_SIZE=small): 500 devices for 5 seconds, a smoke run.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { createApp } from '../api/app';
import { issueServiceToken } from '../api/service-tokens';
import { ALARM_SEVERITIES, type AlarmRequest } from '../domain/contracts/repair';
import { DEFAULT_REPAIR_POLICY } from '../domain/repair/policy';
import { createTestDatabase } from '../test/support/database';
import { startGridflow, type RunningGridflow } from '../test/support/gridflow';
import { listen } from '../test/support/http';
import { createLocalEnv } from '../test/support/temporal';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CATEGORIES = DEFAULT_REPAIR_POLICY.categories.flatMap((parent) => parent.children.map((leaf) => leaf.code));
const CODES = ['OVERLOAD', 'OIL-TEMP', 'DOOR-OPEN'];
/** Devices that alarm again and again (a transformer overloaded all afternoon). */
const NOISY_DEVICES = 20;
const KINDS = ['first or repeat', 'storm repeat', 'clearing', 'redelivery'] as const;
type Kind = (typeof KINDS)[number];

interface Sent {
  body: AlarmRequest & { alarmId: string };
  kind: Kind;
  status: number;
  answer?: { alarmId: number; orderNo: string | null; opened: boolean; clearing: boolean };
}

const deviceId = (n: number) => `DEV-${String(n).padStart(6, '0')}`;

async function main(): Promise<void> {
  const small = option('size', process.env.REPAIR_BENCH_SIZE ?? 'full') === 'small';
  const devices = Number(option('devices', small ? '500' : '10000'));
  const seconds = Number(option('seconds', small ? '5' : '30'));
  const clients = Number(option('clients', '16'));
  const rate = Number(option('rate', '0'));
  Runtime.install({ logger: new DefaultLogger('ERROR') });

  const [env, t] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  let gridflow: RunningGridflow | undefined;
  try {
    await t.db.raw(`INSERT INTO segments (code, name, collector_name, collector_phone) VALUES ('SEG-A', 'bench', 'c', '1')`);
    await t.db.raw(
      `INSERT INTO customers (customer_no, name, type, address, segment_code, supply_status)
       SELECT 'A' || lpad(i::text, 8, '0'), '用户' || i, 'residential', '幸福路 ' || i || ' 号', 'SEG-A', 'connected' FROM generate_series(1, ?) AS i`,
      [Math.ceil(devices / 5)],
    );
    // A device watches a customer's supply (4 in 5) or a line nobody owns.
    await t.db.raw(
      `INSERT INTO repair_devices (device_id, category, place)
       SELECT 'DEV-' || lpad(i::text, 6, '0'), (?::text[])[1 + i % ?], '开闭所 ' || i
       FROM generate_series(1, ?) AS i`,
      [CATEGORIES, CATEGORIES.length, devices],
    );
    await t.db.raw(
      `INSERT INTO repair_device_customers (device_id, customer_id, position)
       SELECT 'DEV-' || lpad(i::text, 6, '0'), 1 + (i - 1) % ?, 0 FROM generate_series(1, ?) AS i WHERE i % 5 <> 0`,
      [Math.ceil(devices / 5), devices],
    );
    await t.db.raw('ANALYZE');
    if (process.argv.includes('--workers')) gridflow = await startGridflow({ env, db: t.db, meters: [] });
    const api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
    const token = await issueServiceToken(t.db, 'monitoring');

    const sent: Sent[] = [];
    /** The next alarm: mostly any device and code, some from the noisy few, some clearings, some sent again. */
    const nextAlarm = (): Sent => {
      const roll = Math.random();
      if (roll < 0.03 && sent.length > 0) {
        const earlier = sent[Math.floor(Math.random() * sent.length)]!;
        return { body: earlier.body, kind: 'redelivery', status: 0 };
      }
      const kind: Kind = roll < 0.18 ? 'storm repeat' : roll < 0.28 ? 'clearing' : 'first or repeat';
      const device = kind === 'storm repeat' ? 1 + Math.floor(Math.random() * NOISY_DEVICES) : 1 + Math.floor(Math.random() * devices);
      const body = {
        deviceId: deviceId(device),
        alarmCode: kind === 'storm repeat' ? CODES[0]! : CODES[Math.floor(Math.random() * CODES.length)]!,
        severity: ALARM_SEVERITIES[Math.floor(Math.random() * ALARM_SEVERITIES.length)]!,
        raisedAt: new Date().toISOString(),
        clearing: kind === 'clearing',
        alarmId: `nms-${sent.length + 1}`,
      };
      return { body, kind, status: 0 };
    };
    const post = async (alarm: Sent): Promise<number> => {
      const at = performance.now();
      const res = await fetch(`${api.baseUrl}/api/alarms`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(alarm.body) });
      const text = await res.text();
      alarm.status = res.status;
      if (res.status !== 200 && res.status !== 201) throw new Error(`POST /api/alarms ${JSON.stringify(alarm.body)}: ${res.status} ${text.slice(0, 300)}`);
      alarm.answer = JSON.parse(text);
      return performance.now() - at;
    };

    // Warm up on devices of their own, outside the figures and the checks' counts.
    const warmups: Sent[] = Array.from({ length: 20 }, (_, i) => ({ body: { deviceId: deviceId(devices - i), alarmCode: 'WARM-UP', severity: 'minor', raisedAt: new Date().toISOString(), clearing: false, alarmId: `warm-${i}` }, kind: 'first or repeat', status: 0 }));
    for (const alarm of warmups) await post(alarm);

    const times = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
    const windows: number[] = [];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const end = started + seconds * 1000;
    let issued = 0;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let k = 0; ; k++) {
          if (rate > 0) {
            const due = started + ((k * clients + c) * 1000) / rate;
            if (due >= end) return;
            const wait = due - performance.now();
            if (wait > 0) await sleep(wait);
          } else if (performance.now() >= end) return;
          const alarm = nextAlarm();
          sent.push(alarm);
          issued++;
          const ms = await post(alarm);
          times.get(alarm.kind)!.push(ms);
          const w = Math.floor((performance.now() - started) / 5000);
          windows[w] = (windows[w] ?? 0) + 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    await api.close();

    const opened = sent.filter((a) => a.answer?.opened).length;
    console.log(
      `\nPOST /api/alarms over HTTP for ${elapsed.toFixed(1)} s, ${clients} clients${rate > 0 ? ` aiming at ${rate}/s` : ' as fast as answered'}, ${devices} devices` +
        `${gridflow ? ', central worker running the workflows' : ', workflows started on the Temporal dev server (no worker)'}:`,
    );
    console.log(`  ${issued} alarms, ${(issued / elapsed).toFixed(1)} alarms/s sustained; ${opened} opened an order, ${sent.filter((a) => a.answer && !a.answer.opened && a.answer.orderNo && a.kind !== 'redelivery').length} attached to an open one`);
    console.log(`  this process (API, clients, Temporal client${gridflow ? ', worker' : ''}) used ${((cpu.user + cpu.system) / 1000 / issued).toFixed(1)} ms CPU an alarm`);
    const full = windows.slice(0, Math.floor(elapsed / 5));
    if (full.length > 0) console.log(`  per 5-second window: ${full.map((n) => (n / 5).toFixed(0)).join(', ')} alarms/s (min ${(Math.min(...full) / 5).toFixed(0)}, max ${(Math.max(...full) / 5).toFixed(0)})`);
    const all: number[] = [];
    for (const kind of KINDS) {
      const sorted = times.get(kind)!.sort((a, b) => a - b);
      all.push(...sorted);
      if (sorted.length) console.log(`  ${kind.padEnd(16)} n ${String(sorted.length).padStart(6)}  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms`);
    }
    all.sort((a, b) => a - b);
    console.log(`  ${'all alarms'.padEnd(16)} n ${String(all.length).padStart(6)}  p50 ${percentile(all, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(all, 99).toFixed(1).padStart(6)} ms`);

    // Dedup held: checked against what was sent and answered.
    const failures: string[] = [];
    const check = (ok: boolean, what: string) => {
      console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
      if (!ok) failures.push(what);
    };
    const everything = [...warmups, ...sent];
    const firsts = new Map<string, Sent>();
    for (const alarm of everything) if (alarm.kind !== 'redelivery') firsts.set(alarm.body.alarmId, alarm);
    const one = async (sql: string) => Number(Object.values((await t.db.raw(sql)).rows[0])[0]);
    console.log('\nchecks:');
    check((await one('SELECT count(*) FROM repair_alarms')) === firsts.size && (await one('SELECT count(DISTINCT source_alarm_id) FROM repair_alarms')) === firsts.size, `every alarm stored once: ${firsts.size} alarms sent (${sent.length - firsts.size + warmups.length} more redeliveries), ${await one('SELECT count(*) FROM repair_alarms')} rows`);
    const redeliveries = sent.filter((a) => a.kind === 'redelivery');
    check(redeliveries.every((a) => a.answer!.alarmId === firsts.get(a.body.alarmId)!.answer!.alarmId && a.answer!.orderNo === firsts.get(a.body.alarmId)!.answer!.orderNo), `each of ${redeliveries.length} redeliveries answered with the first one's alarm and order`);
    // Per device and code: the orders answered, and whether any alarm but a clearing came.
    const keys = new Map<string, { orderNos: Set<string>; opened: number; raised: boolean }>();
    for (const alarm of everything) {
      const key = `${alarm.body.deviceId} ${alarm.body.alarmCode}`;
      const entry = keys.get(key) ?? { orderNos: new Set<string>(), opened: 0, raised: false };
      if (alarm.answer!.orderNo) entry.orderNos.add(alarm.answer!.orderNo);
      if (alarm.answer!.opened) entry.opened++;
      if (!alarm.body.clearing) entry.raised = true;
      keys.set(key, entry);
    }
    const raisedKeys = [...keys.values()].filter((e) => e.raised).length;
    check([...keys.values()].every((e) => e.orderNos.size === (e.raised ? 1 : 0) && e.opened === (e.raised ? 1 : 0)), `each of ${keys.size} devices and codes answered one order (opened once) if it had an alarm, none for clearings only`);
    check(
      (await one("SELECT count(*) FROM repair_orders WHERE state = 'open' AND source = 'alarm'")) === raisedKeys &&
        (await one("SELECT count(*) FROM (SELECT 1 FROM repair_orders WHERE source = 'alarm' GROUP BY device_id, alarm_code HAVING count(*) > 1) x")) === 0,
      `exactly one open order per device and code: ${raisedKeys} with alarms, ${await one("SELECT count(*) FROM repair_orders WHERE state = 'open' AND source = 'alarm'")} open alarm orders`,
    );
    check(
      (await one('SELECT count(*) FROM repair_alarms a JOIN repair_orders r ON r.id = a.order_id WHERE r.device_id <> a.device_id OR r.alarm_code <> a.alarm_code')) === 0 &&
        (await one('SELECT count(*) FROM repair_alarms WHERE order_id IS NULL AND NOT clearing')) === 0,
      `every alarm on its own device and code's order; only clearings without one (${await one('SELECT count(*) FROM repair_alarms WHERE order_id IS NULL')})`,
    );
    const [alarmEvents, openedEvents] = [await one("SELECT count(*) FROM events WHERE type = 'repair.alarm_received'"), await one("SELECT count(*) FROM events WHERE type = 'repair.opened'")];
    check(alarmEvents === firsts.size && openedEvents === raisedKeys, `one event per alarm (${alarmEvents}) and per order opened (${openedEvents})`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await gridflow?.stop();
    await env.teardown();
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
