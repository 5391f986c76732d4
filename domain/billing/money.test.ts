import { formatFen, InvalidAmountError, parseYuanToFen } from './money';

describe('parseYuanToFen', () => {
  it.each([
    [128.5, 12850],
    ['128.50', 12850],
    ['0.01', 1],
    [3, 300],
    [' 42.1 ', 4210],
  ])('reads %p as %p fen', (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each([
    [0, 'greater than zero'],
    ['0.00', 'greater than zero'],
    [-5, 'positive number'],
    ['12.345', 'at most two decimals'],
    [0.1 + 0.2, 'at most two decimals'],
    ['1e3', 'positive number'],
    ['abc', 'positive number'],
    [Number.NaN, 'finite'],
    [Number.POSITIVE_INFINITY, 'finite'],
    [null, 'number of yuan'],
    [{ amount: 1 }, 'number of yuan'],
    ['100000001', 'larger than any single payment'],
  ])('rejects %p', (input, message) => {
    expect(() => parseYuanToFen(input)).toThrow(InvalidAmountError);
    expect(() => parseYuanToFen(input)).toThrow(message);
  });
});

describe('formatFen', () => {
  it('prints yuan with two decimals', () => {
    expect(formatFen(12850)).toBe('128.50');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-1001)).toBe('-10.01');
  });
});
