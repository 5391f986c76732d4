import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { checkExport } from '../../db/audit/check-export';
import { appendEvent } from '../../db/events';
import { insertCustomer } from '../../db/seeds/customers';
import { insertUser } from '../../db/seeds/users';
import type { CaseFileJson, ChainReportRecord, TimelineEntry, TimelinePage } from '../../domain/contracts/audit';
import { auditSearchPage, caseFileJson, chainReport, timelinePage } from '../../domain/contracts/audit';
import { createTestDatabase, TestDatabase } from '../../test/support/database';
import { RunningGridflow, startGridflow, TEST_LINE, TEST_SITE } from '../../test/support/gridflow';
import { listen, sessionCookie } from '../../test/support/http';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { reconnectionWorkflowId } from '../../workflows/reconnection/ids';
import { reconnectCustomer } from '../../workflows/reconnection/workflow';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { createApp } from '../app';

// The auditor's API on real PostgreSQL and a time-skipping Temporal: a remote reconnection
// runs against a simulated meter, then its case, customer, meter and the people involved are
// read back as timelines, searched, exported, checked against the chain and verified.
const PASSWORD = 'audit-password-1';
const METER = '000000000701';
const run = promisify(execFile);

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let gridflow: RunningGridflow;
let api: Awaited<ReturnType<typeof listen>>;
let auditor: string;
let admin: string;
let collector: string;
const ids: Record<string, number> = {};
let caseId: number;
const workflowId = reconnectionWorkflowId('A-701');

beforeAll(async () => {
  [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  ids.auditor = await insertUser(t.db, { username: 'auditor', displayName: '审计员甲', roles: ['auditor'], password: PASSWORD });
  ids.admin = await insertUser(t.db, { username: 'admin', displayName: '管理员', roles: ['admin'], password: PASSWORD });
  ids.collector = await insertUser(t.db, { username: 'collector', displayName: '李催费', roles: ['collector'], password: PASSWORD });
  gridflow = await startGridflow({ env, db: t.db, meters: [{ address: METER, relayOpen: true, replyLatencyMs: 2 }] });
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, log: { error: console.error, warn() {} } }));
  const customer = await insertCustomer(t.db, {
    customerNo: 'A-701',
    name: '王审计',
    phone: '13800000701',
    supplyStatus: 'disconnected',
    segment: { code: 'SEG-A' },
    meter: { address: METER, site: TEST_SITE, line: TEST_LINE },
  });
  ids.customer = customer.customerId;
  // An SMS from before messages were events: an outbox row alone.
  await t.db('outbox').insert({ idempotency_key: 'sms:legacy:1', channel: 'sms', recipient: '13800000701', body: '旧短信', purpose: 'customer-reconnected', customer_id: customer.customerId, state: 'sent', sent_at: t.db.fn.now() });
  await env.client.workflow.execute(reconnectCustomer, { taskQueue: CENTRAL_TASK_QUEUE, workflowId, args: [{ customerNo: 'A-701', trigger: 'payment' }] });
  caseId = (await t.db('cases').where({ workflow_id: workflowId }).first('id')).id;
  // A task handed to the auditor by the collector, for the person timelines.
  await appendEvent(t.db, { type: 'task.delegated', actor: `user:${ids.collector}`, caseId, data: { to: ids.auditor, actingFor: ids.collector, by: '李催费' } });
  [auditor, admin, collector] = (await Promise.all(['auditor', 'admin', 'collector'].map((u) => sessionCookie(api.baseUrl, u, PASSWORD)))) as [string, string, string];
});

afterAll(async () => {
  await api?.close();
  await gridflow?.stop();
  await env?.teardown();
  await t?.drop();
});

async function get(pathname: string, cookie = auditor) {
  const res = await fetch(`${api.baseUrl}${pathname}`, { headers: { cookie } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

async function timeline(kind: string, key: string, query = ''): Promise<TimelinePage> {
  const res = await get(`/api/audit/timelines/${kind}/${encodeURIComponent(key)}${query}`);
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.text }).toEqual({ status: 200, body: 'ok' });
  return timelinePage.parse(res.json());
}

/** Every page, following `next`. */
async function allPages(kind: string, key: string, order: 'newest' | 'oldest', limit: number): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  let after: number | null | undefined;
  do {
    const page = await timeline(kind, key, `?order=${order}&limit=${limit}${after ? `&after=${after}` : ''}`);
    entries.push(...page.entries);
    after = page.next;
  } while (after);
  return entries;
}

describe('timelines', () => {
  it('tells a case: steps in their real state, the meter command decoded beside its hex, messages, names and the workflow', async () => {
    const page = await timeline('case', String(caseId), '?order=oldest&limit=500');
    expect(page.subject).toMatchObject({ kind: 'case', workflow: { workflowId, historyUrl: `/api/audit/workflows/${workflowId}/history` } });
    const steps = page.entries.filter((e) => e.type === 'case.step').map((e) => [e.step!.code, e.step!.state]);
    // Only the last step stands as the case does; the ones before it are done, not "running".
    expect(steps.at(-1)).toEqual(['reconnected', 'completed']);
    expect(steps.slice(0, -1).every(([, state]) => state === 'done')).toBe(true);
    expect(steps.length).toBeGreaterThan(1);

    const command = page.entries.find((e) => e.type === 'meter.command.confirmed')!;
    expect(command.actor).toMatchObject({ kind: 'hardware-worker', params: { site: TEST_SITE, workflowId } });
    expect(command.meter).toEqual({ address: METER, site: TEST_SITE, line: TEST_LINE });
    expect(command.customer).toEqual({ id: ids.customer, customerNo: 'A-701', name: '王审计' });
    expect(command.order?.kind).toBe('auto_reconnection');
    expect(command.data.exchanges).toBeUndefined();
    const [close, ...reads] = command.frames;
    expect(close!.sent).toMatchObject({ direction: 'to-meter', address: METER, function: 'remote-control', meaning: 'direct-close' });
    expect(close!.received.map((f) => f.meaning)).toEqual(['control-accepted']);
    // Status word 3 confirms the relay closed; then the meter's clock gives the restoration time.
    const status = reads.filter((r) => r.sent.params.item === 'status-word-3').at(-1)!;
    expect(status.sent).toMatchObject({ meaning: 'read-item', params: { di: '04000503' } });
    expect(status.received[0]).toMatchObject({ direction: 'from-meter', meaning: 'relay-closed', flags: ['relay-commanded-close'] });
    const clock = reads.at(-1)!;
    expect(clock.sent).toMatchObject({ meaning: 'read-item', params: { di: '04000102', item: 'time' } });
    expect(clock.received[0]).toMatchObject({ meaning: 'value', params: { item: 'time', time: expect.stringMatching(/^\d{2}:\d{2}:\d{2}$/) } });
    expect(close!.timing).toMatchObject({ baud: 2400, sentBytes: 32 });

    // The text to the customer, from its events (queued by the workflow, sent by the gateway).
    const messages = page.entries.filter((e) => e.type.startsWith('message.'));
    expect(messages.map((e) => [e.type, e.actor.kind])).toEqual([
      ['message.queued', 'reconnection'],
      ['message.sent', 'gateway'],
    ]);
    expect(messages[0]!.actor.params).toMatchObject({ customerNo: 'A-701' });
    // Each entry in the chain's order, with its hash.
    expect(page.entries.map((e) => e.seq)).toEqual([...page.entries.map((e) => e.seq)].sort((a, b) => a - b));
    expect(page.entries.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
  });

  it('pages by seq, newest or oldest first, without losing or repeating an entry', async () => {
    const all = (await timeline('case', String(caseId), '?order=oldest&limit=500')).entries.map((e) => e.seq);
    expect((await allPages('case', String(caseId), 'oldest', 3)).map((e) => e.seq)).toEqual(all);
    expect((await allPages('case', String(caseId), 'newest', 4)).map((e) => e.seq)).toEqual([...all].reverse());
  });

  it('tells a customer (by number), showing the outbox row from before message events once', async () => {
    const page = await timeline('customer', 'A-701', '?limit=500');
    expect(page.subject).toMatchObject({ title: '王审计', subtitle: 'A-701' });
    expect(page.entries.map((e) => e.type)).toEqual(expect.arrayContaining(['customer.reconnected', 'meter.command.confirmed', 'message.sent', 'work_order.opened']));
    expect(page.unchainedMessages).toEqual([expect.objectContaining({ body: '旧短信', state: 'sent' })]);
    // Not on later pages.
    const second = await timeline('customer', 'A-701', `?limit=1`);
    expect((await timeline('customer', 'A-701', `?limit=1&after=${second.next}`)).unchainedMessages).toEqual([]);
  });

  it('tells a meter by its address: its commands and the supply changes they made', async () => {
    const page = await timeline('meter', METER);
    expect(page.subject).toMatchObject({ kind: 'meter', subtitle: `${TEST_SITE}/${TEST_LINE}` });
    expect(new Set(page.entries.map((e) => e.type))).toEqual(new Set(['meter.command.confirmed', 'customer.reconnected']));
  });

  it('tells a person what they did and what was handed to them, by name', async () => {
    const mine = await timeline('person', String(ids.auditor));
    expect(mine.subject.title).toBe('审计员甲');
    const delegated = mine.entries.find((e) => e.type === 'task.delegated')!;
    expect(delegated.actor).toMatchObject({ kind: 'person', name: '李催费', userId: ids.collector });
    expect(delegated.people).toEqual({ [ids.auditor!]: '审计员甲', [ids.collector!]: '李催费' });
    expect(mine.entries.some((e) => e.type === 'user.login' && e.actor.userId === ids.auditor)).toBe(true);
    const theirs = await timeline('person', String(ids.collector));
    expect(theirs.entries.map((e) => e.type)).toEqual(expect.arrayContaining(['task.delegated', 'user.login']));
  });

  it('answers 404 for what is not there and 400 for a bad page', async () => {
    expect((await get('/api/audit/timelines/case/999999')).status).toBe(404);
    expect((await get('/api/audit/timelines/meter/123')).status).toBe(404);
    expect((await get('/api/audit/timelines/customer/NOPE')).status).toBe(404);
    expect((await get('/api/audit/timelines/planet/1')).status).toBe(404);
    const bad = await get(`/api/audit/timelines/case/${caseId}?limit=0`);
    expect({ status: bad.status, code: bad.json().error.code }).toEqual({ status: 400, code: 'INVALID_QUERY' });
    expect((await get(`/api/audit/timelines/case/${caseId}?sort=id`)).status).toBe(400);
  });
});

describe('search', () => {
  const search = async (query: string) => {
    const res = await get(`/api/audit/events?${query}`);
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.text }).toEqual({ status: 200, body: 'ok' });
    return auditSearchPage.parse(res.json());
  };

  it('finds events by customer number or name, meter, person, order number, type and time range', async () => {
    const byNumber = await search('customer=A-701&limit=500');
    expect(byNumber.entries.length).toBeGreaterThan(3);
    expect(byNumber.entries.every((e) => e.customer?.customerNo === 'A-701')).toBe(true);
    expect((await search(`customer=${encodeURIComponent('审计')}&limit=500`)).entries.map((e) => e.seq)).toEqual(byNumber.entries.map((e) => e.seq));

    expect(new Set((await search(`meter=${METER}`)).entries.map((e) => e.type))).toEqual(new Set(['meter.command.confirmed', 'customer.reconnected']));
    expect((await search(`person=${encodeURIComponent('李催')}&type=task.delegated`)).entries).toHaveLength(1);
    expect((await search('person=auditor&type=task.delegated')).entries).toHaveLength(1);

    const orderNo = (await t.db('work_orders').where({ customer_id: ids.customer }).first('order_no')).order_no;
    const byOrder = await search(`orderNo=${orderNo}`);
    expect(byOrder.entries.length).toBeGreaterThan(0);
    expect(byOrder.entries.every((e) => e.order?.orderNo === orderNo)).toBe(true);

    const types = await search('type=message.queued&type=message.sent');
    expect(new Set(types.entries.map((e) => e.type))).toEqual(new Set(['message.queued', 'message.sent']));

    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await search(`from=${future}`)).entries).toEqual([]);
    expect((await search(`to=${future}&customer=A-701&limit=500`)).entries).toHaveLength(byNumber.entries.length);
  });

  it('pages newest first by seq', async () => {
    const first = await search('customer=A-701&limit=2');
    const second = await search(`customer=A-701&limit=2&after=${first.next}`);
    expect(second.entries[0]!.seq).toBeLessThan(first.entries[1]!.seq);
  });

  it('refuses bad filters with a code, naming the field', async () => {
    for (const query of ['meter=12', 'type=no.such', 'from=yesterday', `from=${new Date().toISOString()}&to=2020-01-01T00:00:00Z`, 'colour=blue']) {
      const res = await get(`/api/audit/events?${query}`);
      expect({ query, status: res.status, code: res.json().error.code }).toEqual({ query, status: 400, code: 'INVALID_QUERY' });
    }
  });
});

describe('workflow history', () => {
  it('downloads a workflow\'s Temporal history as JSON, 404 for an unknown one', async () => {
    const res = await get(`/api/audit/workflows/${workflowId}/history`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const history = res.json();
    expect(history.events[0]).toMatchObject({ eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', workflowExecutionStartedEventAttributes: { workflowType: { name: 'reconnectCustomer' } } });
    expect((await get('/api/audit/workflows/no-such-workflow/history')).status).toBe(404);
  });
});

describe('export', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gridflow-export-'));
  });

  const exported = async (format: string, lang = 'zh-CN') => {
    const res = await get(`/api/audit/cases/${caseId}/export?format=${format}&lang=${lang}`);
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.text }).toEqual({ status: 200, body: 'ok' });
    return res;
  };

  it('exports JSON with a manifest of every event\'s hashed text and the chain head, which checks out against the chain', async () => {
    const res = await exported('json');
    const file: CaseFileJson = caseFileJson.parse(res.json());
    const events = await t.db('events').where({ case_id: caseId }).orderBy('seq').select('seq', 'hash');
    expect(file.manifest.events.map((e) => [Number(e.seq), e.hash])).toEqual(events.map((e) => [Number(e.seq), e.hash]));
    expect(file.manifest.chainHead!.seq).toBeGreaterThanOrEqual(Number(events.at(-1)!.seq));
    expect(await checkExport(t.db, res.text)).toMatchObject({ ok: true, file: 'json', caseId, checked: events.length, problems: [] });
  });

  it('exports a printable HTML file in one language, with a print stylesheet and the decoded frames', async () => {
    const zh = (await exported('html', 'zh-CN')).text;
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('@media print');
    expect(zh).toContain('直接合闸');
    expect(zh).toContain('继电器闭合');
    expect(zh).toContain('站点 site-t 的硬件工作进程');
    expect(zh).not.toContain('Direct close');
    const en = (await exported('html', 'en')).text;
    expect(en).toContain('Close the relay directly');
    expect(en).toContain('relay closed, power on');
    expect(en).not.toMatch(/继电器|流程环节|直接合闸/);
    expect(await checkExport(t.db, zh)).toMatchObject({ ok: true, file: 'html' });
  });

  it('exports CSV with a BOM, its canonical columns and a manifest row, checked by the CLI', async () => {
    const res = await exported('csv', 'en');
    expect(res.headers.get('content-type')).toContain('text/csv');
    // fetch's text() drops the BOM; the raw bytes carry it.
    const raw = Buffer.from(await (await fetch(`${api.baseUrl}/api/audit/cases/${caseId}/export?format=csv&lang=en`, { headers: { cookie: auditor } })).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const file = path.join(dir, 'case.csv');
    await writeFile(file, raw);
    const { stdout } = await run(process.execPath, [path.resolve(__dirname, '../../bin/gridflow.js'), 'audit', 'check-export', file], { env: { ...process.env, DATABASE_URL: t.url } });
    expect(stdout).toMatch(/^export matches the chain: \d+ events of case \d+ \(csv\)/);

    // A file changed after export is caught, and so is the database changed after it.
    const edited = path.join(dir, 'edited.json');
    const json = (await exported('json')).text;
    await writeFile(edited, json.replace('"actor": "workflow:', '"actor": "workflow:x'));
    const failed = await run(process.execPath, [path.resolve(__dirname, '../../bin/gridflow.js'), 'audit', 'check-export', edited], { env: { ...process.env, DATABASE_URL: t.url } }).catch((err: { code: number; stdout: string }) => err);
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringContaining('export-altered') });
  });

  it('answers 404 for an unknown case and 400 for an unknown format or language', async () => {
    expect((await get('/api/audit/cases/999999/export?format=json')).status).toBe(404);
    expect((await get(`/api/audit/cases/${caseId}/export?format=pdf`)).status).toBe(400);
    expect((await get(`/api/audit/cases/${caseId}/export?format=html&lang=fr`)).status).toBe(400);
  });
});

describe('verify, and permissions', () => {
  it('lets only auditors search and export; admins may verify', async () => {
    for (const cookie of [admin, collector]) {
      expect((await get(`/api/audit/timelines/case/${caseId}`, cookie)).status).toBe(403);
      expect((await get(`/api/audit/events`, cookie)).status).toBe(403);
      expect((await get(`/api/audit/cases/${caseId}/export?format=json`, cookie)).status).toBe(403);
      expect((await get(`/api/audit/workflows/${workflowId}/history`, cookie)).status).toBe(403);
    }
    const refused = await fetch(`${api.baseUrl}/api/audit/verify`, { method: 'POST', headers: { cookie: collector, 'content-type': 'application/json' } });
    expect(refused.status).toBe(403);
    const byAdmin = await fetch(`${api.baseUrl}/api/audit/verify`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' } });
    expect(byAdmin.status).toBe(200);
  });

  it('verifies the chain, records who did and what they found, and catches a row changed by hand in SQL — as does the export check', async () => {
    const verify = async (): Promise<ChainReportRecord> => {
      const res = await fetch(`${api.baseUrl}/api/audit/verify`, { method: 'POST', headers: { cookie: auditor, 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
      return chainReport.parse(await res.json());
    };
    const intact = await verify();
    expect(intact).toMatchObject({ ok: true, head: { seq: expect.any(Number) } });
    const recorded = await t.db('events').where({ type: 'audit.verified', actor: `user:${ids.auditor}` }).orderBy('seq', 'desc').first();
    expect(recorded.data).toMatchObject({ ok: true, checked: intact.checked, head: intact.head });

    const json = (await get(`/api/audit/cases/${caseId}/export?format=json`)).text;
    const victim = await t.db('events').where({ case_id: caseId, type: 'meter.command.confirmed' }).first('id', 'seq');
    await t.db.transaction(async (trx) => {
      await trx.raw('ALTER TABLE events DISABLE TRIGGER events_append_only');
      await trx.raw(`UPDATE events SET data = jsonb_set(data, '{attempt}', '2') WHERE id = ?`, [victim.id]);
      await trx.raw('ALTER TABLE events ENABLE TRIGGER events_append_only');
    });
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, problem: { kind: 'altered', seq: Number(victim.seq), eventId: Number(victim.id) } });
    const after = await t.db('events').where({ type: 'audit.verified' }).orderBy('seq', 'desc').first();
    expect(after.data).toMatchObject({ ok: false, problem: { kind: 'altered', seq: Number(victim.seq) } });
    expect(await checkExport(t.db, json)).toMatchObject({ ok: false, problems: [{ kind: 'database-altered', seq: String(victim.seq) }] });
  });
});
