import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { insertCustomer } from '../../db/seeds/customers';
import { BackOffice, startBackOffice } from '../support/back-office';
import { sessionCookie } from '../support/http';
import { foreignWords, switchLanguage } from '../support/one-language';
import { openFromInbox, takeOpenTask, completeTask } from '../support/relocation-office';

/**
 * A revisit after a bad review (差评回访) in Chromium, against the real API, Temporal dev server,
 * PostgreSQL and demo data, once in each language: an agent records the customer's rating of 1
 * for a finished repair; the revisit opens and goes to the supervisor of the crew member who did
 * the work (the demo's dispatcher); the supervisor opens it from the inbox, sees the customer by
 * name and the rating, reaches the customer and records the cause from the tree, what they said,
 * the corrective action and who is responsible; the revisit's page then shows the call in the
 * reader's language. (The recovery check comes days later: workflows/revisit covers it.)
 */
const LANGUAGES = [
  {
    locale: 'zh-CN' as const,
    customer: '蔡阿姨',
    comment: '修完第二天又停电了',
    said: '说维修师傅没有检查线路',
    action: '派人复查线路并致歉',
    responsible: '维修一班',
    cause: '维修质量 / 问题复发',
    words: { attempt: '第 1 次', rating: '1', waiting: '待复核', contacted: '已联系上客户' },
  },
  {
    locale: 'en' as const,
    customer: '韩先生',
    comment: 'The power went off again the next day',
    said: 'The crew did not check the line',
    action: 'Sent a crew to check the line, apologised',
    responsible: 'Repair crew one',
    cause: 'Quality of the work / Problem came back',
    words: { attempt: 'Call 1', rating: '1', waiting: 'Open', contacted: 'Reached the customer' },
  },
];

let office: BackOffice;
const orders = new Map<string, string>();

beforeAll(async () => {
  office = await startBackOffice(async (t) => {
    const crew = (await t.db('users').where({ username: 'crew' }).first('id')).id;
    for (const [i, language] of LANGUAGES.entries()) {
      const orderNo = `169900050${i}`;
      const { customerId } = await insertCustomer(t.db, { customerNo: `RV-B${i}`, name: language.customer, phone: '13800007777' });
      await t.db('repair_orders').insert({
        order_no: orderNo, source: 'agent', customer_id: customerId, category: 'power-outage', description: '停电', place: '幸福街道 5 号',
        contact_phone: '13800007777', priority: 'normal', state: 'done', workflow_id: `repair-${orderNo}`, crew_user_id: crew,
      });
      orders.set(language.locale, orderNo);
    }
  });
});

afterAll(async () => {
  // The revisits wait days for their recovery check: end them with the test.
  for (const { workflow_id } of await office.t.db('revisits').select('workflow_id')) {
    await office.env.client.workflow.getHandle(workflow_id).terminate('test over').catch(() => undefined);
  }
  await office?.stop();
});

async function oneLanguage(page: Page, locale: 'zh-CN' | 'en', where: string, typed: string[]): Promise<void> {
  const { db } = office.t;
  const names = [
    ...((await db('users').pluck('display_name')) as string[]),
    ...((await db('customers').pluck('name')) as string[]),
    ...((await db('customers').pluck('customer_no')) as string[]),
    '幸福街道 5 号',
    ...typed,
  ];
  expect({ where, foreign: await foreignWords(page, locale, names) }).toEqual({ where, foreign: [] });
}

describe.each(LANGUAGES)('a revisit in $locale', (language) => {
  it('goes from a bad rating to the supervisor, who records the call; its page shows it', async () => {
    const orderNo = orders.get(language.locale)!;
    const agent = await sessionCookie(office.api.baseUrl, 'agent', DEMO_PASSWORD);
    const rated = await fetch(`${office.api.baseUrl}/api/ratings`, {
      method: 'POST',
      headers: { cookie: agent, 'content-type': 'application/json' },
      body: JSON.stringify({ process: 'repair', orderNo, rating: 1, comment: language.comment }),
    });
    expect(rated.status).toBe(201);
    const { revisit } = (await rated.json()) as { revisit: { id: number; revisitNo: string } };
    let taskId: number | undefined;
    for (let i = 0; i < 400 && !taskId; i++) {
      taskId = (await office.t.db('tasks').where({ workflow_id: `revisit-${revisit.revisitNo}`, step: 'revisit-contact', state: 'open' }).first('id'))?.id;
      if (!taskId) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(taskId).toBeDefined();

    const page = await office.logIn('dispatcher', { height: 1000 });
    await switchLanguage(page, language.locale);
    await openFromInbox(office, page, taskId!);
    await takeOpenTask(page);
    await page.getByTestId('revisit-attempt').getByText(language.words.attempt, { exact: false }).waitFor();
    await page.getByText(language.customer).first().waitFor();
    await oneLanguage(page, language.locale, 'the contact task', [language.comment]);

    await page.getByRole('radio', { name: language.words.contacted }).check();
    await page.getByRole('combobox').first().click();
    await page.getByRole('option', { name: language.cause, exact: true }).click();
    await page.locator('textarea[name="said"]').first().fill(language.said);
    await page.locator('textarea[name="action"]').first().fill(language.action);
    await page.locator('input[name="responsible"]').fill(language.responsible);
    await completeTask(office, page, taskId!);
    for (let i = 0; i < 200 && !(await office.t.db('revisits').where({ id: revisit.id }).first()).first_contact_at; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await office.t.db('revisits').where({ id: revisit.id }).first()).toMatchObject({ cause_code: 'quality-recurred', customer_said: language.said, corrective_action: language.action, responsible: language.responsible, attempts: 1 });

    // The revisits list, then its page: the call worded in the reader's language, people by name.
    await page.getByTestId('menu-revisits').click();
    await page.getByTestId(`revisit-row-${revisit.id}`).click();
    await page.waitForURL(new RegExp(`#/revisits/${revisit.id}/show$`));
    await page.getByTestId('revisit-causeCode').getByText(language.cause.split(' / ')[1]!, { exact: false }).waitFor();
    await expect(page.getByTestId('revisit-supervisorName').innerText()).resolves.toBe((await office.t.db('users').where({ username: 'dispatcher' }).first('display_name')).display_name);
    await expect(page.getByTestId('revisit-customerSaid').innerText()).resolves.toBe(language.said);
    await page.getByTestId('revisit-ratings').getByText(language.comment).waitFor();
    await oneLanguage(page, language.locale, 'the revisit page', [language.comment, language.said, language.action, language.responsible, revisit.revisitNo, orderNo]);
    await page.context().close();
  });
});
