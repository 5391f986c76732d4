import { checkApproval, checkManualOutage, checkManualReconnection, checkReCheck } from './forms';

const opened = Date.parse('2026-11-22T08:00:00Z');
const now = Date.parse('2026-11-22T10:00:00Z');

describe('checkManualReconnection', () => {
  it('accepts an on-site time between the order and now', () => {
    expect(checkManualReconnection({ reconnectedAt: '2026-11-22T17:30:00+08:00', note: '现场合闸' }, now, opened)).toEqual({
      ok: true,
      value: { reconnectedAt: '2026-11-22T09:30:00.000Z', note: '现场合闸' },
    });
  });

  it('takes the minute the order was opened, as a picker to the minute gives it', () => {
    const openedAt = Date.parse('2026-11-22T08:00:39Z');
    expect(checkManualReconnection({ reconnectedAt: '2026-11-22T08:00:00Z' }, now, openedAt).ok).toBe(true);
    expect(checkManualReconnection({ reconnectedAt: '2026-11-22T07:59:59Z' }, now, openedAt).ok).toBe(false);
  });

  it.each([
    [null, 'send {reconnectedAt', 'FORM_SHAPE', { fields: 'reconnectedAt, note' }],
    [{}, 'must be a date', 'TIME_INVALID', { field: 'reconnectedAt' }],
    [{ reconnectedAt: 'soon' }, 'must be a date', 'TIME_INVALID', { field: 'reconnectedAt' }],
    [{ reconnectedAt: '2026-11-22T11:00:00Z' }, 'future', 'TIME_IN_FUTURE', { field: 'reconnectedAt' }],
    [{ reconnectedAt: '2026-11-22T07:00:00Z' }, 'before the order', 'RECONNECTED_BEFORE_ORDER', {}],
    [{ reconnectedAt: '2026-11-22T09:00:00Z', note: 42 }, 'note', 'NOTE_TOO_LONG', { max: 2000 }],
  ])('refuses %j with a code the back office words', (raw, message, code, params) => {
    const check = checkManualReconnection(raw, now, opened);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.message).toContain(message);
      expect({ code: check.code, params: check.params }).toEqual({ code, params });
    }
  });
});

describe('checkManualOutage', () => {
  const sent = Date.parse('2026-11-23T01:00:20Z');
  const later = Date.parse('2026-11-23T03:00:00Z');

  it('accepts a time from the minute the command was sent until now', () => {
    expect(checkManualOutage({ outageAt: '2026-11-23T01:00:00Z' }, later, sent)).toEqual({ ok: true, value: { outageAt: '2026-11-23T01:00:00.000Z' } });
  });

  it.each([
    [{ outageAt: 'noon' }, 'must be a date', 'TIME_INVALID'],
    [{ outageAt: '2026-11-23T00:59:00Z' }, 'before the command', 'OUTAGE_BEFORE_COMMAND'],
    [{ outageAt: '2026-11-23T04:00:00Z' }, 'future', 'TIME_IN_FUTURE'],
  ])('refuses %j', (raw, message, code) => {
    const check = checkManualOutage(raw, later, sent);
    expect(check.ok).toBe(false);
    if (!check.ok) expect([check.message, check.code]).toEqual([expect.stringContaining(message), code]);
  });
});

describe('checkApproval', () => {
  it('needs a decision and an opinion', () => {
    expect(checkApproval({ decision: 'approve', opinion: ' 同意 ' })).toEqual({ ok: true, value: { decision: 'approve', opinion: '同意' } });
    expect(checkApproval({ decision: 'maybe', opinion: 'x' })).toMatchObject({ ok: false, code: 'DECISION_INVALID' });
    expect(checkApproval({ decision: 'reject', opinion: '  ' })).toMatchObject({ ok: false, code: 'OPINION_LENGTH', params: { max: 2000 } });
  });
});

describe('checkReCheck', () => {
  it('refuses removals that are not customer numbers, naming them, even ones that cannot be turned into text', () => {
    const wrong = checkReCheck({ removed: [{ toString: 'x' }, 7] }, ['A']);
    expect(wrong).toEqual({
      ok: false,
      code: 'NOT_A_PAYER',
      params: { customers: '{"toString":"x"}, 7' },
      message: 'only customers listed as having paid can be removed: {"toString":"x"}, 7',
    });
  });

  it('removes only listed payers', () => {
    expect(checkReCheck({ removed: ['A', 'A'] }, ['A', 'B'])).toEqual({ ok: true, value: { removed: ['A'] } });
    expect(checkReCheck({ removed: [] }, ['A'])).toEqual({ ok: true, value: { removed: [] } });
    const wrong = checkReCheck({ removed: ['C'] }, ['A']);
    expect(wrong.ok).toBe(false);
  });
});

describe('text the database cannot store', () => {
  // A NUL or a lone surrogate would make the completion's write fail for ever, so the form refuses it.
  const later = Date.parse('2026-11-23T03:00:00Z');
  it.each([
    ['manual reconnection note', () => checkManualReconnection({ reconnectedAt: '2026-11-22T09:00:00Z', note: 'a\u0000b' }, now, opened)],
    ['manual reconnection extra field', () => checkManualReconnection({ reconnectedAt: '2026-11-22T09:00:00Z', extra: '\ud800' }, now, opened)],
    ['manual outage note', () => checkManualOutage({ outageAt: '2026-11-23T02:00:00Z', note: 'x\udc00' }, later, Date.parse('2026-11-23T01:00:00Z'))],
    ['approval opinion', () => checkApproval({ decision: 'reject', opinion: 'no\u0000pe' })],
    ['approval opinion with a lone surrogate', () => checkApproval({ decision: 'approve', opinion: 'ok\ud83d' })],
    ['re-check removal', () => checkReCheck({ removed: ['A\u0000'] }, ['A\u0000'])],
  ])('refuses a %s holding a NUL or a lone surrogate', (_name, check) => {
    const result = check();
    expect(result.ok).toBe(false);
    if (!result.ok) expect([result.code, result.message]).toEqual(['UNSTORABLE_TEXT', expect.stringContaining('cannot be stored')]);
  });
});
