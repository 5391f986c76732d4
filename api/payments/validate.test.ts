import { parsePaymentRequest } from './validate';

const now = new Date('2026-11-22T10:00:00Z');
const valid = { paymentId: 'BANK-2026-0001', accountNo: 'A0001', amount: '128.50', channel: 'bank' };

describe('parsePaymentRequest', () => {
  it('accepts a well-formed payment and reads the amount in fen', () => {
    const result = parsePaymentRequest({ ...valid, paidAt: '2026-11-22T17:59:00+08:00' }, now);
    expect(result).toEqual({
      ok: true,
      value: { paymentId: 'BANK-2026-0001', accountNo: 'A0001', amountFen: 12850, channel: 'bank', paidAt: new Date('2026-11-22T09:59:00Z') },
    });
  });

  it('leaves paidAt empty when the payer does not send one', () => {
    const result = parsePaymentRequest(valid, now);
    expect(result.ok && result.value.paidAt).toBeNull();
  });

  it('lists every problem at once', () => {
    const result = parsePaymentRequest({ paymentId: '', accountNo: 'A 1', amount: -1, channel: 'cash', extra: 1 }, now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual(['paymentId', 'accountNo', 'amount', 'channel', 'extra']);
  });

  it.each([
    ['2026-11-22T10:00:00', 'with a zone'],
    ['yesterday', 'with a zone'],
    ['2026-11-22T10:30:00Z', 'in the future'],
    [12345, 'with a zone'],
    ['2026-02-30T10:00:00+08:00', 'no such date'],
    ['2026-04-31T00:00:00Z', 'no such date'],
    ['2026-11-22T24:00:00Z', 'no such date'],
    ['2026-11-22T09:60:00Z', 'no such date'],
    ['2026-11-22T09:00:60Z', 'no such date'],
    ['2026-11-22T09:00:00+24:00', 'no such date'],
    ['0000-01-01T00:00:00Z', 'before 2000'],
    ['1999-12-31T23:59:59Z', 'before 2000'],
  ])('rejects paidAt %p', (paidAt, message) => {
    const result = parsePaymentRequest({ ...valid, paidAt }, now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toContain(message);
  });

  it.each(['2024-02-29T23:59:59.999+08:00', '2000-01-01T00:00:00Z', '2026-11-22T17:59:00+08:00'])('accepts the real time %p', (paidAt) => {
    const result = parsePaymentRequest({ ...valid, paidAt }, now);
    expect(result.ok && result.value.paidAt).toEqual(new Date(paidAt));
  });

  it.each([null, [], 'payment', 42])('rejects a body that is not an object: %p', (body) => {
    expect(parsePaymentRequest(body, now).ok).toBe(false);
  });
});
