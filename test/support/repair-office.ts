import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import type { BackOffice } from './back-office';
import { sessionCookie } from './http';
import { foreignWords } from './one-language';

/**
 * The repair browser tests' shared steps: an order opened by the demo agent through the API
 * (for tests whose subject starts after intake), and the one-language check with the data's
 * own words taken out.
 */
export async function openRepairOrderByApi(office: BackOffice, fields: { place: string; description: string }): Promise<{ id: number; orderNo: string }> {
  const cookie = await sessionCookie(office.api.baseUrl, 'agent', DEMO_PASSWORD);
  const res = await fetch(`${office.api.baseUrl}/api/repair_orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ callerPhone: '13800000001', category: 'meter-box', contactPhone: '13800000001', ...fields }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; orderNo: string };
}

/**
 * The page's main content is in one language, apart from the data's own words: people's,
 * crews', customers' and places' names, what orders say, SMS as sent (with their gateway ids), and
 * what the test typed.
 */
export async function expectOneLanguage(office: BackOffice, page: Page, locale: 'zh-CN' | 'en', where: string, typed: string[]): Promise<void> {
  const { db } = office.t;
  const names = [
    ...((await db('users').pluck('display_name')) as string[]),
    ...((await db('repair_crews').pluck('name')) as string[]),
    ...((await db('customers').pluck('name')) as string[]),
    ...((await db('customers').pluck('address')) as string[]),
    ...((await db('repair_orders').pluck('description')) as string[]),
    ...((await db('repair_orders').pluck('place')) as string[]),
    ...((await db('outbox').pluck('body')) as string[]),
    ...((await db('outbox').whereNotNull('provider_message_id').pluck('provider_message_id')) as string[]),
    ...typed,
  ];
  expect({ where, foreign: await foreignWords(page, locale, names) }).toEqual({ where, foreign: [] });
}
