import { Dlt645Error, meterLocalTimeToDate, parseMeterLocalTime, toMeterLocalTime } from '.';

const JUNE_30_LATE = { year: 2025, month: 6, day: 30, hour: 23, minute: 59, second: 59 };

describe('meter local time (UTC+8)', () => {
  it('converts an instant to China wall-clock time', () => {
    expect(toMeterLocalTime(new Date('2025-06-30T15:59:59Z'))).toEqual(JUNE_30_LATE);
  });

  it('crosses midnight and month ends', () => {
    expect(toMeterLocalTime(new Date('2025-12-31T16:00:00Z'))).toEqual({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
  });

  it('takes an ISO time without offset as the meter clock as-is', () => {
    expect(parseMeterLocalTime('2025-06-30T23:59:59')).toEqual(JUNE_30_LATE);
    expect(parseMeterLocalTime('2025-06-30 23:59')).toEqual({ ...JUNE_30_LATE, second: 0 });
  });

  it('converts an ISO time with Z or an offset to UTC+8', () => {
    expect(parseMeterLocalTime('2025-06-30T15:59:59Z')).toEqual(JUNE_30_LATE);
    expect(parseMeterLocalTime('2025-06-30T17:59:59+02:00')).toEqual(JUNE_30_LATE);
    expect(parseMeterLocalTime('2025-06-30T10:59:59.500-0500')).toEqual(JUNE_30_LATE);
    expect(parseMeterLocalTime('2025-06-30T23:59:59+08:00')).toEqual(JUNE_30_LATE);
  });

  it('maps back to the instant', () => {
    expect(meterLocalTimeToDate(JUNE_30_LATE).toISOString()).toBe('2025-06-30T15:59:59.000Z');
  });

  it.each(['2025-02-30T00:00:00', '2025-06-30T24:00:00', '1999-12-31T23:59:59', 'tomorrow', '2025-06-30'])(
    'rejects %s',
    (text) => {
      expect(() => parseMeterLocalTime(text)).toThrow(Dlt645Error);
    },
  );
});
