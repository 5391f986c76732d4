import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkExport } from '../../db/audit/check-export';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { parseDisconnectionPolicy } from '../../domain/disconnection/policy';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import { sessionCookie } from '../support/http';

/**
 * The auditor's back office in Chromium against the real API, Temporal, PostgreSQL and the demo
 * data, once in each language: a disconnection case runs to its trip (applied for and approved
 * through the API), then the auditor opens the case, reads the decoded trip frame, exports the
 * case file (checked against the chain), verifies the chain and opens the meter's timeline.
 */
const LANGUAGES = [
  { locale: 'zh-CN', menuName: '简体中文', trip: '跳闸：断开继电器', accepted: '命令已执行', relayOpen: '继电器断开，已停电', verified: '事件链完整', meterKind: '电能表' },
  { locale: 'en', menuName: 'English', trip: 'Trip: open the relay', accepted: 'Command accepted', relayOpen: 'relay open, no power', verified: 'The chain is intact', meterKind: 'Meter' },
] as const;

/** The demo's connected customer with a meter; given a bill here, so it owes 86.40. */
const TARGET = '3100000003';
const TARGET_METER = '000000000003';
/** One approval level, the shortest pre-notice, and windows that cannot bite (only 23:59 is forbidden). */
const POLICY = parseDisconnectionPolicy({
  approvalLevels: [{ name: '供电所审批', approverRoles: ['approver'] }],
  preNoticeMinutes: 1,
  forbiddenWindows: { nightStart: '23:59', nightEnd: '00:00', dailyCutoff: '23:59', weekendsForbidden: false, holidays: [], workdayOverrides: [] },
});
/** Words of the product and formats, not of a language. */
const PRODUCT_NAMES = ['Gridflow'];

let office: BackOffice;
let caseId: number;

async function waitFor<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function post(pathname: string, cookie: string, body: unknown = {}): Promise<Record<string, any>> {
  const res = await fetch(`${office.api.baseUrl}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${pathname} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, any>;
}

beforeAll(async () => {
  office = await startBackOffice(async (t) => {
    await t.db('settings').where({ key: 'disconnection' }).update({ value: JSON.stringify(POLICY), updated_at: t.db.fn.now() });
    const account = await t.db('accounts as a').join('customers as c', 'c.id', 'a.customer_id').where('c.customer_no', TARGET).first('a.id');
    await t.db('bills').insert({ account_id: account.id, period: '2026-10', amount_fen: 8640, due_at: t.db.raw(`now() - interval '1 day'`) });
  });
  const { db } = office.t;
  // The collector applies, an approver approves: through the API, as the back office would.
  const collector = await sessionCookie(office.api.baseUrl, 'collector', DEMO_PASSWORD);
  const customer = await db('customers').where({ customer_no: TARGET }).first('id');
  const { workflowId } = await post('/api/disconnections', collector, { reason: '欠费超过两个月', customerIds: [customer.id] });
  caseId = await waitFor(async () => (await db('cases').where({ workflow_id: workflowId }).first('id'))?.id, 'the case');
  const taskId = await waitFor(async () => (await db('tasks').where({ case_id: caseId, step: 'disconnection-approval', state: 'open' }).first('id'))?.id, 'the approval');
  const approver = await sessionCookie(office.api.baseUrl, 'approver', DEMO_PASSWORD);
  await post(`/api/tasks/${taskId}/claim`, approver);
  await post(`/api/tasks/${taskId}/complete`, approver, { result: { decision: 'approve', opinion: '同意停电' } });
  // The minute's notice, then the trip.
  await waitFor(async () => ((await db('cases').where({ id: caseId }).first('state')).state === 'completed' ? true : undefined), 'the case to be archived', 150_000);
  expect(office.gridflow.simulator.meter(TARGET_METER).relayOpen).toBe(true);
}, 240_000);

afterAll(() => office?.stop());

async function collectDataTexts(): Promise<string[]> {
  const { db } = office.t;
  const rows = [
    ...(await db('users').select('display_name as text')),
    ...(await db('users').select('username as text')),
    ...(await db('customers').select('name as text')),
    ...(await db('customers').select('address as text')),
    ...(await db('segments').select('name as text')),
    ...(await db('cases').select('title as text')),
    ...(await db('outbox').select('body as text')),
    ...(await db('outbox').select('recipient as text')),
    ...(await db('meters').select('site as text')),
    ...(await db('meters').select('line as text')),
    // Free text people typed or the workflow copied: opinions, reasons, notes, names, message bodies.
    ...(await db('events').select(db.raw(`unnest(array[data->>'opinion', data->>'text', data->>'applicantName', data->>'by', data->>'body', data->>'title', data#>>'{result,opinion}']) AS text`))),
  ].map((row: { text: string | null }) => row.text ?? '');
  return [...new Set([...rows, ...PRODUCT_NAMES])].filter((text) => text.trim() !== '').sort((a, b) => b.length - a.length);
}

/** Every text of the page that is the UI's own: not data, hex, hashes or addresses (marked data-raw). */
async function uiText(page: Page, dataTexts: string[]): Promise<string> {
  await page.waitForLoadState('networkidle');
  const text: string = await page.evaluate(`(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && parent.closest('script, style, textarea, [aria-hidden="true"], [data-raw], [data-testid="message-body"]')) continue;
      parts.push(node.textContent);
    }
    return parts.join('\\n');
  })()`);
  // Codes that are data too: hex values, times, identifiers.
  return dataTexts.reduce((rest, data) => rest.split(data).join(' '), text).replace(/0x[0-9A-F]+|\b[0-9A-F]{8}\b|\d{4}-\d{2}-\d{2}T[\d:]+|\bkWh\b/g, ' ');
}

describe.each(LANGUAGES)('the auditor in $locale', ({ locale, menuName, trip, accepted, relayOpen, verified, meterKind }) => {
  async function expectOneLanguage(page: Page, where: string) {
    const text = await uiText(page, await collectDataTexts());
    const foreign = locale === 'zh-CN' ? text.match(/[A-Za-z]{2,}/g) : text.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g);
    expect({ where, foreign: [...new Set(foreign ?? [])] }).toEqual({ where, foreign: [] });
  }

  it('opens a disconnection case, reads the decoded trip frame, exports the case file, verifies the chain and opens the meter\'s timeline', async () => {
    const page = await office.logIn('auditor', { height: 1000 });
    if (locale === 'en') {
      await page.getByTestId('locale-menu').locator('button').click();
      await page.getByRole('menuitem', { name: menuName }).click();
    }
    await page.getByTestId('menu-audit-timelines').waitFor();

    // The case page: the chain's timeline, the trip decoded beside its hex.
    await page.goto(`${office.api.baseUrl}/#/cases/${caseId}/show`);
    const command = page.locator('[data-testid="audit-entry"][data-type="meter.command.confirmed"]').first();
    await command.waitFor();
    const sent = command.getByTestId('frame-sent').first();
    await expect(sent.getByTestId('frame-sent-decoded').innerText()).resolves.toContain(trip);
    await expect(sent.getByTestId('frame-sent-hex').innerText()).resolves.toMatch(/^→ FE FE FE FE 68 03 00 00 00 00 00 68 1C 10 /);
    await expect(command.getByTestId('frame-received').first().innerText()).resolves.toContain(accepted);
    await expect(command.innerText()).resolves.toContain(relayOpen);
    // The long control frame wraps inside its column: nothing runs past the page's edge.
    const box = await sent.getByTestId('frame-sent-hex').boundingBox();
    const width = await page.evaluate('document.documentElement.clientWidth');
    expect(box!.x + box!.width).toBeLessThanOrEqual(Number(width));
    const scrolls = await sent.getByTestId('frame-sent-hex').evaluate((el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth > el.clientWidth);
    expect(scrolls).toBe(false);
    // Steps in their real state: only the archive closes the case; nothing before it is still "running".
    const states = await page.getByTestId('step-state').allInnerTexts();
    expect(states.length).toBeGreaterThan(2);
    expect(states.filter((s) => s === (locale === 'en' ? 'In progress' : '进行中'))).toEqual([]);
    await expectOneLanguage(page, 'case page');
    await page.screenshot({ path: path.join(ARTIFACTS, `audit-case-${locale}.png`), fullPage: true });

    // The printable case file, in this language, checks out against the chain.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('case-export-html').click()]);
    const html = await readFile((await download.path())!, 'utf8');
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).toContain(trip);
    expect(await checkExport(office.t.db, html)).toMatchObject({ ok: true, file: 'html', caseId, problems: [] });

    // Verify the chain from the auditor's screen.
    await page.getByTestId('menu-audit-verify').click();
    await page.getByTestId('verify-run').click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    await expect(result.getAttribute('data-ok')).resolves.toBe('true');
    await expect(result.innerText()).resolves.toContain(verified);
    await expectOneLanguage(page, 'verify');

    // Back to the case, and on to the meter's own timeline.
    await page.goto(`${office.api.baseUrl}/#/cases/${caseId}/show`);
    await command.getByTestId('entry-meter').click();
    await page.waitForURL(new RegExp(`#/audit/timelines/meter/${TARGET_METER}$`));
    await expect(page.getByTestId('audit-timeline-heading').innerText()).resolves.toContain(meterKind);
    const meterEntries = page.locator('[data-testid="audit-timeline-meter"] [data-testid="audit-entry"]');
    await meterEntries.first().waitFor();
    const types = await meterEntries.evaluateAll((els: Array<{ getAttribute(name: string): string | null }>) => els.map((el) => el.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['meter.command.confirmed', 'customer.disconnected', 'disconnection.verdict']));
    await expectOneLanguage(page, 'meter timeline');
    await page.screenshot({ path: path.join(ARTIFACTS, `audit-meter-${locale}.png`), fullPage: true });
    await page.context().close();
  }, 120_000);
});
