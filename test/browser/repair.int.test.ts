import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import { switchLanguage } from '../support/one-language';
import { expectOneLanguage } from '../support/repair-office';

/**
 * Repair (issue 12) in Chromium against the real API, Temporal, PostgreSQL and the demo
 * data, in each language: an agent takes a call by the caller's number and opens an order;
 * the dispatcher finds it on the board, waiting for dispatch, with the crews' load beside it.
 * Every screen in one language, apart from people's and places' names and what was typed.
 */
const LANGUAGES = [
  { locale: 'zh-CN', group: '故障大类', leaf: '故障小类', description: '表箱冒烟，闻到焦味', place: '幸福街道 12 号楼下' },
  { locale: 'en', group: 'Fault category', leaf: 'Sub-category', description: 'Smoke from the meter box', place: 'Downstairs, Xingfu Street 12' },
] as const;

let office: BackOffice;

beforeAll(async () => {
  office = await startBackOffice();
});

afterAll(() => office?.stop());


/** A 40×30 PNG of one colour: the photo the agent attaches. */
function photo(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(40, 0);
  header.writeUInt32BE(30, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(40 * 3, 0x80)]);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(Array(30).fill(row)))), chunk('IEND', Buffer.alloc(0))]);
}

/** Picks the first option of a select, found by its label. */
async function chooseFirst(page: Page, label: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option').first().click();
}

describe.each(LANGUAGES)('repair in $locale', ({ locale, group, leaf, description, place }) => {
  it('an agent opens an order by the caller\'s number, and the dispatcher finds it on the board waiting for dispatch', async () => {
    const agent = await office.logIn('agent');
    await switchLanguage(agent, locale);
    await agent.goto(`${office.api.baseUrl}/#/repair_orders/create`);
    await agent.locator('input[name="callerPhone"]').fill('13800000001');
    await chooseFirst(agent, group);
    await chooseFirst(agent, leaf);
    await agent.locator('textarea[name="description"]').fill(description);
    await agent.locator('input[name="place"]').fill(place);
    await agent.locator('input[name="contactPhone"]').fill('13800000001');
    // A photo of the fault, previewed before the order exists and attached once it does.
    await agent.getByTestId('repair-photo-input').setInputFiles({ name: 'meter-box.png', mimeType: 'image/png', buffer: photo() });
    await agent.getByTestId('repair-photo-preview').waitFor();
    await expectOneLanguage(office, agent, locale, 'intake', [description, place]);
    await agent.locator('button[type="submit"]').click();

    // The order's page: the demo customer 3100000001 (王小明) found by the number.
    await agent.waitForURL(/#\/repair_orders\/\d+\/show/);
    const id = Number(/#\/repair_orders\/(\d+)\/show/.exec(agent.url())![1]);
    const order = await office.t.db('repair_orders as o').join('customers as c', 'c.id', 'o.customer_id').where('o.id', id).first('o.order_no', 'c.customer_no', 'o.description');
    expect(order).toMatchObject({ customer_no: '3100000001', description });
    await agent.getByText(order.order_no).first().waitFor();
    // Its thumbnail, the stored image itself.
    const thumbnail = agent.getByTestId('repair-photo-thumb').locator('img');
    await thumbnail.waitFor();
    await agent.waitForFunction((img: any) => img.complete && img.naturalWidth === 40, await thumbnail.elementHandle());
    expect(await office.t.db('repair_photos').where({ order_id: id }).count('* as n').first()).toEqual({ n: '1' });
    await expectOneLanguage(office, agent, locale, 'order page', [description, place]);
    await agent.screenshot({ path: path.join(ARTIFACTS, `repair-order-${locale}.png`), fullPage: true });

    // The dispatcher's board shows it waiting for dispatch, with the crews' load.
    const dispatcher = await office.logIn('dispatcher');
    await switchLanguage(dispatcher, locale);
    await dispatcher.goto(`${office.api.baseUrl}/#/repair_orders/board`);
    await dispatcher.getByTestId(`repair-board-order-${order.order_no}`).waitFor({ timeout: 30_000 });
    await dispatcher.getByTestId('repair-board-crews').waitFor();
    await expectOneLanguage(office, dispatcher, locale, 'board', [description, place]);
    await dispatcher.screenshot({ path: path.join(ARTIFACTS, `repair-board-${locale}.png`), fullPage: true });
    await agent.context().close();
    await dispatcher.context().close();
  });
});
