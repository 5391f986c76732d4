import { checkContactAttempt, checkEscalation, checkRecoveryCheck, leafCauseCodes } from './forms';
import { DEFAULT_REVISIT_POLICY } from './policy';

const causes = DEFAULT_REVISIT_POLICY.causes;
const refused = (code: string, params?: Record<string, unknown>) => expect.objectContaining({ ok: false, code, ...(params ? { params: expect.objectContaining(params) } : {}) });
const accepted = (value: unknown) => ({ ok: true, value });
const reached = { outcome: 'reached', causeCode: 'attitude-rude', said: '师傅说话不客气', action: '已批评教育并致歉', responsible: '维修一班 张三' };

describe('the contact attempt form', () => {
  it.each<[unknown, unknown]>([
    [{ outcome: 'no-answer' }, accepted({ outcome: 'no-answer' })],
    [{ outcome: 'no-answer', note: ' 关机 ' }, accepted({ outcome: 'no-answer', note: '关机' })],
    [{ outcome: 'no-answer', note: '  ' }, accepted({ outcome: 'no-answer' })],
    [{ outcome: 'no-answer', note: 'x'.repeat(2001) }, refused('NOTE_TOO_LONG', { max: 2000 })],
    [reached, accepted(reached)],
    // Reopening is refused unless the revisit says the order can be redone (below).
    [{ ...reached, reopen: true }, refused('REOPEN_NOT_ALLOWED')],
    [{ ...reached, reopen: false }, accepted(reached)],
    [{ ...reached, reopen: 'yes' }, refused('FORM_SHAPE', { fields: 'reopen' })],
    [{ ...reached, said: ' 不客气 ', action: ' 致歉 ', responsible: ' 张三 ' }, accepted({ ...reached, said: '不客气', action: '致歉', responsible: '张三'})],
    [{ ...reached, causeCode: 'attitude' }, refused('CAUSE_UNKNOWN', { causeCode: 'attitude' })],
    [{ ...reached, causeCode: 'rude' }, refused('CAUSE_UNKNOWN')],
    [{ ...reached, causeCode: undefined }, refused('CAUSE_UNKNOWN')],
    [{ ...reached, said: '' }, refused('TEXT_LENGTH', { field: 'said', max: 500 })],
    [{ ...reached, said: '说'.repeat(501) }, refused('TEXT_LENGTH', { field: 'said', max: 500 })],
    [{ ...reached, said: '说'.repeat(500) }, accepted({ ...reached, said: '说'.repeat(500)})],
    [{ ...reached, action: '   ' }, refused('TEXT_LENGTH', { field: 'action', max: 500 })],
    [{ ...reached, action: 42 }, refused('TEXT_LENGTH', { field: 'action' })],
    [{ ...reached, responsible: undefined }, refused('TEXT_LENGTH', { field: 'responsible', max: 100 })],
    [{ ...reached, responsible: '人'.repeat(101) }, refused('TEXT_LENGTH', { field: 'responsible', max: 100 })],
    [{ ...reached, said: '不客气\u0000' }, refused('UNSTORABLE_TEXT')],
    [{ ...reached, action: '致歉\udc00' }, refused('UNSTORABLE_TEXT')],
    [{ outcome: 'busy' }, refused('OUTCOME_INVALID')],
    [{}, refused('OUTCOME_INVALID')],
    [null, refused('FORM_SHAPE')],
    [[reached], refused('FORM_SHAPE')],
    ['reached', refused('FORM_SHAPE')],
  ])('%j → %j', (raw, expected) => {
    expect(checkContactAttempt(raw, causes)).toEqual(expected);
  });

  it('reopens the rated order only when it can be redone', () => {
    expect(checkContactAttempt({ ...reached, reopen: true }, causes, { reopenable: true })).toEqual(accepted({ ...reached, reopen: true }));
    expect(checkContactAttempt({ ...reached, reopen: false }, causes, { reopenable: true })).toEqual(accepted(reached));
    expect(checkContactAttempt({ ...reached, reopen: true }, causes, { reopenable: false })).toEqual(refused('REOPEN_NOT_ALLOWED'));
    // No answer reopens nothing, whatever it carries.
    expect(checkContactAttempt({ outcome: 'no-answer', reopen: true }, causes, { reopenable: true })).toEqual(accepted({ outcome: 'no-answer' }));
  });

  it('takes the causes it is given, not the defaults', () => {
    const own = [{ code: 'network', name: '网络', children: [{ code: 'network-slow', name: '网速慢' }] }];
    expect(checkContactAttempt({ ...reached, causeCode: 'network-slow' }, own)).toMatchObject({ ok: true, value: { causeCode: 'network-slow' } });
    expect(checkContactAttempt(reached, own)).toEqual(refused('CAUSE_UNKNOWN'));
  });

  it('lists the leaves of the cause tree', () => {
    expect(leafCauseCodes(causes)).toEqual([
      'attitude-rude',
      'attitude-no-explanation',
      'quality-not-fixed',
      'quality-recurred',
      'timeliness-late-arrival',
      'timeliness-slow-fix',
      'billing-disputed',
      'billing-unexplained',
    ]);
  });
});

describe('the recovery check form', () => {
  it.each<[unknown, unknown]>([
    [{ recovered: true }, accepted({ recovered: true })],
    [{ recovered: false, note: ' 仍不满意 ' }, accepted({ recovered: false, note: '仍不满意' })],
    [{ recovered: true, note: null }, accepted({ recovered: true })],
    [{ recovered: 'true' }, refused('FORM_SHAPE', { fields: 'recovered' })],
    [{}, refused('FORM_SHAPE', { fields: 'recovered' })],
    [{ recovered: false, note: 'x'.repeat(2001) }, refused('NOTE_TOO_LONG')],
    [{ recovered: false, note: 7 }, refused('NOTE_TOO_LONG')],
    [{ recovered: false, note: '\ud800' }, refused('UNSTORABLE_TEXT')],
    [undefined, refused('FORM_SHAPE')],
  ])('%j → %j', (raw, expected) => {
    expect(checkRecoveryCheck(raw)).toEqual(expected);
  });
});

describe('the escalation form', () => {
  it.each<[unknown, unknown]>([
    [{ note: ' 已约谈班组长，下周复查 ' }, accepted({ note: '已约谈班组长，下周复查' })],
    [{ note: '' }, refused('TEXT_LENGTH', { field: 'note', max: 500 })],
    [{}, refused('TEXT_LENGTH', { field: 'note' })],
    [{ note: '记'.repeat(501) }, refused('TEXT_LENGTH', { max: 500 })],
    [{ note: '记\u0000' }, refused('UNSTORABLE_TEXT')],
    [42, refused('FORM_SHAPE')],
  ])('%j → %j', (raw, expected) => {
    expect(checkEscalation(raw)).toEqual(expected);
  });
});
