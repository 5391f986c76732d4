import { addDays, appointmentDateRefusal, chinaDate, datesFrom, daysBetween, isCalendarDate } from './appointment';

describe('the China calendar date', () => {
  it.each([
    ['2026-12-01T15:59:59.999Z', '2026-12-01'],
    ['2026-12-01T16:00:00.000Z', '2026-12-02'],
    ['2026-12-31T23:00:00.000Z', '2027-01-01'],
  ])('of %s is %s', (moment, date) => {
    expect(chinaDate(Date.parse(moment))).toBe(date);
  });
});

describe('calendar days', () => {
  it.each(['2026-02-29', '2026-13-01', '2026-1-01', '1899-12-31', '', 'tomorrow'])('%j is no date', (text) => {
    expect(isCalendarDate(text)).toBe(false);
  });

  it('counts and adds days across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-01', '2027-01-30')).toBe(60);
    expect(daysBetween('2026-12-02', '2026-12-01')).toBe(-1);
    expect(datesFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(datesFrom('2026-12-02', '2026-12-01')).toEqual([]);
  });

  it('refuses arithmetic on something that is no date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2026-12-01', 'x')).toThrow(RangeError);
  });
});

describe('the appointment date', () => {
  it.each([
    ['2026-12-01', null],
    ['2027-01-30', null],
    ['2027-01-31', 'DATE_TOO_FAR'],
    ['2026-11-30', 'DATE_IN_PAST'],
    ['2026-11-31', 'INVALID_DATE'],
    ['01/12/2026', 'INVALID_DATE'],
  ])('%s booked on 2026-12-01: %s', (date, refusal) => {
    expect(appointmentDateRefusal(date, '2026-12-01')).toBe(refusal);
  });

  it('takes the days ahead as a parameter', () => {
    expect(appointmentDateRefusal('2026-12-03', '2026-12-01', 1)).toBe('DATE_TOO_FAR');
    expect(appointmentDateRefusal('2026-12-01', '2026-12-01', 0)).toBeNull();
  });
});
