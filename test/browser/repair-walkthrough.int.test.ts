import path from 'node:path';
import type { Page } from 'playwright-core';
import { issueServiceToken } from '../../api/service-tokens';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import { switchLanguage } from '../support/one-language';
import { expectOneLanguage, openRepairOrderByApi } from '../support/repair-office';

/**
 * A repair order from dispatch to the customer's SMS rating in Chromium, against the real
 * API, Temporal dev server, PostgreSQL and demo data: the dispatcher dispatches from the
 * board; the crew member, on a phone-sized screen, accepts, records leaving, arriving and a
 * step, swaps a part and completes; the dispatcher closes; the agent's callback rejects the
 * repair; the crew redoes it; the dispatcher closes again; the customer rates 5 by SMS.
 * (Intake by the caller's number is in repair.int.test.ts.)
 */
const PHONE = { width: 390, height: 844 };
const LANGUAGES = [
  { locale: 'zh-CN' as const, step: '更换表箱门锁', report: '表箱门锁已更换', reject: '客户反映仍有焦味', redo: '重新紧固接线端子' },
  { locale: 'en' as const, step: 'Replaced the meter box lock', report: 'Lock replaced', reject: 'The customer still smells burning', redo: 'Re-tightened the terminals' },
];

let office: BackOffice;
let smsToken: string;

beforeAll(async () => {
  office = await startBackOffice();
  smsToken = await issueServiceToken(office.t.db, 'sms-gateway');
});

afterAll(() => office?.stop());


async function openTaskId(orderNo: string, step: string): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const row = await office.t.db('tasks as t').join('repair_orders as r', 'r.case_id', 't.case_id').where({ 'r.order_no': orderNo, 't.step': step, 't.state': 'open' }).first('t.id');
    if (row) return Number(row.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no open ${step} task for ${orderNo}`);
}

/** Opens the task's page, takes it if it is only offered, and waits for its form. */
async function takeTask(page: Page, taskId: number): Promise<void> {
  await page.goto(`${office.api.baseUrl}/#/tasks/${taskId}/show`);
  await takeOpenTask(page);
}

/** On a task's page: takes the task if it is only offered, and waits for its form. */
async function takeOpenTask(page: Page): Promise<void> {
  const claim = page.getByTestId('action-claim');
  await Promise.race([claim.waitFor(), page.getByTestId('action-complete').waitFor()]);
  if (await claim.isVisible()) {
    await claim.click();
    await page.getByTestId('action-release').waitFor();
  }
  await page.getByTestId('action-complete').waitFor();
}

async function complete(page: Page, orderNo: string, step: string): Promise<void> {
  const taskId = await openTaskId(orderNo, step);
  await page.getByTestId('action-complete').click();
  for (let i = 0; i < 600; i++) {
    if ((await office.t.db('tasks').where({ id: taskId }).first('state')).state === 'completed') {
      // The task page then goes back to the inbox by itself: wait for it, or it would carry
      // the page away from wherever the test goes next.
      await page.waitForURL(/#\/tasks(?!\/\d)/);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${step} of ${orderNo} was not completed`);
}



describe.each(LANGUAGES)('a repair order worked through in $locale', ({ locale, step, report, reject, redo }) => {
  it('is dispatched from the board, worked from a phone, closed, rejected at callback, redone, and rated 5 by SMS', async () => {
    const order = await openRepairOrderByApi(office, { place: '幸福街道 12 号', description: `表箱冒烟 ${locale}` });
    const serials = { old: `OLD-${locale}-1`, new: `NEW-${locale}-1` };
    const typed = [step, report, reject, redo, serials.old, serials.new, order.orderNo];

    // The dispatcher sends it to 孙维修 from the board.
    const dispatcher = await office.logIn('dispatcher', { height: 1000 });
    await switchLanguage(dispatcher, locale);
    await dispatcher.goto(`${office.api.baseUrl}/#/repair_orders/board`);
    await dispatcher.getByTestId(`repair-board-task-${order.orderNo}`).click({ timeout: 30_000 });
    await dispatcher.waitForURL(/#\/tasks\/\d+\/show/);
    await takeOpenTask(dispatcher);
    await dispatcher.getByRole('combobox', { name: locale === 'en' ? 'Crew member' : '维修人员' }).click();
    await dispatcher.getByRole('option').filter({ hasText: '孙维修' }).click();
    await complete(dispatcher, order.orderNo, 'repair-dispatch');

    // The crew member, on a phone: accepts from the inbox...
    const crew = await office.logIn('crew', PHONE);
    await switchLanguage(crew, locale);
    await takeTask(crew, await openTaskId(order.orderNo, 'repair-accept'));
    await crew.locator('input[name="decision"][value="accept"]').check();
    await expectOneLanguage(office, crew, locale, 'accept on a phone', typed);
    await complete(crew, order.orderNo, 'repair-accept');

    // ...records leaving, arriving and a step on the order's page...
    await crew.goto(`${office.api.baseUrl}/#/repair_orders/${order.id}/show`);
    await crew.getByTestId('repair-depart').click();
    await crew.getByTestId('repair-progress').getByText(/出发前往现场|Left for the site/).waitFor();
    await crew.getByTestId('repair-arrive').click();
    await crew.getByTestId('repair-arrived-at').waitFor();
    await crew.getByTestId('repair-step-text').fill(step);
    await crew.getByTestId('repair-add-step').click();
    await crew.getByTestId('repair-progress').getByText(step).waitFor();
    // Usable with a thumb: nothing sticks out sideways.
    expect(await crew.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectOneLanguage(office, crew, locale, 'order page on a phone', typed);
    await crew.screenshot({ path: path.join(ARTIFACTS, `repair-crew-phone-${locale}.png`), fullPage: true });

    // ...and reports the work with a part swap.
    await takeTask(crew, await openTaskId(order.orderNo, 'repair-work'));
    await crew.locator('textarea[name="report"]').fill(report);
    await crew.locator('input[name="mileageKm"]').fill('12');
    await crew.getByRole('button', { name: /添加|Add/ }).first().click();
    await crew.locator('input[name="parts.0.oldSerial"]').fill(serials.old);
    await crew.locator('input[name="parts.0.newSerial"]').fill(serials.new);
    await expectOneLanguage(office, crew, locale, 'work report on a phone', typed);
    await complete(crew, order.orderNo, 'repair-work');
    const parts = () => office.t.db('repair_parts as p').join('repair_orders as r', 'r.id', 'p.order_id').where('r.order_no', order.orderNo).select('p.old_serial', 'p.new_serial', 'p.installed');
    for (let i = 0; i < 600 && (await parts()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await parts()).toEqual([{ old_serial: serials.old, new_serial: serials.new, installed: true }]);

    // The dispatcher closes it (结单).
    await takeTask(dispatcher, await openTaskId(order.orderNo, 'repair-close'));
    await complete(dispatcher, order.orderNo, 'repair-close');

    // The agent's callback rejects the repair: back to the crew, one loop counted.
    const agent = await office.logIn('agent', { height: 1000 });
    await switchLanguage(agent, locale);
    await takeTask(agent, await openTaskId(order.orderNo, 'repair-callback'));
    await agent.locator('input[name="outcome"][value="reject"]').check();
    await agent.locator('textarea[name="reason"]').fill(reject);
    await complete(agent, order.orderNo, 'repair-callback');

    // The crew redoes it, and the dispatcher closes it again.
    await takeTask(crew, await openTaskId(order.orderNo, 'repair-work'));
    await crew.locator('textarea[name="report"]').fill(redo);
    await complete(crew, order.orderNo, 'repair-work');
    await takeTask(dispatcher, await openTaskId(order.orderNo, 'repair-close'));
    await complete(dispatcher, order.orderNo, 'repair-close');
    await openTaskId(order.orderNo, 'repair-callback');

    // The customer was asked for a rating after each close, and answers with a full-width ５.
    expect(await office.t.db('outbox').where({ purpose: 'repair-rating-request', recipient: '13800000001' }).whereLike('body', `%${order.orderNo}%`).count('* as n').first()).toEqual({ n: '2' });
    const sms = await fetch(`${office.api.baseUrl}/api/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${smsToken}` },
      body: JSON.stringify({ from: '13800000001', text: '５分', messageId: `walkthrough-${locale}` }),
    });
    expect(await sms.json()).toMatchObject({ orderNo: order.orderNo, rating: 5, flagged: false });

    // The order's page says it all, in one language.
    for (let i = 0; i < 600 && (await office.t.db('repair_orders').where({ id: order.id }).first('state')).state !== 'done'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await agent.goto(`${office.api.baseUrl}/#/repair_orders/${order.id}/show`);
    expect(await office.t.db('repair_orders').where({ id: order.id }).first('state', 'rating', 'loop_count')).toEqual({ state: 'done', rating: 5, loop_count: 1 });
    await agent.getByTestId('repair-progress').getByText(step).waitFor();
    await expectOneLanguage(office, agent, locale, 'the finished order', typed);
    await agent.screenshot({ path: path.join(ARTIFACTS, `repair-done-${locale}.png`), fullPage: true });
    for (const page of [dispatcher, crew, agent]) await page.context().close();
  });
});
