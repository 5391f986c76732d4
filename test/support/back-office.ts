import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import { createApp, DEFAULT_UI_DIRECTORY } from '../../api/app';
import { DEMO_LINE, DEMO_METERS, DEMO_SITE, seedDemoData } from '../../db/seeds/demo';
import { launchBrowser, logIn } from './browser';
import { createTestDatabase, TestDatabase } from './database';
import { RunningGridflow, startGridflow } from './gridflow';
import { listen } from './http';
import { createLocalEnv } from './temporal';

export interface BackOffice {
  env: TestWorkflowEnvironment;
  t: TestDatabase;
  gridflow: RunningGridflow;
  api: Awaited<ReturnType<typeof listen>>;
  browser: Browser;
  /** A fresh browser context logged in as a demo user (or one added with the demo password). */
  logIn(username: string, options?: { width?: number; height?: number }): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * The built back office (admin-ui/dist) in Debian's Chromium, against the real API, a
 * Temporal dev server, PostgreSQL and the demo data that `npm start` seeds. `prepare` adds
 * to the data before the workers start.
 */
export async function startBackOffice(prepare?: (t: TestDatabase) => Promise<void>): Promise<BackOffice> {
  const [env, t, browser] = await Promise.all([createLocalEnv(), createTestDatabase(), launchBrowser()]);
  await seedDemoData(t.db);
  await prepare?.(t);
  const gridflow = await startGridflow({ env, db: t.db, meters: DEMO_METERS.map((m) => ({ ...m, replyLatencyMs: 2 })), site: DEMO_SITE, line: DEMO_LINE });
  const api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway, uiDirectory: DEFAULT_UI_DIRECTORY }));
  return {
    env,
    t,
    gridflow,
    api,
    browser,
    logIn: (username, options) => logIn(browser, api.baseUrl, username, options),
    async stop() {
      await browser.close();
      await api.close();
      await gridflow.stop();
      await env.teardown();
      await t.drop();
    },
  };
}
