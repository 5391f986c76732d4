import { RelocationChoiceError } from './exchange';
import { applyOverride, FeeOverrideError, relocationFees, type FeeFacts } from './fees';
import { DEFAULT_RELOCATION_POLICY } from './policy';

const fees = DEFAULT_RELOCATION_POLICY.fees;

describe('the relocation fees (the manual’s table)', () => {
  it.each<[string, FeeFacts, { code: string; amountFen: number }[], number]>([
    ['same exchange, type A', { kind: 'same', lineType: 'A', announcement: false, keepNumber: false }, [{ code: 'labour', amountFen: 12000 }], 12000],
    ['same exchange, type B', { kind: 'same', lineType: 'B', announcement: false, keepNumber: false }, [{ code: 'labour', amountFen: 12000 }], 12000],
    ['cross exchange, new number', { kind: 'cross', lineType: 'A', announcement: false, keepNumber: false }, [{ code: 'labour', amountFen: 12000 }], 12000],
    ['cross exchange with announcement', { kind: 'cross', lineType: 'B', announcement: true, keepNumber: false }, [{ code: 'labour', amountFen: 12000 }, { code: 'announcement', amountFen: 3000 }], 15000],
    ['cross exchange keeping the number, type A', { kind: 'cross', lineType: 'A', announcement: false, keepNumber: true }, [{ code: 'labour', amountFen: 12000 }, { code: 'keep_number', amountFen: 3000 }], 15000],
    ['cross exchange keeping the number, type B', { kind: 'cross', lineType: 'B', announcement: false, keepNumber: true }, [{ code: 'labour', amountFen: 12000 }, { code: 'keep_number', amountFen: 7000 }], 19000],
  ])('%s', (_name, order, lines, totalFen) => {
    expect(relocationFees(order, fees)).toEqual({ lines, totalFen });
  });

  it('takes its figures from the policy', () => {
    const changed = { labourFen: 10000, announcementFen: 500, keepNumberFen: { A: 1000, B: 2000 } };
    expect(relocationFees({ kind: 'cross', lineType: 'B', announcement: false, keepNumber: true }, changed).totalFen).toBe(12000);
    expect(relocationFees({ kind: 'cross', lineType: 'A', announcement: true, keepNumber: false }, changed).totalFen).toBe(10500);
  });

  it.each<[string, FeeFacts, string]>([
    ['an announcement on a same-exchange move', { kind: 'same', lineType: 'A', announcement: true, keepNumber: false }, 'ANNOUNCEMENT_SAME_EXCHANGE'],
    ['keeping the number on a same-exchange move', { kind: 'same', lineType: 'B', announcement: false, keepNumber: true }, 'KEEP_NUMBER_SAME_EXCHANGE'],
    ['an announcement for a kept number', { kind: 'cross', lineType: 'A', announcement: true, keepNumber: true }, 'ANNOUNCEMENT_WITH_KEPT_NUMBER'],
  ])('refuses %s', (_name, order, code) => {
    expect(() => relocationFees(order, fees)).toThrow(RelocationChoiceError);
    expect(() => relocationFees(order, fees)).toThrow(expect.objectContaining({ code }));
  });
});

describe('a fee override', () => {
  const computed = relocationFees({ kind: 'cross', lineType: 'B', announcement: false, keepNumber: true }, fees);

  it('replaces the total, keeps the computed lines and records the reason', () => {
    expect(applyOverride(computed, { totalFen: 12000, reason: '  老客户优惠  ' }, true)).toEqual({
      lines: computed.lines,
      totalFen: 12000,
      computedTotalFen: 19000,
      override: { reason: '老客户优惠', waiver: false },
    });
  });

  it('is a waiver when the total becomes 0', () => {
    expect(applyOverride(computed, { totalFen: 0, reason: '营业厅过失' }, true)).toMatchObject({ totalFen: 0, override: { waiver: true } });
  });

  it.each([
    ['without the right to override', { totalFen: 0, reason: '减免' }, false, 'NOT_PERMITTED'],
    ['without a reason', { totalFen: 0, reason: '   ' }, true, 'REASON_REQUIRED'],
    ['with a reason over 500 characters', { totalFen: 0, reason: '因'.repeat(501) }, true, 'REASON_TOO_LONG'],
    ['to a negative total', { totalFen: -100, reason: '减免' }, true, 'INVALID_AMOUNT'],
    ['to a fraction of a fen', { totalFen: 10.5, reason: '减免' }, true, 'INVALID_AMOUNT'],
  ])('is refused %s', (_name, override, mayOverride, code) => {
    expect(() => applyOverride(computed, override, mayOverride)).toThrow(FeeOverrideError);
    expect(() => applyOverride(computed, override, mayOverride)).toThrow(expect.objectContaining({ code }));
  });
});
