import type { Page } from 'playwright-core';
import path from 'node:path';
import { issueServiceToken } from '../../api/service-tokens';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { insertUser } from '../../db/seeds/users';
import { Action, can, Resource, Role, ROLES } from '../../domain/permissions';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import type { TestDatabase } from '../support/database';

// The back office in Chromium against the real API, Temporal, PostgreSQL and the demo data.
let office: BackOffice;
let t: TestDatabase;
let api: BackOffice['api'];

beforeAll(async () => {
  office = await startBackOffice();
  ({ t, api } = office);
});

afterAll(() => office?.stop());

const logIn = (username: string): Promise<Page> => office.logIn(username);

const MENU: Array<{ testId: string; resource: Resource; action?: Action }> = [
  { testId: 'menu-tasks', resource: 'tasks' },
  { testId: 'menu-handled-tasks', resource: 'tasks' },
  { testId: 'menu-apply-disconnection', resource: 'disconnections', action: 'create' },
  { testId: 'menu-cases', resource: 'cases' },
  { testId: 'menu-customers', resource: 'customers' },
  { testId: 'menu-work_orders', resource: 'work_orders' },
  { testId: 'menu-outbox', resource: 'outbox' },
  { testId: 'menu-users', resource: 'users' },
  { testId: 'menu-service_tokens', resource: 'service_tokens' },
];

it.each(ROLES)('%s sees exactly the menus the permission table gives the role', async (role: Role) => {
  const page = await logIn(role);
  // Menu items appear once the permissions are known; the dashboard item is always there.
  await page.waitForLoadState('networkidle');
  const shown = [];
  for (const item of MENU) if ((await page.getByTestId(item.testId).count()) > 0) shown.push(item.testId);
  expect(shown).toEqual(MENU.filter((item) => can([role], item.resource, item.action ?? 'list')).map((item) => item.testId));
  await page.context().close();
});

it('a collector completes a manual reconnection order from the inbox, and the customer shows as reconnected', async () => {
  // 3100000002 is not eligible for remote reconnection: paying hands it to the collector.
  const token = await issueServiceToken(t.db, 'browser-test-bank');
  const paid = await fetch(`${api.baseUrl}/api/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ paymentId: 'BROWSER-1', accountNo: 'A3100000002', amount: '45.20', channel: 'bank' }),
  });
  expect(paid.status).toBe(201);
  let task: { id: number } | undefined;
  for (let i = 0; i < 200 && !task; i++) {
    task = await t.db('tasks').where({ step: 'manual-reconnection', state: 'open' }).first('id');
    if (!task) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(task).toBeDefined();

  const page = await logIn('collector');
  // This collector works in English: switch from the default Chinese.
  await page.getByTestId('locale-menu').locator('button').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByTestId('menu-tasks').innerText()).resolves.toContain('Inbox');
  await page.getByTestId('menu-tasks').click();
  await page.getByTestId(`task-row-${task!.id}`).click();
  await page.getByTestId('action-claim').click();
  await page.getByTestId('action-release').waitFor();
  const input = page.locator('input[name="reconnectedAt"]');
  // The picker's own format: local time to the minute.
  const local: string = await page.evaluate(`(() => {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  })()`);
  await input.fill(local);
  await page.locator('textarea[name="note"]').first().fill('Closed the breaker on site');
  await page.getByTestId('action-complete').click();

  for (let i = 0; i < 100; i++) {
    if ((await t.db('tasks').where({ id: task!.id }).first()).state === 'completed') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await t.db('tasks').where({ id: task!.id }).first()).toMatchObject({ state: 'completed', result: { note: 'Closed the breaker on site' } });
  for (let i = 0; i < 100; i++) {
    if ((await t.db('customers').where({ customer_no: '3100000002' }).first()).supply_status === 'connected') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  await page.getByTestId('menu-customers').click();
  const customerId = (await t.db('customers').where({ customer_no: '3100000002' }).first()).id;
  await page.getByTestId(`customer-row-${customerId}`).getByTestId('supply-status-connected').waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'collector-reconnected.png') });
  await page.context().close();
});

it('renders the Chinese back office with CJK glyphs, not empty boxes', async () => {
  const page = await logIn('dispatcher');
  await page.getByTestId('menu-tasks').click();
  await page.waitForLoadState('networkidle');
  const label = page.getByTestId('menu-tasks');
  expect(await label.innerText()).toContain('待办');
  // Draw 待办 in the font the page uses and compare it with a glyph no font has (U+FFFF):
  // without a CJK font both come out as the same "missing glyph" box.
  // Runs in the page; the test is compiled without the DOM's types.
  const glyphsDiffer = await label.evaluate((element: any) => {
    const page = globalThis as any;
    const font = page.getComputedStyle(element).font;
    const draw = (text: string) => {
      const canvas = page.document.createElement('canvas');
      canvas.width = 80;
      canvas.height = 40;
      const ctx = canvas.getContext('2d');
      ctx.font = font;
      ctx.fillText(text, 2, 30);
      return canvas.toDataURL();
    };
    return draw('待') !== draw('\uFFFF') && draw('待') !== draw('办');
  });
  expect(glyphsDiffer).toBe(true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-zh-CN.png') });
  await page.context().close();
});

it('an approver approves a disconnection in the inbox; the applicant\'s own approval is refused', async () => {
  // An applicant who also holds the approver role: the server must still refuse them.
  await insertUser(t.db, { username: 'collector2', displayName: '双岗催费', roles: ['collector', 'approver'], password: DEMO_PASSWORD });
  const login = await fetch(`${api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'collector2', password: DEMO_PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const customer = await t.db('customers').where({ customer_no: '3100000003' }).first('id');
  const applied = await fetch(`${api.baseUrl}/api/disconnections`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ reason: '欠费三个月', customerIds: [customer.id] }) });
  expect(applied.status).toBe(201);
  const { workflowId } = (await applied.json()) as { workflowId: string };
  let task: { id: number } | undefined;
  for (let i = 0; i < 200 && !task; i++) {
    task = await t.db('tasks').where({ workflow_id: workflowId, step: 'disconnection-approval' }).first('id');
    if (!task) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** From the inbox; `byLink` for a person the inbox does not offer the task to. */
  const approve = async (page: Page, byLink = false) => {
    if (byLink) await page.goto(`${api.baseUrl}/#/tasks/${task!.id}/show`);
    else {
      await page.getByTestId('menu-tasks').click();
      await page.getByTestId(`task-row-${task!.id}`).click();
    }
    await page.getByTestId('action-claim').click();
    await page.getByTestId('action-release').waitFor();
    await page.locator('textarea[name="opinion"]').first().fill('同意停电');
    await page.getByTestId('action-complete').click();
  };

  // Four eyes: their inbox does not offer it; opened by its link, approving it is refused.
  const applicant = await logIn('collector2');
  const inbox = applicant.waitForResponse((res) => new URL(res.url()).pathname === '/api/tasks' && res.request().method() === 'GET');
  await applicant.getByTestId('menu-tasks').click();
  expect(((await (await inbox).json()) as Array<{ id: number }>).map((row) => row.id)).not.toContain(task!.id);
  await approve(applicant, true);
  await applicant.getByText(/own case|自己/).first().waitFor();
  expect((await t.db('tasks').where({ id: task!.id }).first()).state).toBe('open');
  await applicant.getByTestId('action-release').click();
  await applicant.getByTestId('action-claim').waitFor();
  await applicant.context().close();

  const approver = await logIn('approver');
  await approve(approver);
  for (let i = 0; i < 100 && (await t.db('tasks').where({ id: task!.id }).first()).state !== 'completed'; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await t.db('tasks').where({ id: task!.id }).first()).toMatchObject({ state: 'completed', result: { decision: 'approve', opinion: '同意停电' } });
  const progress = await fetch(`${api.baseUrl}/api/disconnections/${workflowId}`, { headers: { cookie } });
  expect(((await progress.json()) as { progress: { stage: string } }).progress.stage).not.toBe('approval');
  await approver.screenshot({ path: path.join(ARTIFACTS, 'disconnection-approved.png') });
  await approver.context().close();
});
