import path from 'node:path';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import { switchLanguage } from '../support/one-language';
import { expectOneLanguage, openRepairOrderByApi } from '../support/repair-office';
import { repairWorkflowId } from '../../workflows/repair/ids';

/**
 * 催单 in Chromium, in each language: an agent urges an order waiting for dispatch from its
 * page; the notification names the dispatcher texted, the page shows the count, and the SMS
 * is in the outbox (the API test sees it at a real SMTP server: api/repair/urge.int.test.ts).
 */
const LANGUAGES = [
  { locale: 'zh-CN', done: '已记录第 1 次催单；已短信通知 周派单', count: '催办次数', urgedEvent: '客户催单' },
  { locale: 'en', done: 'Urge 1 recorded; SMS sent to 周派单', count: 'Urges', urgedEvent: 'The customer urged the order' },
] as const;

let office: BackOffice;

beforeAll(async () => {
  office = await startBackOffice();
});

afterAll(() => office?.stop());


/** An order opened by the agent through the API, waiting for dispatch. */
async function openOrder(place: string): Promise<{ id: number; orderNo: string }> {
  const order = await openRepairOrderByApi(office, { place, description: '表箱冒烟' });
  for (let i = 0; i < 400 && !(await office.t.db('tasks').where({ workflow_id: repairWorkflowId(order.orderNo), step: 'repair-dispatch', state: 'open' }).first('id')); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return order;
}

describe.each(LANGUAGES)('urging in $locale', ({ locale, done, count, urgedEvent }) => {
  it("texts the dispatcher holding the order, named in the notification; the order's page shows the count", async () => {
    const order = await openOrder(`催单路 ${locale}`);
    const agent = await office.logIn('agent');
    await switchLanguage(agent, locale);
    await agent.goto(`${office.api.baseUrl}/#/repair_orders/${order.id}/show`);
    await agent.getByTestId('repair-urge').click();
    await agent.getByTestId('repair-urge-text').fill('客户第二次来电');
    await agent.getByTestId('repair-urge-confirm').click();
    await agent.getByText(done).waitFor();
    await agent.getByText(count).first().waitFor();
    expect(await office.t.db('repair_orders').where({ id: order.id }).first('urge_count', 'priority')).toEqual({ urge_count: 1, priority: 'high' });
    const sms = await office.t.db('outbox').where({ purpose: 'repair-urged', recipient: '13900000010' }).whereLike('body', `%${order.orderNo}%`).pluck('body');
    expect(sms).toEqual([`【催单】工单 ${order.orderNo}（催单路 ${locale}）客户催办第 1 次，请尽快处理。客户第二次来电`]);
    // The case timeline shows the urge in the page's language, people by name.
    await agent.getByText(urgedEvent).first().waitFor();
    await expectOneLanguage(office, agent, locale, 'order page after the urge', ['表箱冒烟', `催单路 ${locale}`, '客户第二次来电', order.orderNo]);
    await agent.screenshot({ path: path.join(ARTIFACTS, `repair-urge-${locale}.png`), fullPage: true });
    await agent.context().close();
  });
});
