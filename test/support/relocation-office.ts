import type { Page } from 'playwright-core';
import { insertCustomer } from '../../db/seeds/customers';
import type { BackOffice } from './back-office';
import type { TestDatabase } from './database';
import { foreignWords } from './one-language';

/**
 * The relocation browser tests' shared steps: the telephone data they rely on, the clerk's
 * intake of a cross-exchange move step by step, a task opened from the inbox, taken and
 * completed, and the one-language check with the data's own names taken out.
 */

export type Locale = 'zh-CN' | 'en';

/** A resident ID whose check digit is right. */
export const GOOD_RESIDENT_ID = '11010519491231002X';

/** The intake page's words the steps look for, per language. */
export const INTAKE_WORDS = {
  'zh-CN': { team: '施工队', date: '日期', slot: '时间段', slots: { am: '上午', pm: '下午' }, cross: '跨局移机', reserved: '已为本工单预占' },
  en: { team: 'Installation team', date: 'Date', slot: 'Time slot', slots: { am: 'Morning', pm: 'Afternoon' }, cross: 'To another exchange', reserved: 'reserved for this order' },
} as const;

/** The demo-like exchanges these tests rely on, seeded when the demo has none. */
const EXCHANGES = [
  { code: 'DC', name: '东城局', prefixes: ['幸福街道', '建设路'] },
  { code: 'XC', name: '西城局', prefixes: ['和平路', '人民路'] },
];

/** A customer's telephone line in service: type A, local, in 东城局. */
export interface RelocationLine {
  serviceNo: string;
  customer: string;
  oldAddress: string;
}

/**
 * The exchanges and their address prefixes, the free numbers of 西城局 the tests choose, a
 * second team of 西城局 (西城装机班, listing nobody) and each line with its number in use.
 */
export async function seedRelocationLines(t: TestDatabase, lines: readonly RelocationLine[], freeNumbers: readonly string[]): Promise<void> {
  for (const exchange of EXCHANGES) {
    if (await t.db('exchanges').where({ code: exchange.code }).first('code')) continue;
    await t.db('exchanges').insert({ code: exchange.code, name: exchange.name });
    await t.db('exchange_addresses').insert(exchange.prefixes.map((prefix) => ({ address_prefix: prefix, exchange_code: exchange.code })));
  }
  await t.db('phone_numbers')
    .insert([...freeNumbers, '66200500'].map((number) => ({ number, exchange_code: 'XC' })))
    .onConflict('number')
    .ignore();
  await t.db('install_teams').insert({ code: 'T-XC-B', name: '西城装机班', exchange_code: 'XC' }).onConflict('code').ignore();
  for (const line of lines) {
    const customer = await insertCustomer(t.db, { customerNo: `31${line.serviceNo}`, name: line.customer, address: line.oldAddress, segment: { code: 'SEG-RLB' } });
    await t.db('service_accounts').insert({
      service_no: line.serviceNo,
      customer_id: customer.customerId,
      account_relation: customer.accountNo,
      pricing_plan: 'residential-basic',
      line_type: 'A',
      exchange_code: 'DC',
      address: line.oldAddress,
      local: true,
    });
    await t.db('phone_numbers').insert({ number: line.serviceNo, exchange_code: 'DC', state: 'in_use', service_no: line.serviceNo });
  }
}

/**
 * The page's main content in one language, the data's own words taken out: people's,
 * customers', places', exchanges' and teams' names (and the exchanges' and teams' codes), SMS
 * as sent with their gateway ids, and what was typed.
 */
export async function expectRelocationInOneLanguage(office: BackOffice, page: Page, locale: Locale, where: string, typed: string[]): Promise<void> {
  const { db } = office.t;
  const names = [
    ...((await db('users').pluck('display_name')) as string[]),
    ...((await db('customers').pluck('name')) as string[]),
    ...((await db('customers').pluck('address')) as string[]),
    ...((await db('service_accounts').pluck('address')) as string[]),
    ...((await db('relocation_orders').pluck('new_address')) as string[]),
    ...((await db('exchanges').pluck('name')) as string[]),
    ...((await db('exchanges').pluck('code')) as string[]),
    ...((await db('exchange_addresses').pluck('address_prefix')) as string[]),
    ...((await db('install_teams').pluck('name')) as string[]),
    ...((await db('install_teams').pluck('code')) as string[]),
    ...((await db('outbox').pluck('body')) as string[]),
    ...((await db('outbox').whereNotNull('provider_message_id').pluck('provider_message_id')) as string[]),
    ...typed,
  ];
  expect({ where, foreign: await foreignWords(page, locale, names) }).toEqual({ where, foreign: [] });
}

/** Chooses an option of a react-admin SelectInput by its label and the option's text. */
export async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** From the menu to the intake page, where the clerk types the line's number and sees it, read-only. */
export async function findLine(page: Page, serviceNo: string): Promise<void> {
  await page.getByTestId('menu-relocation-intake').click();
  await page.waitForURL(/#\/relocations\/create$/);
  await page.locator('input[name="serviceNo"]').fill(serviceNo);
  await page.locator('input[name="serviceNo"]').press('Enter');
  await page.getByTestId('relocation-line').waitFor();
}

/** A new address of 西城局: waits for the exchange to be resolved and the move to read as cross-exchange. */
export async function typeCrossAddress(page: Page, locale: Locale, address: string): Promise<void> {
  await page.locator('input[name="newAddress"]').fill(address);
  await page.getByTestId('relocation-exchange-resolved').getByText('西城局', { exact: false }).waitFor();
  await page.getByTestId('relocation-kind').getByText(INTAKE_WORDS[locale].cross, { exact: false }).waitFor();
}

/** Searches the free numbers by pattern and chooses `number`; answers how many the search offered. */
export async function chooseNumber(page: Page, pattern: string, number: string): Promise<number> {
  await page.getByTestId('relocation-number-pattern').fill(pattern);
  await page.getByTestId('relocation-number-search').click();
  const choosing = page.getByTestId('relocation-number-choice');
  const radio = choosing.getByRole('radio', { name: number, exact: true });
  await radio.waitFor();
  await radio.check();
  await page.getByTestId('relocation-chosen-number').getByText(number, { exact: false }).waitFor();
  return choosing.getByRole('radio').count();
}

/** Books a slot of a team of the new exchange and names the contact on site. */
export async function bookSlot(page: Page, locale: Locale, booking: { team: string; day: string; slot: 'am' | 'pm'; contact: string; phone: string }): Promise<void> {
  const words = INTAKE_WORDS[locale];
  await choose(page, words.team, booking.team);
  await choose(page, words.date, booking.day);
  await choose(page, words.slot, new RegExp(`^${words.slots[booking.slot]}`));
  await page.locator('input[name="contactName"]').fill(booking.contact);
  await page.locator('input[name="contactPhone"]').fill(booking.phone);
}

/** Sends the intake form and waits for the order's page; answers the order's id. */
export async function submitIntake(page: Page): Promise<number> {
  await page.getByTestId('relocation-submit').click();
  await page.waitForURL(/#\/relocations\/\d+\/show$/);
  return Number(/#\/relocations\/(\d+)\/show$/.exec(page.url())![1]);
}

/** The person's inbox (待办): waits for the task's row and opens it by its title. */
export async function openFromInbox(office: BackOffice, page: Page, taskId: number): Promise<void> {
  await page.goto(`${office.api.baseUrl}/#/tasks`);
  const row = page.getByTestId(`task-row-${taskId}`);
  await row.waitFor();
  await row.getByTestId('task-title').click();
  await page.waitForURL(new RegExp(`#/tasks/${taskId}/show$`));
}

/** On a task's page: takes the task if it is only offered, and waits for its form. */
export async function takeOpenTask(page: Page): Promise<void> {
  const claim = page.getByTestId('action-claim');
  await Promise.race([claim.waitFor(), page.getByTestId('action-complete').waitFor()]);
  if (await claim.isVisible()) {
    await claim.click();
    await page.getByTestId('action-release').waitFor();
  }
  await page.getByTestId('action-complete').waitFor();
}

/**
 * Completes the task from its page and waits until it is stored completed and the page has
 * gone back to the inbox by itself (left pending, that navigation would carry the page away
 * from wherever the test goes next).
 */
export async function completeTask(office: BackOffice, page: Page, taskId: number): Promise<void> {
  await page.getByTestId('action-complete').click();
  for (let i = 0; i < 600; i++) {
    if ((await office.t.db('tasks').where({ id: taskId }).first('state')).state === 'completed') {
      await page.waitForURL(/#\/tasks(?!\/\d)/);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`task ${taskId} was not completed`);
}
