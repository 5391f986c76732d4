import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser } from 'playwright-core';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { createApp, DEFAULT_UI_DIRECTORY } from '../../api/app';
import { seedDemoData } from '../../db/seeds/demo';
import { launchBrowser, logIn } from '../support/browser';
import { createTestDatabase, TestDatabase } from '../support/database';
import { listen } from '../support/http';
import { createTimeSkippingEnv } from '../support/temporal';

/**
 * The built back office under the API's Content-Security-Policy: it logs in, saves a form
 * (a state change carrying the browser's own Origin) and shows its pages with no violation.
 */
let env: TestWorkflowEnvironment;
let t: TestDatabase;
let browser: Browser;
let api: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  [env, t, browser] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), launchBrowser()]);
  await seedDemoData(t.db);
  api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, uiDirectory: DEFAULT_UI_DIRECTORY }));
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await env?.teardown();
  await t?.drop();
});

it('the back office runs under the Content-Security-Policy without a violation', async () => {
  const page = await logIn(browser, api.baseUrl, 'admin');
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  // Runs in the page (a string: this project's TypeScript has no DOM types).
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('Refused to load: ' + e.violatedDirective + ' ' + e.blockedURI))`);
  const response = await page.reload();
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await page.getByTestId('menu-dashboard').waitFor();
  for (const menu of ['menu-users', 'menu-outbox', 'menu-service_tokens']) {
    await page.getByTestId(menu).click();
    await page.waitForLoadState('networkidle');
  }
  // MUI's styles arrive as <style> tags: the page must still be laid out by them.
  const menuDisplay = await page.evaluate(`getComputedStyle(document.querySelector('[data-testid="menu-users"]')).display`);
  expect(menuDisplay).toBe('flex');
  // A state change from the page itself passes the Origin check.
  const logout = await page.evaluate(async () => (await fetch('/api/auth/logout', { method: 'POST' })).status);
  expect(logout).toBe(204);
  expect(violations).toEqual([]);
  await page.context().close();
});
