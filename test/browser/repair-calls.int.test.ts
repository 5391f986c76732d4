import path from 'node:path';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import { switchLanguage } from '../support/one-language';
import { expectOneLanguage, openRepairOrderByApi } from '../support/repair-office';

/**
 * 预约呼叫 in Chromium, in each language: an agent schedules a call back from the order's
 * page (due already: promised a few minutes ago), finds it in the queue marked overdue, and
 * abandons it with a reason.
 */
const LANGUAGES = [
  { locale: 'zh-CN', overdue: '已超时', abandoned: '已放弃该预约呼叫' },
  { locale: 'en', overdue: 'Overdue', abandoned: 'Call abandoned' },
] as const;

let office: BackOffice;

beforeAll(async () => {
  office = await startBackOffice();
});

afterAll(() => office?.stop());



describe.each(LANGUAGES)('scheduled calls in $locale', ({ locale, overdue, abandoned }) => {
  it('the agent schedules a call from the order page, finds it due in the queue and abandons it with a reason', async () => {
    const place = `预约路 ${locale}`;
    const order = await openRepairOrderByApi(office, { place: place, description: '表箱冒烟' });
    const agent = await office.logIn('agent');
    await switchLanguage(agent, locale);
    await agent.goto(`${office.api.baseUrl}/#/repair_orders/${order.id}/show`);
    await agent.getByTestId('call-schedule').click();
    // Five minutes ago, in the browser's own time zone: due now.
    const dueAt = await agent.evaluate(() => {
      const at = new Date(Date.now() - 5 * 60_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
    });
    await agent.getByTestId('call-due-at').fill(dueAt);
    await agent.getByTestId('call-note').fill('客户下班后方便接听');
    await agent.getByTestId('call-schedule-confirm').click();
    await agent.getByTestId('order-calls').getByText('客户下班后方便接听').waitFor();
    const call = await office.t.db('repair_calls').where({ order_id: order.id }).first('id', 'state');
    expect(call.state).toBe('scheduled');
    await expectOneLanguage(office, agent, locale, 'order page with its call', ['表箱冒烟', place, '客户下班后方便接听', order.orderNo]);
    await agent.screenshot({ path: path.join(ARTIFACTS, `repair-calls-order-${locale}.png`), fullPage: true });

    await agent.getByTestId('menu-repair_calls').click();
    const row = agent.getByTestId(`call-row-${call.id}`);
    await row.getByTestId('call-overdue').getByText(overdue).waitFor();
    await expectOneLanguage(office, agent, locale, 'the queue', ['表箱冒烟', place, '客户下班后方便接听', order.orderNo]);
    await agent.screenshot({ path: path.join(ARTIFACTS, `repair-calls-${locale}.png`), fullPage: true });

    await row.getByTestId(`call-abandon-${call.id}`).click();
    await agent.getByTestId('call-abandon-text').fill('客户已自行恢复供电');
    await agent.getByTestId('call-abandon-confirm').click();
    await agent.getByText(abandoned).waitFor();
    // The queue shows what is still scheduled: the abandoned call leaves it.
    await row.waitFor({ state: 'detached' });
    expect(await office.t.db('repair_calls').where({ id: call.id }).first('state', 'reason')).toEqual({ state: 'abandoned', reason: '客户已自行恢复供电' });
    expect(await office.t.db('events').where({ order_no: order.orderNo }).whereIn('type', ['repair.call_scheduled', 'repair.call_abandoned']).orderBy('id').pluck('type')).toEqual(['repair.call_scheduled', 'repair.call_abandoned']);
    await agent.context().close();
  });
});
