import type { Page } from 'playwright-core';
import { issueServiceToken } from '../../api/service-tokens';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { BackOffice, startBackOffice } from '../support/back-office';
import type { TestDatabase } from '../support/database';

/**
 * One language at a time (issue 9 §1): with demo-like data — a disconnection case past
 * approval with a re-check, a manual reconnection task, customers with history — the pages
 * people work in show no English in the Chinese back office and no Chinese in the English one,
 * beyond what is nobody's language: codes and numbers, and the names of people and places.
 */

// Proper names of the seed data (people, customers, places) and the words people typed below:
// they are the same in either language.
const NAMES = [
  '系统管理员', '周派单', '李催费', '陈审批', '赵执行', '孙维修', '吴座席', '郑收费', '钱稽核', '冯设计',
  '王小明', '赵阿姨', '陈先生', '刘女士', '孙大爷',
  '幸福街道抄表段', '幸福街道 12 号 3 单元 501', '幸福街道 14 号 1 单元 102', '幸福街道 18 号 1 单元 402', '幸福街道 20 号 3 单元 101',
];
const TYPED = ['欠费三个月', '同意停电', '请今天上门'];
// Codes, not words: order, payment and segment numbers (SEG-DEMO-01, BANK-01), a meter frame's hex bytes,
// a message's id as its gateway gave it (<…@gridflow>), the product's name.
const CODES = [/\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b/g, /\b[0-9A-F]{2}\b/g, /<[^<>\s]+@[^<>\s]+>/g, /\bGridflow\b/g];

let office: BackOffice;
let t: TestDatabase;
let base: string;

async function api(method: string, path: string, auth: { cookie?: string; token?: string }, body?: unknown): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  const res = await fetch(`${base}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function cookieOf(username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function waitFor<T>(what: string, find: () => Promise<T>, ms = 150_000): Promise<NonNullable<T>> {
  for (const until = Date.now() + ms; Date.now() < until; ) {
    const found = await find();
    if (found !== undefined && found !== null) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${what} within ${ms} ms`);
}

const pages: Record<string, string> = {};

beforeAll(async () => {
  office = await startBackOffice();
  t = office.t;
  base = office.api.baseUrl;
  const bank = await issueServiceToken(t.db, 'BANK-01');
  const [designer, collector, approver, dispatcher] = await Promise.all(['designer', 'collector', 'approver', 'dispatcher'].map(cookieOf));

  // The least notice the policy allows, so the re-check comes within a minute of the approval.
  const policy = await api('GET', '/settings/disconnection', { cookie: designer });
  await api('PUT', '/settings/disconnection', { cookie: designer }, { value: { ...policy.value, preNoticeMinutes: 1 } });

  // 3100000001 pays and is reconnected remotely; 3100000002 is not eligible: a collector goes on site.
  await api('POST', '/payments', { token: bank }, { paymentId: 'DEMO-1', accountNo: 'A3100000001', amount: '128.50', channel: 'bank' });
  await api('POST', '/payments', { token: bank }, { paymentId: 'DEMO-2', accountNo: 'A3100000002', amount: '45.20', channel: 'bank' });

  // A disconnection of two customers, one of whom pays after the application: the re-check follows the approval.
  const ids = (await t.db('customers').whereIn('customer_no', ['3100000006', '3100000007']).orderBy('customer_no').pluck('id')) as number[];
  const applied = await api('POST', '/disconnections', { cookie: collector }, { reason: TYPED[0], customerIds: ids });
  await api('POST', '/payments', { token: bank }, { paymentId: 'DEMO-3', accountNo: 'A3100000006', amount: '356.80', channel: 'bank' });
  const approval = await waitFor('approval task', () => t.db('tasks').where({ workflow_id: applied.workflowId, step: 'disconnection-approval' }).first('id', 'case_id'));
  await api('POST', `/tasks/${approval.id}/claim`, { cookie: approver });
  await api('POST', `/tasks/${approval.id}/complete`, { cookie: approver }, { result: { decision: 'approve', opinion: TYPED[1] } });

  const manual = await waitFor('manual reconnection task', () => t.db('tasks').where({ step: 'manual-reconnection' }).first('id', 'case_id', 'customer_id'));
  // People by name: an assignment and a note name the collector and the dispatcher.
  const collectorId = (await t.db('users').where({ username: 'collector' }).first('id')).id;
  await api('POST', `/tasks/${manual.id}/assign`, { cookie: dispatcher }, { userId: collectorId });
  await api('POST', `/tasks/${manual.id}/notes`, { cookie: dispatcher }, { text: TYPED[2] });
  const reCheck = await waitFor('re-check task', () => t.db('tasks').where({ workflow_id: applied.workflowId, step: 'disconnection-re-check' }).first('id'));
  const remote = await waitFor('remote reconnection', async () => {
    const row = await t.db('customers').where({ customer_no: '3100000001' }).first('id', 'supply_status');
    return row.supply_status === 'connected' ? row : undefined;
  });

  Object.assign(pages, {
    'task list': '/tasks',
    'approval task': `/tasks/${approval.id}/show`,
    're-check task': `/tasks/${reCheck.id}/show`,
    'manual reconnection task': `/tasks/${manual.id}/show`,
    'disconnection case': `/cases/${approval.case_id}/show`,
    'reconnection case': `/cases/${manual.case_id}/show`,
    'customer reconnected on site': `/customers/${manual.customer_id}/show`,
    'customer reconnected remotely': `/customers/${remote.id}/show`,
  });
}, 240_000);

afterAll(() => office?.stop());

/** The page's text as a person sees it, without messages' bodies (the text as sent, in the language it was sent in). */
async function visibleText(page: Page, path: string): Promise<string> {
  await page.goto(`${base}/#${path}`);
  await page.waitForLoadState('networkidle');
  // The list's rows, or a record's history, loaded: the page is drawn.
  await page.locator(path === '/tasks' ? '[data-testid^="task-row-"]' : '[data-testid="timeline-entry"]').first().waitFor();
  return page.evaluate(`(() => {
    const hidden = [...document.querySelectorAll('[data-testid="message-body"]')];
    hidden.forEach((el) => { el.dataset.display = el.style.display; el.style.display = 'none'; });
    const text = document.body.innerText;
    hidden.forEach((el) => { el.style.display = el.dataset.display; });
    return text;
  })()`);
}

async function inLocale(locale: 'zh-CN' | 'en', user = 'dispatcher'): Promise<Page> {
  const page = await office.logIn(user);
  if (locale === 'en') {
    await page.getByTestId('locale-menu').locator('button').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByText('Inbox').first().waitFor();
  }
  return page;
}

/** Lines holding what the reader's language does not allow, after removing what belongs to no language. */
function foreignLines(text: string, locale: 'zh-CN' | 'en'): string[] {
  return text.split('\n').filter((line) => {
    let rest = line;
    for (const name of [...NAMES, ...TYPED].sort((a, b) => b.length - a.length)) rest = rest.split(name).join(' ');
    for (const code of CODES) rest = rest.replace(code, ' ');
    return locale === 'zh-CN' ? /[A-Za-z]{2,}/.test(rest) : /\p{Script=Han}/u.test(rest);
  });
}

it.each(['zh-CN', 'en'] as const)('the back office in %s shows no word of the other language', async (locale) => {
  const page = await inLocale(locale);
  const found: Record<string, string[]> = {};
  for (const [name, path] of Object.entries(pages)) {
    const lines = foreignLines(await visibleText(page, path), locale);
    if (lines.length > 0) found[name] = lines;
  }
  await page.context().close();
  expect(found).toEqual({});
}, 120_000);
