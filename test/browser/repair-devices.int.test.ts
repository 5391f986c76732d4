import path from 'node:path';
import type { Page } from 'playwright-core';
import { BackOffice, startBackOffice } from '../support/back-office';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { ARTIFACTS } from '../support/browser';
import { sessionCookie } from '../support/http';
import { switchLanguage } from '../support/one-language';
import { expectOneLanguage } from '../support/repair-office';

/**
 * The alarm map (告警映射) in Chromium, in each language: a designer adds a device with a
 * sub-category, a place and two customers chosen by typing their names (in an order of their
 * own), finds it in the list with the customers by name, and retires it.
 */
const LANGUAGES = [
  {
    locale: 'zh-CN',
    deviceId: 'TX-ZH-7',
    place: '幸福路 7 号配变',
    customers: ['赵阿姨', '王小明'],
    category: '故障分类',
    heading: '停电',
    leaf: '停电 / 片区停电',
    customersLabel: '关联客户',
    inUse: '在用',
    retired: '已停用',
  },
  {
    locale: 'en',
    deviceId: 'TX-EN-8',
    place: '和平路 8 号配变',
    customers: ['刘女士', '陈先生'],
    category: 'Fault category',
    heading: 'Outage',
    leaf: 'Outage / Area outage',
    customersLabel: 'Customers',
    inUse: 'In use',
    retired: 'Retired',
  },
] as const;

let office: BackOffice;

beforeAll(async () => {
  office = await startBackOffice();
});

afterAll(() => office?.stop());

/** The page in one language, the devices' ids and places being data like people's names. */
async function expectOneLanguageWithDevices(page: Page, locale: 'zh-CN' | 'en', where: string, typed: string[]) {
  const devices = (await office.t.db('repair_devices').select('device_id', 'place')) as Array<{ device_id: string; place: string }>;
  const customerNumbers = (await office.t.db('customers').pluck('customer_no')) as string[];
  await expectOneLanguage(office, page, locale, where, [...devices.flatMap((d) => [d.device_id, d.place]), ...customerNumbers, ...typed]);
}

describe.each(LANGUAGES)('the alarm map in $locale', (language) => {
  const { locale, deviceId, place, customers } = language;

  it('a designer adds a device for two customers chosen by name, finds it in the list and retires it', async () => {
    // The form chooses from the category tree in force: whoever keeps the map must read it.
    const cookie = await sessionCookie(office.api.baseUrl, 'designer', DEMO_PASSWORD);
    expect((await fetch(`${office.api.baseUrl}/api/repair_categories`, { headers: { cookie } })).status).toBe(200);
    const designer = await office.logIn('designer');
    await switchLanguage(designer, locale);
    await designer.getByTestId('menu-repair_devices').click();
    // The demo's map is there already.
    await designer.getByTestId('device-row-TX-XF-01').waitFor();
    await expectOneLanguageWithDevices(designer, locale, 'the alarm map', []);

    await designer.locator('a[href="#/repair_devices/create"]').click();
    await designer.locator('input[name="deviceId"]').fill(deviceId);
    // The tree's top-level categories are headings: only a sub-category can be chosen.
    await designer.getByRole('combobox', { name: language.category }).click();
    await expect(designer.getByRole('option', { name: language.heading, exact: true }).getAttribute('aria-disabled')).resolves.toBe('true');
    await designer.getByRole('option', { name: language.leaf, exact: true }).click();
    await designer.locator('input[name="place"]').fill(place);
    const customerInput = designer.getByRole('combobox', { name: language.customersLabel });
    for (const name of customers) {
      await customerInput.fill(name);
      await designer.getByRole('option', { name: new RegExp(`^${name} \\(\\d+\\)$`) }).click();
    }
    await expectOneLanguageWithDevices(designer, locale, 'adding a device', [deviceId, place]);
    await designer.screenshot({ path: path.join(ARTIFACTS, `repair-devices-create-${locale}.png`), fullPage: true });
    await designer.locator('button[type="submit"]').click();

    // Back in the list: the customers by name, in the order chosen.
    const row = designer.getByTestId(`device-row-${deviceId}`);
    await row.waitFor();
    expect(await row.getByTestId('device-customers').locator('.MuiChip-label').allInnerTexts()).toEqual(customers);
    expect(await row.getByTestId('device-active').innerText()).toBe(language.inUse);
    const customerIds = await Promise.all(customers.map(async (name) => (await office.t.db('customers').where({ name }).first('id')).id as number));
    expect(await office.t.db('repair_device_customers').where({ device_id: deviceId }).orderBy('position').pluck('customer_id')).toEqual(customerIds);
    const designerId = (await office.t.db('users').where({ username: 'designer' }).first('id')).id as number;
    const events = () => office.t.db('events').where({ type: 'repair.device_saved' }).whereRaw("data->>'deviceId' = ?", [deviceId]).orderBy('id').select('actor', 'customer_id', 'data');
    expect(await events()).toEqual([
      { actor: `user:${designerId}`, customer_id: customerIds[0], data: { deviceId, created: true, category: 'outage-area', place, customerIds } },
    ]);
    await expectOneLanguageWithDevices(designer, locale, 'the alarm map with the new device', []);
    await designer.screenshot({ path: path.join(ARTIFACTS, `repair-devices-${locale}.png`), fullPage: true });

    // Retired: its alarms are refused from now on.
    await row.click();
    await designer.waitForURL(new RegExp(`#/repair_devices/${deviceId}$`));
    await expect(designer.locator('input[name="place"]').inputValue()).resolves.toBe(place);
    // The chosen customers are named on the form too, in their order.
    await designer.getByText(`${customers[1]} (`).waitFor();
    await expectOneLanguageWithDevices(designer, locale, 'a device', []);
    const active = designer.locator('input[name="active"]');
    expect(await active.isChecked()).toBe(true);
    await active.uncheck();
    await designer.locator('button[type="submit"]').click();
    await row.getByTestId('device-active').getByText(language.retired, { exact: true }).waitFor();
    expect(await office.t.db('repair_devices').where({ device_id: deviceId }).first('active', 'category', 'place')).toEqual({ active: false, category: 'outage-area', place });
    expect(await office.t.db('repair_device_customers').where({ device_id: deviceId }).orderBy('position').pluck('customer_id')).toEqual(customerIds);
    expect((await events()).map((event) => event.data)).toEqual([
      { deviceId, created: true, category: 'outage-area', place, customerIds },
      { deviceId, created: false, active: false },
    ]);
    await designer.context().close();
  });
});

describe('the alarm map in the menu', () => {
  it('shows to a dispatcher, who may read it but not add to it, and not to a crew member', async () => {
    const dispatcher = await office.logIn('dispatcher');
    await dispatcher.getByTestId('menu-repair_devices').click();
    await dispatcher.getByTestId('device-row-TX-XF-01').waitFor();
    expect(await dispatcher.locator('a[href="#/repair_devices/create"]').count()).toBe(0);
    await dispatcher.context().close();

    const crew = await office.logIn('crew');
    // The menu is drawn once the permissions are known: the crew's own repair entry says so.
    await crew.getByTestId('menu-repair_orders').waitFor();
    expect(await crew.getByTestId('menu-repair_devices').count()).toBe(0);
    await crew.context().close();
  });
});
