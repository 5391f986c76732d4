import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { EAST, PERIOD, ReportFixtures, seedReportFixtures, WEST } from '../../api/reports/report-fixtures';
import { BackOffice, startBackOffice } from '../support/back-office';
import { insertCustomer } from '../../db/seeds/customers';
import { ARTIFACTS } from '../support/browser';

/**
 * The reports in Chromium against the real API, Temporal, PostgreSQL and the demo data, with
 * the report fixtures (api/reports/report-fixtures.ts: 1–2 March 2025, two offices) added. As
 * an auditor, once in each language: each report shows its chart and a figure the fixtures
 * give, a figure opens the cases behind it, and the CSV downloads.
 */
const LANGUAGES = [
  { locale: 'zh-CN', menuName: '简体中文', menu: '统计报表', withinOneMinute: '1 分钟内复电', share: '33.3%', disconnected: '已停电' },
  { locale: 'en', menuName: 'English', menu: 'Reports', withinOneMinute: 'Within 1 minute', share: '33.3%', disconnected: 'Disconnected' },
] as const;

let office: BackOffice;
let fixtures: ReportFixtures;
let revisitCase = 0;

beforeAll(async () => {
  office = await startBackOffice(async (t) => {
    const collector = await t.db('users').where({ username: 'collector' }).first('id');
    fixtures = await seedReportFixtures(t.db, collector.id);
    // A bad review in the east office, its revisit recovered (差评回访).
    const customerId = (await insertCustomer(t.db, { customerNo: 'RPT-RV-9', name: '回访客户', segment: EAST })).customerId;
    const [{ id: caseId }] = await t.db('cases').insert({ type: 'revisit', title: '差评回访', state: 'completed', current_step: 'revisit-recovered', workflow_id: 'revisit-1888000009', workflow_run_id: 'run-rv-9' }).returning('id');
    revisitCase = Number(caseId);
    const at = new Date('2025-03-01T03:00:00Z');
    const [{ id: revisitId }] = await t.db('revisits')
      .insert({ revisit_no: '1888000009', process: 'repair', order_ref: '1688000009', customer_id: customerId, workflow_id: 'revisit-1888000009', state: 'closed', outcome: 'recovered', recovered: true, case_id: revisitCase, cause_code: 'quality-recurred', created_at: at, first_contact_at: new Date(at.getTime() + 3600_000) })
      .returning('id');
    await t.db('ratings').insert({ process: 'repair', order_ref: '1688000009', customer_id: customerId, rating: 1, source: 'call', actor: 'test', bad: true, bad_reasons: ['low-rating'], revisit_id: revisitId, received_at: at });
  });
});

afterAll(() => office?.stop());

const period = new URLSearchParams(PERIOD).toString();

async function expectCases(page: Page, ids: number[], absent: number[]) {
  await page.waitForURL(/#\/cases\?.*filter=/);
  for (const id of ids) await page.getByTestId(`case-row-${id}`).waitFor();
  for (const id of absent) await expect(page.getByTestId(`case-row-${id}`).count()).resolves.toBe(0);
}

async function downloadCsv(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^gridflow-${name}-2025-03-01-2025-03-02.*\\.csv$`));
  const bytes = readFileSync((await download.path())!);
  // Excel reads UTF-8 only after a byte-order mark.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.toString('utf8');
}

/** Chinese on an English page, or English words on a Chinese one, apart from the data's own names. */
async function expectOneLanguage(page: Page, locale: string, where: string) {
  const names = [EAST.name, WEST.name, 'Gridflow', ...((await office.t.db('users').pluck('display_name')) as string[]), ...((await office.t.db('segments').pluck('name')) as string[])];
  const text = names.reduce((rest, name) => rest.split(name).join(' '), await page.getByTestId(where).innerText());
  const foreign = locale === 'zh-CN' ? text.match(/[A-Za-z]{2,}/g) : text.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g);
  // Codes are nobody's language: CSV, sites and lines, segment codes.
  const words = [...new Set(foreign ?? [])].filter((word) => !['CSV', 'SITE', 'RPT', 'LINE', 'SEG'].includes(word));
  expect({ where, foreign: words }).toEqual({ where, foreign: [] });
}

describe.each(LANGUAGES)('reports in $locale', ({ locale, menuName, menu, withinOneMinute, share, disconnected }) => {
  it('shows each report with its chart and figures, opens the cases behind a figure, and downloads the CSV', async () => {
    const { R1, R2, R3 } = fixtures.r;
    const { D1, D2, D3 } = fixtures.d;
    const page = await office.logIn('auditor', { height: 1100 });
    if (locale === 'en') {
      await page.getByTestId('locale-menu').locator('button').click();
      await page.getByRole('menuitem', { name: menuName }).click();
    }
    await expect(page.getByTestId('menu-reports').innerText()).resolves.toContain(menu);
    await page.getByTestId('menu-reports').click();
    await page.getByTestId('report-reconnection').waitFor();

    // Reconnection, for the fixtures' two days.
    await page.goto(`${office.api.baseUrl}/#/reports/reconnection?${period}`);
    await page.getByTestId('chart-reconnection-days').locator('svg').first().waitFor();
    await expect(page.getByTestId('figure-within_1m').innerText()).resolves.toContain(withinOneMinute);
    await expect(page.getByTestId('figure-within_1m-value').innerText()).resolves.toBe('1');
    await expect(page.getByTestId('figure-within_1m-share').innerText()).resolves.toBe(share);
    await expect(page.getByTestId('figure-cases-value').innerText()).resolves.toBe('4');
    await expectOneLanguage(page, locale, 'report-reconnection');
    await page.screenshot({ path: path.join(ARTIFACTS, `reports-reconnection-${locale}.png`), fullPage: true });
    const reconnectionCsv = await downloadCsv(page, 'reconnection');
    expect(reconnectionCsv).toContain('\r\n2025-03-01,2,175,283,310,1,1,0,0,');
    // Within fifteen minutes: R1 and R2, not R3.
    await page.getByTestId('figure-within_15m-value').click();
    await expectCases(page, [R1, R2], [R3]);
    await page.goBack();

    // Disconnection: the tab keeps the period.
    await page.getByTestId('report-tab-disconnection').click();
    await page.getByTestId('report-disconnection').waitFor();
    await page.getByTestId('chart-disconnection-outcomes').locator('svg').first().waitFor();
    await page.getByTestId('chart-disconnection-customers').locator('svg').first().waitFor();
    await expect(page.getByTestId('figure-disconnected').innerText()).resolves.toContain(disconnected);
    await expect(page.getByTestId('figure-disconnected-value').innerText()).resolves.toBe('2');
    await expect(page.getByTestId('figure-cases-value').innerText()).resolves.toBe('3');
    await expectOneLanguage(page, locale, 'report-disconnection');
    await page.screenshot({ path: path.join(ARTIFACTS, `reports-disconnection-${locale}.png`), fullPage: true });
    expect(await downloadCsv(page, 'disconnection')).toContain('\r\napproval_times\r\n');
    await page.getByTestId('outcome-archived').click();
    await expectCases(page, [D1], [D2, D3]);
    await page.goBack();

    // Tasks, then only the east office.
    await page.getByTestId('report-tab-tasks').click();
    await page.getByTestId('report-tasks').waitFor();
    await page.getByTestId('chart-tasks-steps').locator('svg').first().waitFor();
    await expect(page.getByTestId('figure-tasks-value').innerText()).resolves.toBe('7');
    await expect(page.getByTestId('figure-compliance-value').innerText()).resolves.toBe('40%');
    await expectOneLanguage(page, locale, 'report-tasks');
    await page.getByTestId('report-office').click();
    await page.getByTestId(`report-office-${EAST.code}`).click();
    await page.waitForURL(new RegExp(`office=${EAST.code}`));
    // The east report replaces the one for all offices.
    await page.getByTestId('figure-tasks-value').filter({ hasText: /^3$/ }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, `reports-tasks-${locale}.png`), fullPage: true });
    expect(await downloadCsv(page, 'tasks')).toContain(`office,${EAST.code},${EAST.name}\r\n`);
    // Done late in the east: D1's second approval level and D2's first.
    await page.getByTestId('figure-late-value').click();
    await expectCases(page, [D1, D2], [D3]);
    await page.goBack();

    // Revisits after bad reviews (east office still chosen): the recovered one opens its case.
    await page.getByTestId('report-tab-revisits').click();
    await page.getByTestId('report-revisits').waitFor();
    await expect(page.getByTestId('figure-recovered-value').innerText()).resolves.toBe('1');
    await expectOneLanguage(page, locale, 'report-revisits');
    expect(await downloadCsv(page, 'revisits')).toContain('\r\nteams\r\n');
    await page.getByTestId('figure-recovered-value').click();
    await expectCases(page, [revisitCase], [D1]);
    await page.context().close();
  });
});
