import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../db/seeds/demo';

/** Debian's Chromium; Playwright's own browser download is not available here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const ARTIFACTS = path.resolve(__dirname, '../artifacts');

export function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine has no network beyond loopback: background services would only fail.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser context logged in to the back office at `baseUrl`, on its dashboard. */
export async function logIn(browser: Browser, baseUrl: string, username: string, options: { password?: string; width?: number; height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 860 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', options.password ?? DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  // On a phone-sized screen the menu sits in a drawer; the dashboard's heading says the log-in is done.
  await (options.width !== undefined && options.width < 600 ? page.waitForURL(/#\/$/) : page.getByTestId('menu-dashboard').waitFor());
  return page;
}
