import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { insertCustomer } from '../../db/seeds/customers';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { insertUser } from '../../db/seeds/users';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import { sessionCookie } from '../support/http';

/**
 * The inbox people live in (issue 11), in Chromium against the real API, Temporal and
 * PostgreSQL, once in each language: an approver decides six approvals at once, one of them
 * their own application, and sees which were done and why the other was refused; a
 * dispatcher assigns a task and a collector delegates one, both choosing the person by name.
 */

/** Collects arrears and approves: the one person who must not approve their own application. */
const COLLECTOR_APPROVER = { username: 'inbox-collector-approver', displayName: '刘催费' };

const LANGUAGES = [
  {
    locale: 'zh-CN',
    menuName: '简体中文',
    opinion: '同意停电',
    ownApplication: '不能审批自己提交的停电申请。',
    done: '已完成',
    exportHeader: '任务,客户,户号,环节,期限,超期,优先级,处理人,催单次数,状态,办结时间',
    approvalStep: '欠费停电审批',
    urgedColumn: '催单次数',
    summary: '成功 5 项，未办理 0 项。',
    load: /在办 \d+ · 超期 \d+/,
    actingFor: `代理 ${COLLECTOR_APPROVER.displayName}`,
    customerBase: 3190000100,
  },
  {
    locale: 'en',
    menuName: 'English',
    opinion: 'Approved: three months in arrears',
    ownApplication: 'You cannot approve your own application for disconnection.',
    done: 'Done',
    exportHeader: 'Task,Customer,Customer no.,Step,Due,Overdue,Priority,Assignee,Urged,State,Completed',
    approvalStep: 'Disconnection approval',
    urgedColumn: 'Urged',
    summary: '5 done, 0 not done.',
    load: /\d+ open · \d+ overdue/,
    actingFor: `acting for ${COLLECTOR_APPROVER.displayName}`,
    customerBase: 3190000200,
  },
] as const;

let office: BackOffice;
let collectorCookie: string;
let ownCookie: string;
let ids: { collectorApprover: number; approver: number; collector: number; dispatcher: number };

beforeAll(async () => {
  office = await startBackOffice(async (t) => {
    const collectorApprover = await insertUser(t.db, { ...COLLECTOR_APPROVER, roles: ['collector', 'approver'], password: DEMO_PASSWORD });
    const byName = async (username: string) => (await t.db('users').where({ username }).first('id')).id as number;
    ids = { collectorApprover, approver: await byName('approver'), collector: await byName('collector'), dispatcher: await byName('dispatcher') };
    // Eight customers in arrears per language: six approvals at once, one to assign, one to delegate.
    for (const { customerBase } of LANGUAGES) {
      for (let i = 0; i < 8; i++) {
        await insertCustomer(t.db, { customerNo: String(customerBase + i), name: `测试户${customerBase + i}`, segment: { code: 'SEG-INBOX' }, dueBillsFen: [12000 + i * 100] });
      }
    }
  });
  [collectorCookie, ownCookie] = await Promise.all([
    sessionCookie(office.api.baseUrl, 'collector', DEMO_PASSWORD),
    sessionCookie(office.api.baseUrl, COLLECTOR_APPROVER.username, DEMO_PASSWORD),
  ]);
});

afterAll(() => office?.stop());

/** Applies for one customer's disconnection and answers the approval task its case opens. */
async function approvalTask(cookie: string, customerNo: string): Promise<{ taskId: number; caseId: number }> {
  const { db } = office.t;
  const customer = await db('customers').where({ customer_no: customerNo }).first('id');
  const applied = await fetch(`${office.api.baseUrl}/api/disconnections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ reason: '欠费三个月', customerIds: [customer.id] }),
  });
  expect(applied.status).toBe(201);
  const { workflowId } = (await applied.json()) as { workflowId: string };
  for (let i = 0; i < 300; i++) {
    const task = await db('tasks as t').join('cases as c', 'c.id', 't.case_id').where({ 'c.workflow_id': workflowId, 't.step': 'disconnection-approval', 't.state': 'open' }).first('t.id', 'c.id as caseId');
    if (task) return { taskId: Number(task.id), caseId: task.caseId };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no approval task for ${workflowId}`);
}

/** Until `check` holds, for at most 30 s: the workflows move on their own time. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never: ${what}`);
}

describe.each(LANGUAGES)('the inbox in $locale', (language) => {
  const { locale, menuName } = language;
  const customerNo = (i: number) => String(language.customerBase + i);
  let bulk: Array<{ taskId: number; caseId: number }>;
  let toAssign: { taskId: number; caseId: number };
  let toDelegate: { taskId: number; caseId: number };

  beforeAll(async () => {
    // Five applications by the demo collector, the sixth by the person who will approve them.
    bulk = await Promise.all([0, 1, 2, 3, 4].map((i) => approvalTask(collectorCookie, customerNo(i))));
    bulk.push(await approvalTask(ownCookie, customerNo(5)));
    [toAssign, toDelegate] = await Promise.all([approvalTask(collectorCookie, customerNo(6)), approvalTask(collectorCookie, customerNo(7))]);
  });

  async function logIn(username: string): Promise<Page> {
    const page = await office.logIn(username, { height: 1000 });
    if (locale === 'en') {
      await page.getByTestId('locale-menu').locator('button').click();
      await page.getByRole('menuitem', { name: menuName }).click();
      await expect(page.getByTestId('menu-tasks').innerText()).resolves.toContain('Inbox');
    }
    return page;
  }

  /** The open approvals, up to 50 on a page: every task of this test on one screen. */
  async function openApprovals(page: Page): Promise<void> {
    const filter = encodeURIComponent(JSON.stringify({ state: 'open', step: 'disconnection-approval' }));
    await page.goto(`${office.api.baseUrl}/#/tasks?filter=${filter}&perPage=50&sort=dueAt&order=ASC`);
  }

  it('an approver decides five approvals at once; their own application is not offered to them', async () => {
    const { db } = office.t;
    const page = await logIn(COLLECTOR_APPROVER.username);
    await openApprovals(page);
    const own = bulk[5]!;
    const approved = bulk.slice(0, 5);
    for (const { taskId } of approved) {
      const row = page.getByTestId(`task-row-${taskId}`);
      await row.waitFor();
      await row.locator('input[type="checkbox"]').check();
    }
    // Four eyes: the approval of their own application is someone else's work, not in their inbox.
    await expect(page.getByTestId(`task-row-${own.taskId}`).count()).resolves.toBe(0);
    // Each row reads its due time relatively and its priority as a word.
    await expect(page.getByTestId(`task-row-${bulk[0]!.taskId}`).getByTestId('task-due').innerText()).resolves.toMatch(locale === 'en' ? /due in \d+|overdue/ : /剩 \d+|超期 \d+/);
    await expect(page.getByTestId(`task-row-${bulk[0]!.taskId}`).getByTestId('task-priority').innerText()).resolves.not.toMatch(/^\d+$/);

    await page.getByTestId('bulk-approval').click();
    await page.getByTestId('bulk-opinion').fill(language.opinion);
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('bulk-result').waitFor();

    await expect(page.getByTestId('bulk-summary').innerText()).resolves.toBe(language.summary);
    for (const { taskId } of approved) {
      const item = page.getByTestId(`bulk-result-${taskId}`);
      await expect(item.getAttribute('data-ok')).resolves.toBe('true');
      await expect(item.getByTestId('bulk-result-text').innerText()).resolves.toBe(language.done);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `inbox-bulk-approval-${locale}.png`), fullPage: true });
    await page.getByTestId('bulk-result-close').click();
    // Opened by its link, their own application is refused with the reason.
    await page.goto(`${office.api.baseUrl}/#/tasks/${own.taskId}/show`);
    await page.getByTestId('action-claim').click();
    await page.getByTestId('action-release').waitFor();
    await page.locator('textarea[name="opinion"]').first().fill(language.opinion);
    await page.getByTestId('action-complete').click();
    await page.getByText(language.ownApplication).waitFor();
    await page.getByTestId('action-release').click();
    await page.getByTestId('action-claim').waitFor();

    // The five are completed by this person with the one opinion; their cases went on past the approval.
    const rows = await db('tasks').whereIn('id', approved.map((task) => task.taskId));
    for (const row of rows) {
      expect(row).toMatchObject({ state: 'completed', completed_by_id: ids.collectorApprover, result: { decision: 'approve', opinion: language.opinion } });
    }
    await eventually(async () => {
      const cases = await db('cases').whereIn('id', approved.map((task) => task.caseId)).select('current_step');
      return cases.every((row: { current_step: string }) => row.current_step !== 'approval-1');
    }, 'the approved cases leave their approval');
    // Their own application still waits for someone else, unclaimed.
    await expect(db('tasks').where({ id: own.taskId }).first('state', 'assignee_id')).resolves.toEqual({ state: 'open', assignee_id: null });
    await expect(db('cases').where({ id: own.caseId }).first('current_step')).resolves.toEqual({ current_step: 'approval-1' });

    // 我已办 lists what they just decided, with when.
    await page.getByTestId('menu-handled-tasks').click();
    const handled = page.getByTestId(`task-row-${approved[0]!.taskId}`);
    await handled.waitFor();
    await expect(handled.locator('td.column-completedAt').innerText()).resolves.not.toBe('');
    // Its export is what it shows, in this language: worded headers and steps, no codes.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('task-export').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(language.exportHeader);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.every((line) => line.includes(language.approvalStep) && !line.includes('disconnection-approval'))).toBe(true);
    await page.context().close();
  });

  it('a dispatcher assigns a task to a person chosen by name, seeing their roles and load', async () => {
    const page = await logIn('dispatcher');
    await page.goto(`${office.api.baseUrl}/#/tasks/${toAssign.taskId}/show`);
    // The application as the approver will read it: the applicant by name, each customer with their arrears.
    await expect(page.getByTestId('application-applicant').innerText()).resolves.toContain('李催费');
    await expect(page.getByTestId(`application-customer-${customerNo(6)}`).innerText()).resolves.toContain('126.00');
    await page.getByTestId('action-assign').click();
    await page.getByTestId('user-picker').fill('陈');
    const option = page.getByTestId(`candidate-${ids.approver}`);
    await option.waitFor();
    // Only those who may take the task are offered: the collector and the dispatcher are not approvers.
    await expect(page.getByTestId(`candidate-${ids.collector}`).count()).resolves.toBe(0);
    await expect(option.innerText()).resolves.toContain('陈审批');
    await expect(option.innerText()).resolves.toContain(locale === 'en' ? 'Approver' : '审批人');
    await expect(option.getByTestId('candidate-load').innerText()).resolves.toMatch(language.load);
    await page.screenshot({ path: path.join(ARTIFACTS, `inbox-picker-${locale}.png`) });
    await option.click();
    await page.getByTestId('dialog-confirm').click();

    await page.getByTestId('task-assignee').filter({ hasText: '陈审批' }).waitFor();
    await expect(office.t.db('tasks').where({ id: toAssign.taskId }).first('assignee_id', 'acting_for_id')).resolves.toEqual({ assignee_id: ids.approver, acting_for_id: null });

    // The inbox's column chooser hides a column, and the list keeps that choice.
    await openApprovals(page);
    await page.getByTestId(`task-row-${toAssign.taskId}`).waitFor();
    await expect(page.locator('th.column-urgeCount').count()).resolves.toBe(1);
    await page.getByTestId('task-columns').click();
    await page.getByRole('option', { name: language.urgedColumn }).locator('input').uncheck();
    await page.keyboard.press('Escape');
    await expect(page.locator('th.column-urgeCount').count()).resolves.toBe(0);
    await page.reload();
    await page.getByTestId(`task-row-${toAssign.taskId}`).waitFor();
    await expect(page.locator('th.column-urgeCount').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('a collector claims a task from the list in one click and delegates it to a person chosen by name', async () => {
    const page = await logIn(COLLECTOR_APPROVER.username);
    await openApprovals(page);
    await page.getByTestId(`row-claim-open-${toDelegate.taskId}`).click();
    await page.waitForURL(new RegExp(`#/tasks/${toDelegate.taskId}/show`));
    await page.getByTestId('action-delegate').click();
    await page.getByTestId('user-picker').fill('陈');
    const option = page.getByTestId(`candidate-${ids.approver}`);
    await option.waitFor();
    // Not to themselves: they hold it already.
    await expect(page.getByTestId(`candidate-${ids.collectorApprover}`).count()).resolves.toBe(0);
    await option.click();
    await page.getByTestId('dialog-confirm').click();

    await page.getByTestId('task-assignee').filter({ hasText: language.actingFor }).waitFor();
    await expect(office.t.db('tasks').where({ id: toDelegate.taskId }).first('assignee_id', 'acting_for_id')).resolves.toEqual({
      assignee_id: ids.approver,
      acting_for_id: ids.collectorApprover,
    });
    await page.context().close();
  });
});
