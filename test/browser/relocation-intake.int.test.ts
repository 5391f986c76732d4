import path from 'node:path';
import { addDays, chinaDate } from '../../domain/relocation/appointment';
import { BackOffice, startBackOffice } from '../support/back-office';
import { ARTIFACTS } from '../support/browser';
import { switchLanguage } from '../support/one-language';
import { bookSlot, chooseNumber, expectRelocationInOneLanguage, findLine, GOOD_RESIDENT_ID, INTAKE_WORDS, seedRelocationLines, typeCrossAddress } from '../support/relocation-office';

/**
 * Taking a relocation at the counter (移机受理) in Chromium, in each language: the clerk finds
 * the line by its number, types a new address of the other exchange (跨局移), picks a free
 * number by pattern, orders the number-change announcement, books a team's slot, registers the
 * customer's resident ID and sees the fee of 150.00. A wrong check digit is refused in the
 * page's language with nothing stored; corrected, the order is taken and its page shows the
 * number reserved for it.
 */
const BAD_ID = '110105194912310021';

const LANGUAGES = [
  {
    locale: 'zh-CN',
    line: { serviceNo: '65109001', customer: '林阿姨', oldAddress: '建设路 3 号 1 单元 201' },
    address: '和平路 66 号 2 单元 501',
    contact: '林小红',
    pattern: '*8888',
    number: '66208888',
    team: '西城装机班',
    checkDigit: '居民身份证号码校验位不正确',
  },
  {
    locale: 'en',
    line: { serviceNo: '65109002', customer: '高先生', oldAddress: '建设路 5 号 3 单元 602' },
    address: '人民路 9 号 101',
    contact: '高小军',
    pattern: '*6688',
    number: '66206688',
    team: '西城装机班',
    checkDigit: 'the check digit of the resident ID number is wrong',
  },
] as const;

let office: BackOffice;

beforeAll(async () => {
  office = await startBackOffice((t) =>
    seedRelocationLines(
      t,
      LANGUAGES.map((language) => language.line),
      LANGUAGES.map((language) => language.number),
    ),
  );
});

afterAll(() => office?.stop());

describe.each(LANGUAGES)('taking a relocation in $locale', (language) => {
  const { locale, line, number } = language;
  const { serviceNo } = line;
  const words = INTAKE_WORDS[locale];

  it('the clerk takes a cross-exchange move with a number chosen by pattern and an announcement; a wrong check digit is refused first', async () => {
    const day = addDays(chinaDate(Date.now()), 2);
    const clerk = await office.logIn('clerk');
    await switchLanguage(clerk, locale);

    // The line, read-only: the customer by name.
    await findLine(clerk, serviceNo);
    expect(await clerk.getByTestId('relocation-line-customer').innerText()).toContain(line.customer);
    expect(await clerk.getByTestId('relocation-line-exchange').innerText()).toBe('东城局');

    // An address of the line's own exchange: no number to choose, no announcement.
    await clerk.locator('input[name="newAddress"]').fill('建设路 8 号');
    await clerk.getByTestId('relocation-kind-same').waitFor();
    expect(await clerk.getByTestId('relocation-number-choice').count()).toBe(0);
    expect(await clerk.getByTestId('relocation-fee-total').innerText()).toBe('120.00');

    // A new address of the other exchange: the number choosing screen.
    await typeCrossAddress(clerk, locale, language.address);
    expect(await chooseNumber(clerk, language.pattern, number)).toBe(1);
    await clerk.locator('input[name="announcement"]').check();

    // A slot of a team of the new exchange, with what is left of it.
    await bookSlot(clerk, locale, { team: language.team, day, slot: 'pm', contact: language.contact, phone: '13800000123' });

    // Real-name registration with a resident ID whose check digit is wrong.
    await clerk.locator('input[name="documentNumber"]').fill(BAD_ID);
    expect(await clerk.getByTestId('relocation-fee-total').innerText()).toBe('150.00');
    expect(await clerk.getByTestId('relocation-fee-labour').innerText()).toContain('120.00');
    expect(await clerk.getByTestId('relocation-fee-announcement').innerText()).toContain('30.00');
    const typed = [language.address, language.contact, '建设路 8 号', BAD_ID, GOOD_RESIDENT_ID];
    const expectOneLanguage = (where: string, more: string[] = []) => expectRelocationInOneLanguage(office, clerk, locale, where, [...typed, ...more]);
    await expectOneLanguage('the relocation intake');
    await clerk.screenshot({ path: path.join(ARTIFACTS, `relocation-intake-${locale}.png`), fullPage: true });

    const orders = () => office.t.db('relocation_orders').where({ service_no: serviceNo });
    await clerk.getByTestId('relocation-submit').click();
    const refusal = clerk.getByTestId('relocation-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(language.checkDigit);
    await expectOneLanguage('the refused relocation');
    expect(Number((await orders().count('* as n').first())!.n)).toBe(0);
    expect(await office.t.db('phone_numbers').where({ number }).first('state', 'reserved_by')).toEqual({ state: 'free', reserved_by: null });

    // Corrected, the same form takes the order once, however often it is clicked.
    await clerk.locator('input[name="documentNumber"]').fill(GOOD_RESIDENT_ID);
    await clerk.getByTestId('relocation-submit').dblclick();
    await clerk.waitForURL(/#\/relocations\/\d+\/show$/);
    await clerk.getByTestId('relocation-newNumber').getByText(words.reserved, { exact: false }).waitFor();
    expect(await clerk.getByTestId('relocation-newNumber').innerText()).toContain(number);
    expect(await clerk.getByTestId('relocation-fee-total').innerText()).toBe('150.00');
    expect(await clerk.getByTestId('relocation-customerName').innerText()).toContain(line.customer);

    const stored = await orders().select('id', 'kind', 'to_exchange', 'new_number', 'announcement', 'fee_total_fen', 'workflow_id', 'document_number', 'contact_name');
    expect(stored).toHaveLength(1);
    expect({ ...stored[0], fee_total_fen: Number(stored[0].fee_total_fen) }).toMatchObject({ kind: 'cross', to_exchange: 'XC', new_number: number, announcement: true, fee_total_fen: 15000, document_number: GOOD_RESIDENT_ID, contact_name: language.contact });
    expect(clerk.url()).toMatch(new RegExp(`#/relocations/${stored[0].id}/show$`));
    expect(await office.t.db('phone_numbers').where({ number }).first('state', 'reserved_by')).toEqual({ state: 'reserved', reserved_by: stored[0].workflow_id });
    const bookings = await office.t.db('relocation_bookings').where({ order_id: stored[0].id }).select('team_code', office.t.db.raw("to_char(day, 'YYYY-MM-DD') AS day"), 'slot');
    expect(bookings).toEqual([{ team_code: 'T-XC-B', day, slot: 'pm' }]);

    await expectOneLanguage('the relocation order', [number]);
    await clerk.screenshot({ path: path.join(ARTIFACTS, `relocation-order-${locale}.png`), fullPage: true });

    // The orders' list: the customer by name, the kind and state in words.
    await clerk.getByTestId('menu-relocations').click();
    const row = clerk.getByTestId(`relocation-row-${stored[0].id}`);
    await row.waitFor();
    const rowText = await row.innerText();
    for (const shown of [serviceNo, line.customer, words.cross, '西城局', number]) expect(rowText).toContain(shown);
    await expectRelocationInOneLanguage(office, clerk, locale, 'the relocation orders', []);
    await clerk.context().close();
  });
});
