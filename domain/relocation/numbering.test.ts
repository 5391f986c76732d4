import { formatRelocationOrderNo, isRelocationOrderNo } from './numbering';

describe('relocation order numbers', () => {
  it.each([
    [1, '1700000001'],
    [12345678, '1712345678'],
  ])('numbers serial %d as %s', (serial, orderNo) => {
    expect(formatRelocationOrderNo(serial)).toBe(orderNo);
    expect(isRelocationOrderNo(orderNo)).toBe(true);
  });

  it.each([0, -1, 1.5, 123456789])('refuses serial %d', (serial) => {
    expect(() => formatRelocationOrderNo(serial)).toThrow(RangeError);
  });

  it.each(['1600000001', '170000001', '17000000x1'])('does not take %s for a relocation order number', (value) => {
    expect(isRelocationOrderNo(value)).toBe(false);
  });
});
