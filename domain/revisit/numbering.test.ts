import { formatRevisitNo } from './numbering';

describe('revisit numbers', () => {
  it('are 10 digits starting 18', () => {
    expect(formatRevisitNo(1)).toBe('1800000001');
    expect(formatRevisitNo(99_999_999)).toBe('1899999999');
  });

  it.each([0, -1, 1.5, 100_000_000, Number.NaN])('refuse the serial %p', (serial) => {
    expect(() => formatRevisitNo(serial)).toThrow(RangeError);
  });
});
