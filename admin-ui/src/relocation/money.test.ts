import { fenOfYuan, formatYuan } from './money';

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [15000, '150.00'],
    [19000, '190.00'],
    [100000, '1,000.00'],
    [300000, '3,000.00'],
    [123456789, '1,234,567.89'],
    [-3000, '-30.00'],
  ])('%d fen reads %s yuan', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('refuses what is no whole number of fen', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
    expect(() => formatYuan(Number.NaN)).toThrow(RangeError);
  });
});

describe('fenOfYuan', () => {
  it.each([
    ['0', 0],
    ['150', 15000],
    ['150.00', 15000],
    [' 12.5 ', 1250],
    ['0.01', 1],
    ['999999999.99', 99999999999],
  ])('"%s" yuan is %d fen', (text, fen) => {
    expect(fenOfYuan(text)).toBe(fen);
  });

  it.each(['', '-1', '1.234', '1,000', 'abc', '1.', '.5', '1e3', '１２'])('refuses "%s"', (text) => {
    expect(fenOfYuan(text)).toBeNull();
  });
});
