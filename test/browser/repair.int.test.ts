import path from 'node:path';
import type { Page } from 'playwright-core';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';

/**
 * Repair (issue 12) in Chromium against the real API, Temporal, PostgreSQL and the demo
 * data, in each language: an agent takes a call by the caller's number and opens an order;
 * the dispatcher finds it on the board, waiting for dispatch, with the crews' load beside it.
 * Every screen in one language, apart from people's and places' names and what was typed.
 */
const LANGUAGES = [
  { locale: 'zh-CN', menuName: '简体中文', group: '故障大类', leaf: '故障小类', description: '表箱冒烟，闻到焦味', place: '幸福街道 12 号楼下' },
  { locale: 'en', menuName: 'English', group: 'Fault category', leaf: 'Sub-category', description: 'Smoke from the meter box', place: 'Downstairs, Xingfu Street 12' },
] as const;

let office: BackOffice;

beforeAll(async () => {
  office = await startBackOffice();
});

afterAll(() => office?.stop());

async function inLanguage(page: Page, locale: string, menuName: string) {
  if (locale === 'en') {
    await page.getByTestId('locale-menu').locator('button').click();
    await page.getByRole('menuitem', { name: menuName }).click();
  }
}

/** Chinese on an English page, or English words on a Chinese one, apart from the data's own names and what was typed. */
async function expectOneLanguage(page: Page, locale: string, where: string, typed: string[]) {
  const names = [
    ...((await office.t.db('users').pluck('display_name')) as string[]),
    ...((await office.t.db('customers').pluck('name')) as string[]),
    ...((await office.t.db('customers').pluck('address')) as string[]),
    ...typed,
    // What the other language's run typed is data too (the board lists every open order).
    ...LANGUAGES.flatMap((language) => [language.description, language.place]),
  ].sort((a, b) => b.length - a.length);
  const text = names.reduce((rest, name) => rest.split(name).join(' '), await page.locator('#main-content').innerText());
  const foreign = locale === 'zh-CN' ? text.match(/[A-Za-z]{2,}/g) : text.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g);
  expect({ where, foreign: [...new Set(foreign ?? [])] }).toEqual({ where, foreign: [] });
}

/** Picks the first option of a select, found by its label. */
async function chooseFirst(page: Page, label: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option').first().click();
}

describe.each(LANGUAGES)('repair in $locale', ({ locale, menuName, group, leaf, description, place }) => {
  it('an agent opens an order by the caller\'s number, and the dispatcher finds it on the board waiting for dispatch', async () => {
    const agent = await office.logIn('agent');
    await inLanguage(agent, locale, menuName);
    await agent.goto(`${office.api.baseUrl}/#/repair_orders/create`);
    await agent.locator('input[name="callerPhone"]').fill('13800000001');
    await chooseFirst(agent, group);
    await chooseFirst(agent, leaf);
    await agent.locator('textarea[name="description"]').fill(description);
    await agent.locator('input[name="place"]').fill(place);
    await agent.locator('input[name="contactPhone"]').fill('13800000001');
    await expectOneLanguage(agent, locale, 'intake', [description, place]);
    await agent.locator('button[type="submit"]').click();

    // The order's page: the demo customer 3100000001 (王小明) found by the number.
    await agent.waitForURL(/#\/repair_orders\/\d+\/show/);
    const id = Number(/#\/repair_orders\/(\d+)\/show/.exec(agent.url())![1]);
    const order = await office.t.db('repair_orders as o').join('customers as c', 'c.id', 'o.customer_id').where('o.id', id).first('o.order_no', 'c.customer_no', 'o.description');
    expect(order).toMatchObject({ customer_no: '3100000001', description });
    await agent.getByText(order.order_no).first().waitFor();
    await expectOneLanguage(agent, locale, 'order page', [description, place]);
    await agent.screenshot({ path: path.join(ARTIFACTS, `repair-order-${locale}.png`), fullPage: true });

    // The dispatcher's board shows it waiting for dispatch, with the crews' load.
    const dispatcher = await office.logIn('dispatcher');
    await inLanguage(dispatcher, locale, menuName);
    await dispatcher.goto(`${office.api.baseUrl}/#/repair_orders/board`);
    await dispatcher.getByTestId(`repair-board-order-${order.order_no}`).waitFor({ timeout: 30_000 });
    await dispatcher.getByTestId('repair-board-crews').waitFor();
    await expectOneLanguage(dispatcher, locale, 'board', [description, place]);
    await dispatcher.screenshot({ path: path.join(ARTIFACTS, `repair-board-${locale}.png`), fullPage: true });
    await agent.context().close();
    await dispatcher.context().close();
  });
});
