import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../db/seeds/demo';
import { insertUser } from '../../db/seeds/users';
import { addDays, chinaDate } from '../../domain/relocation/appointment';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import type { TestDatabase } from '../support/database';
import { sessionCookie } from '../support/http';
import { switchLanguage } from '../support/one-language';
import {
  bookSlot,
  chooseNumber,
  completeTask,
  expectRelocationInOneLanguage,
  findLine,
  GOOD_RESIDENT_ID,
  openFromInbox,
  seedRelocationLines,
  submitIntake,
  takeOpenTask,
  typeCrossAddress,
} from '../support/relocation-office';
import { openTaskOf } from '../support/tasks';

/**
 * A relocation order (移机) from the counter to the installation in Chromium, against the real
 * API, Temporal dev server, PostgreSQL and demo data, once in each language: the clerk takes a
 * cross-exchange move with a chosen number; the cashier opens the payment task from the inbox
 * and enters the invoice number; the policy audits every order (sample share 1); one checker
 * rejects it with a reason, the accepting clerk — never offered the audit — resubmits it, a
 * second checker passes it; the crew member of the order's team installs it. The order's page
 * then shows it installed, the number moved, one loop and the audit's reasons in words.
 */
const TEAM = '西城局装机班';
const SECOND_CHECKER = { username: 'checker-b', displayName: '罗稽核' };

const LANGUAGES = [
  {
    locale: 'zh-CN' as const,
    line: { serviceNo: '65109011', customer: '钱奶奶', oldAddress: '建设路 7 号 2 单元 301' },
    address: '和平路 88 号 3 单元 602',
    contact: '钱小梅',
    pattern: '*8888',
    number: '66208888',
    invoice: 'FP20250011',
    reject: '身份证复印件不清晰，请重新扫描',
    fixNote: '已重新扫描身份证',
    words: { amountDue: '应收金额：120.00 元', sampled: '稽核原因：随机抽样', rejection: '稽核驳回原因：', lastRejection: '上次驳回原因：', installed: '已装机', audited: '须稽核', sample: '随机抽中' },
  },
  {
    locale: 'en' as const,
    line: { serviceNo: '65109012', customer: '蒋先生', oldAddress: '建设路 9 号 101' },
    address: '人民路 12 号 5 单元 201',
    contact: '蒋小军',
    pattern: '*6688',
    number: '66206688',
    invoice: 'FP20250012',
    reject: 'The copy of the ID card is unreadable: scan it again',
    fixNote: 'Scanned the ID card again',
    words: { amountDue: 'Amount due: 120.00 yuan', sampled: 'Why this order is audited: Random sample', rejection: 'Why the auditor rejected it: ', lastRejection: 'Rejected before: ', installed: 'Installed', audited: 'Audited', sample: 'Drawn in the random sample' },
  },
];

let office: BackOffice;
let ids: { clerk: number; cashier: number; checker: number; checkerB: number; crew: number };

/** The lines and numbers, a second checker, and the relocation policy auditing every order. */
async function prepare(t: TestDatabase): Promise<void> {
  await seedRelocationLines(
    t,
    LANGUAGES.map((language) => language.line),
    LANGUAGES.map((language) => language.number),
  );
  await insertUser(t.db, { ...SECOND_CHECKER, roles: ['checker'], password: DEMO_PASSWORD });
  const stored = (await t.db('settings').where({ key: 'relocation' }).first('value'))?.value as { audit?: object } | undefined;
  // A direct write of settings is published as a version of its own (migration 007).
  await t.db('settings').insert({ key: 'relocation', value: JSON.stringify({ ...stored, audit: { ...stored?.audit, sampleShare: 1 } }) }).onConflict('key').merge();
  const byName = async (username: string) => Number((await t.db('users').where({ username }).first('id')).id);
  ids = { clerk: await byName('clerk'), cashier: await byName('cashier'), checker: await byName('checker'), checkerB: await byName(SECOND_CHECKER.username), crew: await byName('crew') };
}

beforeAll(async () => {
  office = await startBackOffice(prepare);
});

afterAll(() => office?.stop());

async function logIn(username: string, locale: 'zh-CN' | 'en'): Promise<Page> {
  const page = await office.logIn(username, { height: 1000 });
  await switchLanguage(page, locale);
  return page;
}

/** The ids of the open tasks the person's inbox lists, through the API the inbox reads. */
async function inboxOf(username: string): Promise<number[]> {
  const cookie = await sessionCookie(office.api.baseUrl, username, DEMO_PASSWORD);
  const query = new URLSearchParams({ filter: JSON.stringify({ state: 'open' }), range: '[0,99]' });
  const res = await fetch(`${office.api.baseUrl}/api/tasks?${query}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as Array<{ id: number }>).map((task) => Number(task.id));
}

/** Waits until `check` holds (the workflow records what people did a moment after they did it). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never: ${what}`);
}

describe.each(LANGUAGES)('a relocation worked through in $locale', (language) => {
  const { locale, line, number, words } = language;

  it('is taken by the clerk, paid, rejected by one checker, fixed by the clerk, passed by another and installed by the team', async () => {
    const { db } = office.t;
    const typed = [language.address, language.contact, language.invoice, language.reject, language.fixNote, GOOD_RESIDENT_ID, number];
    const oneLanguage = (page: Page, where: string) => expectRelocationInOneLanguage(office, page, locale, where, typed);

    // The clerk takes a move to 西城局 with a number chosen by pattern, no announcement.
    const clerk = await logIn('clerk', locale);
    await findLine(clerk, line.serviceNo);
    expect(await clerk.getByTestId('relocation-line-customer').innerText()).toContain(line.customer);
    await typeCrossAddress(clerk, locale, language.address);
    await chooseNumber(clerk, language.pattern, number);
    await bookSlot(clerk, locale, { team: TEAM, day: addDays(chinaDate(Date.now()), 2), slot: 'pm', contact: language.contact, phone: '13800000456' });
    await clerk.locator('input[name="documentNumber"]').fill(GOOD_RESIDENT_ID);
    expect(await clerk.getByTestId('relocation-fee-total').innerText()).toBe('120.00');
    const orderId = await submitIntake(clerk);
    const order = await db('relocation_orders').where({ id: orderId }).first('order_no', 'workflow_id', 'accepted_by_id', 'team_code', 'new_number');
    expect(order).toMatchObject({ accepted_by_id: ids.clerk, team_code: 'T-XC', new_number: number });
    const workflowId: string = order.workflow_id;

    // The cashier opens the payment from the inbox and enters the invoice number.
    const cashier = await logIn('cashier', locale);
    const payment = await openTaskOf(db, workflowId, 'relocation-payment');
    await openFromInbox(office, cashier, payment);
    await takeOpenTask(cashier);
    expect(await cashier.getByTestId('relocation-amount-due').innerText()).toBe(words.amountDue);
    await cashier.locator('input[name="invoiceNo"]').fill(language.invoice);
    await oneLanguage(cashier, 'the payment task');
    await completeTask(office, cashier, payment);
    // Recorded by the workflow a moment after the task is completed.
    await until('the payment recorded', async () => (await db('relocation_orders').where({ id: orderId }).first('invoice_no')).invoice_no === language.invoice);

    // Every order is audited; the clerk who took it is excluded and does not see it.
    const firstAudit = await openTaskOf(db, workflowId, 'relocation-audit');
    expect(await db('tasks').where({ id: firstAudit }).first('candidate_roles', 'candidate_user_ids', 'excluded_user_ids')).toEqual({ candidate_roles: ['checker'], candidate_user_ids: [], excluded_user_ids: [ids.clerk] });
    expect(await inboxOf('clerk')).not.toContain(firstAudit);

    // The first checker rejects it with a reason.
    const checker = await logIn('checker', locale);
    await openFromInbox(office, checker, firstAudit);
    await takeOpenTask(checker);
    expect(await checker.getByTestId('relocation-audit-reasons').innerText()).toContain(words.sampled);
    await checker.locator('input[name="decision"][value="reject"]').check();
    await checker.locator('textarea[name="reason"]').fill(language.reject);
    await oneLanguage(checker, 'the audit task');
    await completeTask(office, checker, firstAudit);

    // Back to the accepting clerk, who reads why and resubmits.
    const fix = await openTaskOf(db, workflowId, 'relocation-fix');
    expect(await db('tasks').where({ id: fix }).first('candidate_roles', 'candidate_user_ids')).toEqual({ candidate_roles: [], candidate_user_ids: [ids.clerk] });
    await openFromInbox(office, clerk, fix);
    await takeOpenTask(clerk);
    expect(await clerk.getByTestId('task-routing-reason').innerText()).toContain('刘营业');
    expect(await clerk.getByTestId('relocation-rejection').innerText()).toBe(`${words.rejection}${language.reject}`);
    await clerk.locator('textarea[name="note"]').fill(language.fixNote);
    await oneLanguage(clerk, 'the fix task');
    await completeTask(office, clerk, fix);

    // The second checker passes it, seeing the first rejection; still not the clerk's to see.
    const secondAudit = await openTaskOf(db, workflowId, 'relocation-audit');
    expect(secondAudit).not.toBe(firstAudit);
    expect(await db('tasks').where({ id: secondAudit }).first('excluded_user_ids')).toEqual({ excluded_user_ids: [ids.clerk] });
    expect(await inboxOf('clerk')).not.toContain(secondAudit);
    const checkerB = await logIn(SECOND_CHECKER.username, locale);
    await openFromInbox(office, checkerB, secondAudit);
    await takeOpenTask(checkerB);
    await checkerB.getByText(`${words.lastRejection}${language.reject}`).waitFor();
    await checkerB.locator('input[name="decision"][value="pass"]').check();
    await oneLanguage(checkerB, 'the second audit task');
    await completeTask(office, checkerB, secondAudit);

    // The crew member of the order's team installs it.
    const install = await openTaskOf(db, workflowId, 'relocation-install');
    expect(await db('tasks').where({ id: install }).first('candidate_roles', 'candidate_user_ids')).toEqual({ candidate_roles: [], candidate_user_ids: [ids.crew] });
    const crew = await logIn('crew', locale);
    await openFromInbox(office, crew, install);
    await takeOpenTask(crew);
    await crew.locator('input[name="outcome"][value="installed"]').check();
    await oneLanguage(crew, 'the installation task');
    await completeTask(office, crew, install);
    await expect(office.env.client.workflow.getHandle(workflowId).result()).resolves.toMatchObject({ outcome: 'installed', serviceNo: number, auditRequired: true, loops: 1 });

    // The number moved: the new one in service, the old one resting, the line renamed.
    expect(await db('phone_numbers').where({ number }).first('state', 'service_no')).toEqual({ state: 'in_use', service_no: number });
    expect(await db('phone_numbers').where({ number: line.serviceNo }).first('state')).toEqual({ state: 'quarantined' });
    expect(await db('service_accounts').where({ service_no: line.serviceNo }).first('service_no')).toBeUndefined();
    expect(await db('service_accounts').where({ service_no: number }).first('exchange_code', 'address')).toEqual({ exchange_code: 'XC', address: language.address });
    const stored = await db('relocation_orders').where({ id: orderId }).first('state', 'loop_count', 'audited_by_id', 'installed_by_id', 'audit_reasons');
    expect(stored).toEqual({ state: 'installed', loop_count: 1, audited_by_id: ids.checkerB, installed_by_id: ids.crew, audit_reasons: ['sample'] });
    expect(await db('tasks').where({ workflow_id: workflowId, step: 'relocation-audit' }).orderBy('id').pluck('completed_by_id')).toEqual([ids.checker, ids.checkerB]);

    // The order's page says so, people by name, in one language.
    await clerk.goto(`${office.api.baseUrl}/#/relocations/${orderId}/show`);
    await clerk.getByTestId('relocation-state').getByText(words.installed, { exact: true }).waitFor();
    expect(await clerk.getByTestId('relocation-newNumber').innerText()).toBe(number);
    expect(await clerk.getByTestId('relocation-oldNumber').innerText()).toBe(line.serviceNo);
    expect(await clerk.getByTestId('relocation-loopCount').innerText()).toBe('1');
    expect(await clerk.getByTestId('relocation-auditRequired').innerText()).toBe(words.audited);
    expect(await clerk.getByTestId('relocation-auditReasons').innerText()).toContain(words.sample);
    const people = { acceptedByName: '刘营业', auditedByName: SECOND_CHECKER.displayName, installedByName: '孙维修' };
    for (const [field, name] of Object.entries(people)) expect(await clerk.getByTestId(`relocation-${field}`).innerText()).toBe(name);
    expect(await clerk.getByTestId('relocation-payments').innerText()).toContain('郑收费');
    // The timeline keeps the rejection's reason and the clerk's note.
    for (const said of [language.reject, language.fixNote]) await clerk.locator('#main-content').getByText(said, { exact: true }).first().waitFor();
    await oneLanguage(clerk, 'the installed order');
    await clerk.screenshot({ path: path.join(ARTIFACTS, `relocation-installed-${locale}.png`), fullPage: true });
    for (const page of [clerk, cashier, checker, checkerB, crew]) await page.context().close();
  });
});
