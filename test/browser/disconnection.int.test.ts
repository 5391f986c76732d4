import type { Page } from 'playwright-core';
import path from 'node:path';
import { insertCustomer } from '../../db/seeds/customers';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { insertUser } from '../../db/seeds/users';
import { parseDisconnectionPolicy } from '../../domain/disconnection/policy';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import type { TestDatabase } from '../support/database';

// Disconnection for arrears through the back office, in real time on a Temporal dev server:
// a collector applies, their own approval is refused, an approver approves, the pre-notice
// minute passes, the trip reaches the simulated meter and the case page shows it archived.
let office: BackOffice;
let t: TestDatabase;
let gridflow: BackOffice['gridflow'];
let api: BackOffice['api'];

/** Applies, and also holds the approver role: the one person who must not approve this case. */
const APPLICANT = { username: 'collector-approver', displayName: '刘催费' };
/** The demo's only connected customer with a meter; given a bill here, so it owes 86.40. */
const TARGET = '3100000003';
const TARGET_METER = '000000000003';
/** In arrears in a segment the demo collector reads, without a meter: left out at command time. */
const OTHERS = '3100000004';
/** Owes too little for the arrears filter. */
const SMALL_DEBT = '3100000005';

// The shortest pre-notice the policy allows, one approval level, and windows that cannot bite:
// the only forbidden minute is 23:59 China time (the cut-off must leave one).
const POLICY = parseDisconnectionPolicy({
  approvalLevels: [{ name: '供电所审批', approverRoles: ['approver'] }],
  preNoticeMinutes: 1,
  forbiddenWindows: { nightStart: '23:59', nightEnd: '00:00', dailyCutoff: '23:59', weekendsForbidden: false, holidays: [], workdayOverrides: [] },
});

beforeAll(async () => {
  office = await startBackOffice(async (t) => {
    await t.db('settings').where({ key: 'disconnection' }).update({ value: JSON.stringify(POLICY), updated_at: t.db.fn.now() });

    const applicantId = await insertUser(t.db, { ...APPLICANT, roles: ['collector', 'approver'], password: DEMO_PASSWORD });
    await t.db('segments').where({ code: 'SEG-DEMO-01' }).update({ collector_user_id: applicantId, collector_name: APPLICANT.displayName });
    const account = await t.db('accounts as a').join('customers as c', 'c.id', 'a.customer_id').where('c.customer_no', TARGET).first('a.id');
    await t.db('bills').insert({ account_id: account.id, period: '2026-10', amount_fen: 8640, due_at: t.db.raw(`now() - interval '1 day'`) });
    await insertCustomer(t.db, { customerNo: SMALL_DEBT, name: '周女士', segment: { code: 'SEG-DEMO-01' }, dueBillsFen: [2000] });
    const collector = await t.db('users').where({ username: 'collector' }).first('id');
    await insertCustomer(t.db, { customerNo: OTHERS, name: '吴先生', segment: { code: 'SEG-DEMO-02', name: '和平路抄表段', collectorName: '李催费' }, dueBillsFen: [30000] });
    await t.db('segments').where({ code: 'SEG-DEMO-02' }).update({ collector_user_id: collector.id });
  });
  ({ t, gridflow, api } = office);
});

afterAll(() => office?.stop());

const logIn = (username: string): Promise<Page> => office.logIn(username, { height: 1000 });

const customerId = async (customerNo: string): Promise<number> => (await t.db('customers').where({ customer_no: customerNo }).first('id')).id;

async function chooseSegment(page: Page, option: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: '抄表段' }).click();
  // By text: react-admin names the empty choice "clear" for screen readers.
  await page.getByRole('option').filter({ hasText: option }).click();
}

/** Claims the approval task from the inbox and approves it. */
async function approve(page: Page, taskId: number): Promise<void> {
  await page.getByTestId('menu-tasks').click();
  await page.getByTestId(`task-row-${taskId}`).click();
  await page.getByTestId('action-claim').click();
  await page.getByTestId('action-release').waitFor();
  await page.locator('textarea[name="opinion"]').first().fill('同意停电');
  await page.getByTestId('action-complete').click();
}

it('a collector applies in the back office, an approver approves, the meter trips and the case page shows it archived', async () => {
  const row = async (customerNo: string) => `apply-customer-row-${await customerId(customerNo)}`;
  const applicant = await logIn(APPLICANT.username);
  await applicant.getByTestId('menu-apply-disconnection').click();
  await expect(applicant.getByTestId('applicant').innerText()).resolves.toBe(APPLICANT.displayName);

  // Someone else's segment: warned before anything is sent.
  await chooseSegment(applicant, /SEG-DEMO-02/);
  await applicant.getByTestId(await row(OTHERS)).waitFor();
  await expect(applicant.getByTestId('reader-warning').innerText()).resolves.toContain('李催费');
  // My own segment: no warning; the arrears filter then drops the small debt.
  await chooseSegment(applicant, /SEG-DEMO-01/);
  await applicant.getByTestId(await row(SMALL_DEBT)).waitFor();
  expect(await applicant.getByTestId('reader-warning').count()).toBe(0);
  await applicant.locator('input[name="arrearsAbove"]').fill('50');
  await applicant.getByTestId(await row(SMALL_DEBT)).waitFor({ state: 'detached' });
  await applicant.getByTestId(await row(TARGET)).waitFor();
  // Every segment again: the eligible customers of both, each ticked.
  await chooseSegment(applicant, /全部抄表段/);
  await applicant.getByTestId(await row(OTHERS)).waitFor();
  // The two added here, and the demo's 3100000006 and 3100000007 (protected) in arrears.
  await expect(applicant.getByText('全部符合条件的客户（共 4 户）').count()).resolves.toBe(1);
  expect(await applicant.locator('[data-testid^="apply-customer-row-"]').count()).toBe(4);
  await applicant.getByTestId(await row(TARGET)).locator('input[type="checkbox"]').check();
  await applicant.getByTestId(await row(OTHERS)).locator('input[type="checkbox"]').check();
  await applicant.getByText('勾选的客户（已勾选 2 户）').waitFor();
  await expect(applicant.getByTestId('reader-warning').innerText()).resolves.toContain('SEG-DEMO-02');
  await applicant.locator('textarea[name="reason"]').fill('欠费超过两个月，多次催缴未果');
  await applicant.screenshot({ path: path.join(ARTIFACTS, 'disconnection-apply.png'), fullPage: true });

  await applicant.getByTestId('apply-submit').click();
  // The server's warning outlives the move to the case page.
  await applicant.getByText(/请注意：抄表段 SEG-DEMO-02 由 李催费 负责抄表/).waitFor();
  await applicant.waitForURL(/#\/cases\/\d+\/show$/);
  const caseId = Number(/#\/cases\/(\d+)\/show$/.exec(applicant.url())![1]);
  const caseRow = await t.db('cases').where({ id: caseId }).first();
  expect(caseRow).toMatchObject({ type: 'disconnection' });
  await applicant.locator('[data-testid="progress-stage"][data-stage="approval"]').waitFor();
  await expect(applicant.getByTestId('progress-total').locator('[data-value]').getAttribute('data-value')).resolves.toBe('2');

  let task: { id: number } | undefined;
  for (let i = 0; i < 100 && !task; i++) {
    task = await t.db('tasks').where({ case_id: caseId, step: 'disconnection-approval', state: 'open' }).first('id');
    if (!task) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(task).toBeDefined();

  // Holding the approver role does not let the applicant approve their own case: their inbox
  // does not offer it, and opening it by its link, completing it is refused with the reason.
  const inbox = applicant.waitForResponse((res) => new URL(res.url()).pathname === '/api/tasks' && res.request().method() === 'GET');
  await applicant.getByTestId('menu-tasks').click();
  expect(((await (await inbox).json()) as Array<{ id: number }>).map((row) => row.id)).not.toContain(task!.id);
  expect(await applicant.getByTestId(`task-row-${task!.id}`).count()).toBe(0);
  await applicant.goto(`${api.baseUrl}/#/tasks/${task!.id}/show`);
  await applicant.getByTestId('action-claim').click();
  await applicant.getByTestId('action-release').waitFor();
  await applicant.locator('textarea[name="opinion"]').first().fill('同意停电');
  await applicant.getByTestId('action-complete').click();
  await applicant.getByText('不能审批自己提交的停电申请。').waitFor();
  expect((await t.db('tasks').where({ id: task!.id }).first()).state).toBe('open');
  await applicant.screenshot({ path: path.join(ARTIFACTS, 'disconnection-own-approval-refused.png') });
  await applicant.getByTestId('action-release').click();
  await applicant.getByTestId('action-claim').waitFor();

  const approver = await logIn('approver');
  await approve(approver, task!.id);
  for (let i = 0; i < 100 && (await t.db('tasks').where({ id: task!.id }).first()).state !== 'completed'; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await t.db('tasks').where({ id: task!.id }).first()).toMatchObject({ state: 'completed', result: { decision: 'approve', opinion: '同意停电' } });
  await approver.context().close();

  // The page follows the case live: pre-notice, the minute's wait, commands, archive.
  await applicant.goto(`${api.baseUrl}/#/cases/${caseId}/show`);
  await applicant.locator('[data-testid="progress-stage"][data-stage="pre-notice"]').waitFor();
  await applicant.locator('[data-testid="progress-stage"][data-stage="archived"]').waitFor({ timeout: 100_000 });
  await expect(applicant.getByTestId('progress-stage').innerText()).resolves.toBe('已归档');
  await expect(applicant.getByTestId('progress-disconnected').locator('[data-value]').getAttribute('data-value')).resolves.toBe('1');
  await expect(applicant.getByTestId('progress-excluded').locator('[data-value]').getAttribute('data-value')).resolves.toBe('1');

  const outcome = async (customerNo: string) =>
    applicant.getByTestId(`outcome-row-${(await t.db('disconnection_outcomes').where({ case_id: caseId, customer_id: await customerId(customerNo) }).first('id')).id}`);
  await expect((await outcome(TARGET)).getByTestId('outcome-state-disconnected').innerText()).resolves.toBe('已停电');
  await expect((await outcome(OTHERS)).innerText()).resolves.toContain('无远程电表，需现场停电');
  expect(await t.db('customers').where({ customer_no: TARGET }).first()).toMatchObject({ supply_status: 'disconnected' });
  expect(gridflow.simulator.meter(TARGET_METER).relayOpen).toBe(true);
  // Each customer's verdict, command and archive are on the outcomes list, not repeated on the timeline.
  await expect(applicant.getByTestId('timeline-omitted').innerText()).resolves.toMatch(/各户自己的记录（[1-9]\d* 条事件/);
  await applicant.screenshot({ path: path.join(ARTIFACTS, 'disconnection-archived-zh-CN.png'), fullPage: true });
  // Outcomes by state: only the disconnected customer.
  await applicant.getByRole('combobox', { name: '状态' }).click();
  await applicant.getByRole('option', { name: '已停电' }).click();
  await (await outcome(OTHERS)).waitFor({ state: 'detached' });
  await (await outcome(TARGET)).waitFor();

  // The same page in English.
  await applicant.getByTestId('locale-menu').locator('button').click();
  await applicant.getByRole('menuitem', { name: 'English' }).click();
  await expect(applicant.getByTestId('progress-stage').innerText()).resolves.toBe('Archived');
  await expect((await outcome(TARGET)).getByTestId('outcome-state-disconnected').innerText()).resolves.toBe('Disconnected');
  await applicant.screenshot({ path: path.join(ARTIFACTS, 'disconnection-archived-en.png'), fullPage: true });
  await applicant.context().close();
}, 180_000);
