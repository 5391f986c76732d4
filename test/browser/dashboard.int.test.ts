import path from 'node:path';
import type { Page } from 'playwright-core';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';

/**
 * The landing page in Chromium against the real API, Temporal, PostgreSQL and the demo data,
 * once in each language, as the dispatcher (who both works the office's tasks and reads its
 * figures): each figure clicked opens its list with as many rows as the figure says.
 * Added to the demo data: a customer reconnected today 90 seconds after paying, and an
 * overdue on-site reconnection.
 */
const LANGUAGES = [
  { locale: 'zh-CN', menuName: '简体中文', median: '90 秒', office: '单位指标', step: '现场复电' },
  { locale: 'en', menuName: 'English', median: '90 seconds', office: "The office's figures", step: 'On-site reconnection' },
] as const;

let office: BackOffice;
const ids = { reconnected: 0, overdueTask: 0 };

beforeAll(async () => {
  office = await startBackOffice(async ({ db }) => {
    const customer = await db('customers').where({ customer_no: '3100000003' }).first('id');
    const account = await db('accounts').where({ customer_id: customer.id }).first('id');
    const now = Date.now();
    await db('payments').insert({ payment_id: 'DASH-BROWSER-1', account_id: account.id, amount_fen: 100, channel: 'bank', paid_at: new Date(now - 92_000), received_at: new Date(now - 92_000) });
    const [{ id }] = await db('cases')
      .insert({ type: 'reconnection', title: '复电 3100000003', customer_id: customer.id, state: 'completed', current_step: 'completed', workflow_id: 'dash-browser-1', workflow_run_id: 'dash-browser-run-1', started_at: new Date(now - 91_000), closed_at: new Date(now - 2_000) })
      .returning('id');
    ids.reconnected = id;
    await db('events').insert({ type: 'customer.reconnected', actor: 'workflow:dash-browser-1', case_id: id, customer_id: customer.id, data: JSON.stringify({ reconnectedAt: new Date(now - 2_000).toISOString(), via: 'remote' }) });

    const owing = await db('customers').where({ customer_no: '3100000002' }).first('id');
    const [running] = await db('cases')
      .insert({ type: 'reconnection', title: '复电 3100000002', customer_id: owing.id, state: 'running', current_step: 'manual-reconnection', workflow_id: 'dash-browser-2', workflow_run_id: 'dash-browser-run-2', started_at: new Date(now - 7_200_000) })
      .returning('id');
    const [task] = await db('tasks')
      .insert({ case_id: running.id, workflow_id: 'dash-browser-2', workflow_run_id: 'dash-browser-run-2', step: 'manual-reconnection', step_seq: 1, title: '上门复电 3100000002', customer_id: owing.id, candidate_roles: ['collector'], routing_reason: 'test', due_at: new Date(now - 3_600_000), state: 'open' })
      .returning('id');
    ids.overdueTask = task.id;
  });
});

afterAll(() => office?.stop());

/** Waits for the list a figure opened, then answers how many rows it shows. */
async function rowsOf(page: Page, resource: string, prefix: string, expected: number): Promise<number> {
  await page.waitForURL(new RegExp(`#/${resource}\\?.*filter=`));
  const rows = page.locator(`[data-testid^="${prefix}-"]`);
  for (let i = 0; i < 100 && (await rows.count()) !== expected; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return rows.count();
}

/** A figure once the dashboard has loaded it (a placeholder shows until then). */
const countOf = async (page: Page, testId: string) => Number(await page.getByTestId(testId).filter({ hasText: /^\d+$/ }).innerText());

/** Chinese on an English page, or English words on a Chinese one, apart from the data's own names. */
async function expectOneLanguage(page: Page, locale: string, where: string) {
  const names = [...((await office.t.db('users').pluck('display_name')) as string[]), ...((await office.t.db('segments').pluck('name')) as string[])];
  const text = names.reduce((rest, name) => rest.split(name).join(' '), await page.getByTestId(where).innerText());
  const foreign = locale === 'zh-CN' ? text.match(/[A-Za-z]{2,}/g) : text.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g);
  expect({ where, foreign: [...new Set(foreign ?? [])] }).toEqual({ where, foreign: [] });
}

describe.each(LANGUAGES)('the dashboard in $locale', ({ locale, menuName, median, office: officeTitle, step }) => {
  it('shows the queue and the office figures in one language, and each figure clicked opens its list with as many rows', async () => {
    const page = await office.logIn('dispatcher', { height: 1400 });
    if (locale === 'en') {
      await page.getByTestId('locale-menu').locator('button').click();
      await page.getByRole('menuitem', { name: menuName }).click();
    }
    await expect(page.getByTestId('dashboard-office').innerText()).resolves.toContain(officeTitle);
    await page.getByTestId('dashboard-reconnections-today-detail').filter({ hasText: median }).waitFor();
    await page.getByTestId(`dashboard-step-overdue-manual-reconnection`).waitFor();
    await expect(page.getByTestId('dashboard-queue-steps').innerText()).resolves.toContain(step);
    await expectOneLanguage(page, locale, 'dashboard-queue');
    await expectOneLanguage(page, locale, 'dashboard-office');
    await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${locale}.png`), fullPage: true });

    // Customers disconnected now: the demo's two.
    const disconnected = await countOf(page, 'dashboard-disconnected-count');
    expect(disconnected).toBe(2);
    await page.getByTestId('dashboard-disconnected').click();
    expect(await rowsOf(page, 'customers', 'customer-row', disconnected)).toBe(disconnected);
    await page.goBack();

    // Customers in arrears: the detail says how many; the list shows them.
    const inArrears = Number((await page.getByTestId('dashboard-arrears-detail').innerText()).match(/\d+/)![0]);
    expect(inArrears).toBe(4);
    await page.getByTestId('dashboard-arrears').click();
    expect(await rowsOf(page, 'customers', 'customer-row', inArrears)).toBe(inArrears);
    await page.goBack();

    // Reconnections today: the one added, opened as its case.
    expect(await countOf(page, 'dashboard-reconnections-today-count')).toBe(1);
    await page.getByTestId('dashboard-reconnections-today').click();
    expect(await rowsOf(page, 'cases', 'case-row', 1)).toBe(1);
    await page.getByTestId(`case-row-${ids.reconnected}`).waitFor();
    await page.goBack();

    // Overdue on-site reconnections, from the step table: the task added.
    const overdue = page.getByTestId('dashboard-step-overdue-manual-reconnection');
    expect(Number(await overdue.innerText())).toBe(1);
    await overdue.locator('a').click();
    expect(await rowsOf(page, 'tasks', 'task-row', 1)).toBe(1);
    await page.getByTestId(`task-row-${ids.overdueTask}`).waitFor();
    await page.context().close();
  });
});
