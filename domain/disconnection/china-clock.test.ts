import { isWeekend, parseTimeOfDay, toChinaLocal, weekdayOfDate } from './china-clock';

describe('toChinaLocal', () => {
  it('reads UTC instants on the Chinese clock, a day ahead late in the UTC evening', () => {
    expect(toChinaLocal(Date.parse('2026-11-22T23:30:00Z'))).toEqual({
      date: '2026-11-23',
      weekday: 1,
      minuteOfDay: 7 * 60 + 30,
      midnight: Date.parse('2026-11-23T00:00:00+08:00'),
    });
  });

  it('starts the Chinese day at 16:00 UTC', () => {
    expect(toChinaLocal(Date.parse('2026-11-22T15:59:59.999Z')).date).toBe('2026-11-22');
    expect(toChinaLocal(Date.parse('2026-11-22T16:00:00Z'))).toMatchObject({ date: '2026-11-23', minuteOfDay: 0 });
  });

  it('works before the epoch', () => {
    expect(toChinaLocal(Date.parse('1969-12-31T12:00:00+08:00'))).toMatchObject({ date: '1969-12-31', weekday: 3, minuteOfDay: 720 });
  });

  it('rejects what is not an instant', () => {
    expect(() => toChinaLocal(Number.NaN)).toThrow(RangeError);
  });
});

describe('parseTimeOfDay', () => {
  it.each([
    ['00:00', 0],
    ['07:00', 420],
    ['23:59', 1439],
  ])('reads %s as %d minutes', (text, minutes) => {
    expect(parseTimeOfDay(text)).toBe(minutes);
  });

  it.each(['24:00', '7:00', '07:60', '0700', '', 700, null])('refuses %p', (text) => {
    expect(parseTimeOfDay(text)).toBeUndefined();
  });
});

describe('weekdayOfDate', () => {
  it('knows the weekday of real dates', () => {
    expect(weekdayOfDate('2026-11-23')).toBe(1);
    expect(weekdayOfDate('2026-02-14')).toBe(6);
    expect(weekdayOfDate('2028-02-29')).toBe(2);
  });

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '2026-1-5', '26-01-05', 20260105])('refuses %p', (text) => {
    expect(weekdayOfDate(text)).toBeUndefined();
  });
});

describe('isWeekend', () => {
  it('is Saturday and Sunday only', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(isWeekend)).toEqual([true, false, false, false, false, false, true]);
  });
});
