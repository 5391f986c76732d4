import { formatOrderNo, orderKindOf } from './numbering';

describe('work order numbers', () => {
  it('formats automatic orders as 8 digits starting 10', () => {
    expect(formatOrderNo('auto_reconnection', 1)).toBe('10000001');
    expect(formatOrderNo('auto_reconnection', 999999)).toBe('10999999');
  });

  it('formats manual orders as 12 digits starting 14', () => {
    expect(formatOrderNo('manual_reconnection', 42)).toBe('140000000042');
  });

  it('formats disconnection orders as 10 digits starting 12', () => {
    expect(formatOrderNo('disconnection', 7)).toBe('1200000007');
    expect(() => formatOrderNo('disconnection', 100_000_000)).toThrow(RangeError);
  });

  it('refuses serials that would overflow the number', () => {
    expect(() => formatOrderNo('auto_reconnection', 1_000_000)).toThrow(RangeError);
    expect(() => formatOrderNo('auto_reconnection', 0)).toThrow(RangeError);
    expect(() => formatOrderNo('manual_reconnection', 1.5)).toThrow(RangeError);
  });

  it('recognises the kind of an order number', () => {
    expect(orderKindOf('10000001')).toBe('auto_reconnection');
    expect(orderKindOf('140000000042')).toBe('manual_reconnection');
    expect(orderKindOf('1200000007')).toBe('disconnection');
    expect(orderKindOf('1000000')).toBeUndefined();
    expect(orderKindOf('14000000004a')).toBeUndefined();
  });
});
