import { formatChinaTime } from './time';

describe('formatChinaTime', () => {
  it('shows UTC instants in UTC+8', () => {
    expect(formatChinaTime('2026-11-22T17:30:00Z')).toBe('2026-11-23 01:30');
    expect(formatChinaTime(new Date('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01 00:00');
  });

  it('rejects what is not a time', () => {
    expect(() => formatChinaTime('yesterday')).toThrow(RangeError);
  });
});
