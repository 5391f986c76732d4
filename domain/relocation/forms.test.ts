import { checkAudit, checkCancelRequest, checkFix, checkInstall, checkPayment, checkReschedule } from './forms';

const refused = (code: string) => expect.objectContaining({ ok: false, code });
const accepted = (value: unknown) => ({ ok: true, value });

describe('the payment form', () => {
  it.each<[unknown, unknown]>([
    [{ invoiceNo: ' FP-2024-0001 ' }, accepted({ invoiceNo: 'FP-2024-0001' })],
    [{ invoiceNo: '' }, refused('INVOICE_NO_INVALID')],
    [{ invoiceNo: '发票1' }, refused('INVOICE_NO_INVALID')],
    [{ invoiceNo: 'A'.repeat(33) }, refused('INVOICE_NO_INVALID')],
    [{ invoiceNo: 'A\u0000' }, refused('UNSTORABLE_TEXT')],
    [null, refused('FORM_SHAPE')],
    [['FP-1'], refused('FORM_SHAPE')],
  ])('%j → %j', (raw, expected) => {
    expect(checkPayment(raw)).toEqual(expected);
  });
});

describe('the audit form', () => {
  it.each<[unknown, unknown]>([
    [{ decision: 'pass' }, accepted({ decision: 'pass' })],
    [{ decision: 'pass', note: ' 资料齐全 ' }, accepted({ decision: 'pass', note: '资料齐全' })],
    [{ decision: 'reject', reason: ' 证件号不符 ' }, accepted({ decision: 'reject', reason: '证件号不符' })],
    [{ decision: 'reject', reason: '  ' }, refused('OPINION_LENGTH')],
    [{ decision: 'reject' }, refused('OPINION_LENGTH')],
    [{ decision: 'approve' }, refused('DECISION_INVALID')],
    [{ decision: 'pass', note: 'x'.repeat(2001) }, refused('NOTE_TOO_LONG')],
  ])('%j → %j', (raw, expected) => {
    expect(checkAudit(raw)).toEqual(expected);
  });
});

describe('the fix form', () => {
  it.each<[unknown, unknown]>([
    [{}, accepted({})],
    [{ note: '已核实', contactName: ' 王五 ', contactPhone: '0571-8888888' }, accepted({ note: '已核实', contactName: '王五', contactPhone: '0571-8888888' })],
    [{ contactName: '', contactPhone: null }, accepted({})],
    [{ contactName: '名'.repeat(51) }, refused('CONTACT_NAME_INVALID')],
    [{ contactPhone: '12345' }, refused('CONTACT_PHONE_INVALID')],
    [{ contactPhone: '138-0000-00x0' }, refused('CONTACT_PHONE_INVALID')],
    [{ contactPhone: 13800000000 }, refused('CONTACT_PHONE_INVALID')],
  ])('%j → %j', (raw, expected) => {
    expect(checkFix(raw)).toEqual(expected);
  });
});

describe('the installation form', () => {
  it.each<[unknown, unknown]>([
    [{ outcome: 'installed' }, accepted({ outcome: 'installed' })],
    [{ outcome: 'not-installed', reason: '客户不在家' }, accepted({ outcome: 'not-installed', reason: '客户不在家' })],
    [{ outcome: 'not-installed' }, refused('OPINION_LENGTH')],
    [{ outcome: 'done' }, refused('DECISION_INVALID')],
  ])('%j → %j', (raw, expected) => {
    expect(checkInstall(raw)).toEqual(expected);
  });
});

describe('the reschedule form', () => {
  // 2024-05-10 09:00 in China.
  const now = Date.parse('2024-05-10T01:00:00Z');
  const slots = [{ code: 'am' }, { code: 'pm' }];
  const full = [{ date: '2024-05-11', slot: 'am' }];
  it.each<[unknown, unknown]>([
    [{ date: '2024-05-10', slot: 'pm' }, accepted({ date: '2024-05-10', slot: 'pm' })],
    [{ date: '2024-05-11', slot: 'pm', note: '改约下午' }, accepted({ date: '2024-05-11', slot: 'pm', note: '改约下午' })],
    [{ date: '2024-05-11', slot: 'am' }, refused('SLOT_FULL')],
    [{ date: '2024-05-09', slot: 'am' }, refused('DATE_IN_PAST')],
    [{ date: '2024-02-30', slot: 'am' }, refused('DATE_INVALID')],
    [{ date: '2024-05-12T08:00', slot: 'am' }, refused('DATE_INVALID')],
    [{ date: '2024-09-30', slot: 'am' }, refused('DATE_TOO_FAR')],
    [{ date: '2024-05-12', slot: 'night' }, refused('SLOT_UNKNOWN')],
    [{ slot: 'am' }, refused('DATE_INVALID')],
  ])('%j → %j', (raw, expected) => {
    expect(checkReschedule(raw, now, slots, full)).toEqual(expected);
  });

  it('names the full slot and day so the form can say which', () => {
    expect(checkReschedule({ date: '2024-05-11', slot: 'am' }, now, slots, full)).toMatchObject({ params: { date: '2024-05-11', slot: 'am' } });
  });

  it('takes the day in China: 23:30 UTC is already the next day', () => {
    expect(checkReschedule({ date: '2024-05-10', slot: 'am' }, Date.parse('2024-05-10T16:30:00Z'), slots)).toEqual(refused('DATE_IN_PAST'));
  });

  it("holds a reschedule to the policy's booking horizon", () => {
    expect(checkReschedule({ date: '2024-05-21', slot: 'am' }, now, slots, [], 10)).toMatchObject({ ok: false, code: 'DATE_TOO_FAR', params: { max: 10 } });
    expect(checkReschedule({ date: '2024-05-20', slot: 'am' }, now, slots, [], 30)).toMatchObject({ ok: true, value: { date: '2024-05-20', slot: 'am' } });
  });
});

describe('the cancellation request', () => {
  it.each<[unknown, unknown]>([
    [{ reason: ' 客户不再需要 ', byUserId: 7 }, { ok: true, value: { reason: '客户不再需要', byUserId: 7 } }],
    [{ reason: '', byUserId: 7 }, refused('CANCEL_REASON_INVALID')],
    [{ reason: 'x'.repeat(501), byUserId: 7 }, refused('CANCEL_REASON_INVALID')],
    [{ reason: '不要了', byUserId: 0 }, refused('FORM_SHAPE')],
    [{ reason: '不要了', byUserId: '7' }, refused('FORM_SHAPE')],
    [{ reason: '\ud800', byUserId: 7 }, refused('UNSTORABLE_TEXT')],
    ['cancel', refused('FORM_SHAPE')],
  ])('%j → %j', (raw, expected) => {
    expect(checkCancelRequest(raw)).toEqual(expected);
  });
});
