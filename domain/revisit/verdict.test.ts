import { DEFAULT_REVISIT_POLICY, parseRevisitPolicy } from './policy';
import { reviewVerdict, revisitKey } from './verdict';

const policy = parseRevisitPolicy({ badRatingThreshold: { relocation: 3, reconnection: 1 } });

describe('the verdict on a rating', () => {
  it.each([
    ['repair', 1, null, { bad: true, reasons: ['low-rating'] }],
    ['repair', 2, undefined, { bad: true, reasons: ['low-rating'] }],
    ['repair', 3, '', { bad: false, reasons: [] }],
    ['repair', 5, '师傅很好', { bad: false, reasons: [] }],
    ['relocation', 3, null, { bad: true, reasons: ['low-rating'] }],
    ['relocation', 4, null, { bad: false, reasons: [] }],
    ['reconnection', 1, null, { bad: true, reasons: ['low-rating'] }],
    ['reconnection', 2, null, { bad: false, reasons: [] }],
    ['repair', 5, '我要投诉！', { bad: true, reasons: ['complaint-keyword'], keyword: '投诉' }],
    ['repair', 1, '态度差，要投诉', { bad: true, reasons: ['low-rating', 'complaint-keyword'], keyword: '投诉' }],
    ['repair', 4, '师傅态度差', { bad: true, reasons: ['complaint-keyword'], keyword: '态度差' }],
    ['repair', null, '很不满意', { bad: true, reasons: ['complaint-keyword'], keyword: '不满意' }],
    ['repair', null, '已经修好了', { bad: false, reasons: [] }],
    ['repair', 5, '满意', { bad: false, reasons: [] }],
    ['repair', 5, '投 诉', { bad: false, reasons: [] }],
  ] as const)('%s rated %p saying %j', (process, rating, comment, expected) => {
    expect(reviewVerdict({ process, rating, comment }, policy)).toEqual(expected);
  });

  it('takes the first keyword in the policy’s order, and folds full-width text', () => {
    const custom = { ...DEFAULT_REVISIT_POLICY, complaintKeywords: ['12345', 'SB', '投诉'] };
    expect(reviewVerdict({ process: 'repair', rating: 5, comment: '投诉！打１２３４５' }, custom)).toMatchObject({ keyword: '12345' });
    expect(reviewVerdict({ process: 'repair', rating: 5, comment: '真是ｓｂ' }, custom)).toMatchObject({ bad: true, keyword: 'SB' });
  });

  it('finds no complaint when the policy lists no keyword', () => {
    expect(reviewVerdict({ process: 'repair', rating: 5, comment: '投诉' }, { ...policy, complaintKeywords: [] })).toEqual({ bad: false, reasons: [] });
  });

  it.each([0, 6, 2.5, Number.NaN])('refuses the rating %p', (rating) => {
    expect(() => reviewVerdict({ process: 'repair', rating }, policy)).toThrow(RangeError);
  });
});

describe('the revisit key', () => {
  it('is one per process, order and customer', () => {
    expect(revisitKey('repair', 'R2024000001', 42)).toBe('revisit:repair:R2024000001:42');
    expect(revisitKey('repair', 'R2024000001', 42)).toBe(revisitKey('repair', 'R2024000001', 42));
    expect(revisitKey('repair', 'R2024000001', 43)).not.toBe(revisitKey('repair', 'R2024000001', 42));
    expect(revisitKey('relocation', 'R2024000001', 42)).not.toBe(revisitKey('repair', 'R2024000001', 42));
  });

  it('counts a rating naming no customer as customer 0, as the database’s unique index does', () => {
    expect(revisitKey('reconnection', 'W1', null)).toBe('revisit:reconnection:W1:0');
  });

  it('cannot be forged by an order reference holding the separator', () => {
    expect(revisitKey('repair', 'A:1', 2)).not.toBe(revisitKey('repair', 'A', 12));
    expect(revisitKey('repair', 'A:1', null)).not.toBe(revisitKey('repair', 'A', 1));
  });

  it.each([0, -1, 1.5])('refuses the customer id %p', (customerId) => {
    expect(() => revisitKey('repair', 'R1', customerId)).toThrow(RangeError);
  });

  it('refuses an empty order reference', () => {
    expect(() => revisitKey('repair', '', 1)).toThrow(RangeError);
  });
});
