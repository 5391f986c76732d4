import type { Page } from 'playwright-core';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import { sessionCookie } from '../support/http';

/**
 * The designers' workbench in Chromium against the real API, Temporal, PostgreSQL and the demo
 * data, once in each language: the catalogue with both diagrams and live counts, publishing a
 * new notice period with a preview, and cases showing the version they started under.
 */
const LANGUAGES = [
  { locale: 'zh-CN', menuName: '简体中文', reason: '缩短停电通知期，便于演示' },
  { locale: 'en', menuName: 'English', reason: 'Shorter notice period for the demo' },
] as const;

/** Words of the product, not of a language. */
const PRODUCT_NAMES = ['Gridflow'];

describe.each(LANGUAGES)('the designers\' workbench in $locale', ({ locale, menuName, reason }) => {
  let office: BackOffice;
  let cookie: string;
  /** Text the pages show as data: people's and places' names, configured messages, reasons. */
  let dataTexts: string[];

  beforeAll(async () => {
    office = await startBackOffice();
    cookie = await sessionCookie(office.api.baseUrl, 'collector', DEMO_PASSWORD);
  });

  afterAll(() => office?.stop());

  /** Applies for one customer's disconnection (as the collector) and answers its case once it opened. */
  async function openCase(customerNo: string): Promise<{ id: number; workflowId: string }> {
    const customer = await office.t.db('customers').where({ customer_no: customerNo }).first('id');
    const applied = await fetch(`${office.api.baseUrl}/api/disconnections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ reason: '欠费三个月', customerIds: [customer.id] }),
    });
    expect(applied.status).toBe(201);
    const { workflowId } = (await applied.json()) as { workflowId: string };
    for (let i = 0; i < 300; i++) {
      const row = await office.t.db('cases').where({ workflow_id: workflowId }).first('id');
      if (row) return { id: row.id, workflowId };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no case for ${workflowId}`);
  }

  async function collectDataTexts(): Promise<string[]> {
    const { db } = office.t;
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
    const rows = [
      ...(await db('users').select('display_name as text')),
      ...(await db('customers').select('name as text')),
      ...(await db('customers').select('address as text')),
      ...(await db('segments').select('name as text')),
      ...(await db('cases').select('title as text')),
      ...(await db('policy_versions').select('reason as text')),
    ].map((row: { text: string | null }) => row.text ?? '');
    const values = (await db('policy_versions').select('value')).flatMap((row: { value: unknown }) => strings(row.value));
    // Longest first, so a name is removed whole before a shorter one inside it.
    return [...new Set([...rows, ...values, ...PRODUCT_NAMES])].filter((text) => text.trim() !== '').sort((a, b) => b.length - a.length);
  }

  /** Every text node and svg label of the page that is the UI's own, not data. */
  async function uiText(page: Page): Promise<string> {
    await page.waitForLoadState('networkidle');
    // Runs in the page; the test is compiled without the DOM's types.
    const text: string = await page.evaluate(`(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const parts = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent && parent.closest('script, style, textarea, [aria-hidden="true"]')) continue;
        parts.push(node.textContent);
      }
      return parts.join('\\n');
    })()`);
    return dataTexts.reduce((rest, data) => rest.split(data).join(' '), text);
  }

  /** No English word on a Chinese page, no Chinese character on an English one. */
  async function expectOneLanguage(page: Page, where: string) {
    dataTexts = await collectDataTexts();
    const text = await uiText(page);
    const foreign = locale === 'zh-CN' ? text.match(/[A-Za-z]{2,}/g) : text.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g);
    expect({ where, foreign: [...new Set(foreign ?? [])] }).toEqual({ where, foreign: [] });
  }

  it('shows both processes with their diagrams and live counts, publishes a new notice period after a preview, and cases show the version they started under', async () => {
    const { t } = office;
    const older = await openCase('3100000006');
    // The older case waits for its approval: the catalogue counts it there.
    for (let i = 0; i < 300 && (await t.db('cases').where({ id: older.id }).first()).current_step !== 'approval-1'; i++) await new Promise((r) => setTimeout(r, 100));

    const page = await office.logIn('designer');
    if (locale === 'en') {
      await page.getByTestId('locale-menu').locator('button').click();
      await page.getByRole('menuitem', { name: menuName }).click();
      await expect(page.getByTestId('menu-processes').innerText()).resolves.toContain('Process catalogue');
    } else {
      await expect(page.getByTestId('menu-processes').innerText()).resolves.toContain('流程目录');
    }
    await expectOneLanguage(page, 'dashboard');

    await page.getByTestId('menu-processes').click();
    for (const id of ['disconnection', 'reconnection']) {
      await page.getByTestId(`diagram-${id}`).locator('svg').first().waitFor();
      const running = await t.db('cases').where({ type: id, state: 'running' }).count<{ count: string }[]>('* as count');
      await expect(page.getByTestId(`open-cases-${id}`).innerText()).resolves.toContain(String(running[0]!.count));
    }
    const atApproval = page.getByTestId('waiting-disconnection-approval');
    expect(Number(await atApproval.innerText())).toBeGreaterThanOrEqual(1);
    // The diagram's labels are the catalog's, in this language.
    const diagramText = await page.getByTestId('diagram-disconnection').locator('svg').first().textContent();
    expect(diagramText).toContain(locale === 'en' ? 'approved' : '通过');
    expect(diagramText).toContain(locale === 'en' ? 'Disconnection commands' : '下发停电指令');
    await expectOneLanguage(page, 'catalogue');
    await page.screenshot({ path: path.join(ARTIFACTS, `workbench-catalogue-${locale}.png`), fullPage: true });

    // The count opens the case list filtered by the step.
    await atApproval.click();
    await page.waitForURL(/#\/cases\?.*filter=/);
    await page.getByTestId(`case-row-${older.id}`).waitFor();
    await page.goBack();

    await expect(page.getByTestId('menu-policies').count()).resolves.toBe(1);
    // #/settings is no 404 any more: it leads to the policy versions.
    await page.goto(`${office.api.baseUrl}/#/settings`);
    await page.waitForURL(/#\/policies/);
    await page.getByTestId('menu-processes').click();
    await page.getByTestId('process-link-disconnection').click();
    await page.getByTestId('process-disconnection').waitFor();
    await page.getByTestId('diagram-disconnection').locator('svg').first().waitFor();
    const before = await t.db('policy_versions').where({ key: 'disconnection' }).max<{ max: number }[]>('version as max');
    const previous = before[0]!.max;
    await page.getByTestId(`policy-row-${(await t.db('policy_versions').where({ key: 'disconnection', version: previous }).first('id')).id}`).waitFor();
    await expectOneLanguage(page, 'process page');

    await page.getByTestId('publish-new-version').click();
    const notice = page.getByTestId('field-preNoticeMinutes');
    await notice.waitFor();
    const current = Number(await notice.inputValue());
    await notice.fill(String(current + 1));
    await page.getByTestId('policy-reason').fill(reason);
    await expect(page.getByTestId('action-publish').isDisabled()).resolves.toBe(true);
    await page.getByTestId('action-preview').click();
    await page.getByTestId('preview-impacts').waitFor();
    await expectOneLanguage(page, 'publish page');
    await page.screenshot({ path: path.join(ARTIFACTS, `workbench-publish-${locale}.png`), fullPage: true });
    await page.getByTestId('action-publish').click();

    const published = previous + 1;
    await page.getByTestId(`policy-disconnection-${published}`).waitFor();
    const row = await t.db('policy_versions').where({ key: 'disconnection', version: published }).first();
    expect(row).toMatchObject({ reason, value: expect.objectContaining({ preNoticeMinutes: current + 1 }) });
    // The change reads as "label: old → new".
    await expect(page.getByTestId(`changes-${row.id}`).innerText()).resolves.toContain(`${current} → ${current + 1}`);
    await expectOneLanguage(page, 'version page');

    // A case started now runs under the new version; the older one keeps its own.
    const newer = await openCase('3100000003');
    const versionLabel = (version: number) => (locale === 'en' ? `Version ${version}` : `第 ${version} 版`);
    for (const [caseId, version] of [
      [newer.id, published],
      [older.id, previous],
    ] as const) {
      await page.goto(`${office.api.baseUrl}/#/cases/${caseId}/show`);
      // The list's copy of a case has no policy version: wait for the case's own answer.
      await page.getByTestId('case-policy-version').filter({ hasText: versionLabel(version) }).waitFor();
    }
    // The version links to its page.
    await page.getByTestId('case-policy-version').click();
    await page.getByTestId(`policy-disconnection-${previous}`).waitFor();
    await page.goBack();
    await page.getByTestId('case-policy-version').filter({ hasText: versionLabel(previous) }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, `workbench-case-${locale}.png`), fullPage: true });
    await expectOneLanguage(page, 'case page');
    await page.context().close();
  });
});
