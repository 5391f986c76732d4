import { MINUTE_MS } from './china-clock';
import { DEFAULT_DISCONNECTION_POLICY, ForbiddenWindows, parseDisconnectionPolicy } from './policy';
import { earliestCommandAfterNotice, forbiddenWindowAt, MAX_SEARCH_DAYS, nextAllowedMoment, NoAllowedMomentError } from './windows';

/** An instant given as China local time, "2026-11-24 10:00" or with seconds. */
const china = (local: string) => Date.parse(`${local.replace(' ', 'T')}${local.length === 16 ? ':00' : ''}+08:00`);
const policy = DEFAULT_DISCONNECTION_POLICY;
const withWindows = (windows: Partial<ForbiddenWindows>) => parseDisconnectionPolicy({ forbiddenWindows: windows });

// In the default calendar 2026-11-20 is a Friday and 2026-11-23 a Monday, none of them holidays.
describe('nextAllowedMoment', () => {
  it('is now itself inside working hours, to the millisecond', () => {
    const now = china('2026-11-24 10:00:00.123');
    expect(nextAllowedMoment(now, policy)).toBe(now);
  });

  describe('the night, which crosses midnight', () => {
    it('waits from late evening to the next morning', () => {
      expect(nextAllowedMoment(china('2026-11-24 23:30'), policy)).toBe(china('2026-11-25 07:00'));
    });

    it('waits from after midnight to the same morning', () => {
      expect(nextAllowedMoment(china('2026-11-25 02:00'), policy)).toBe(china('2026-11-25 07:00'));
    });

    it('opens exactly at nightEnd', () => {
      expect(nextAllowedMoment(china('2026-11-25 06:59:59.999'), policy)).toBe(china('2026-11-25 07:00'));
      expect(nextAllowedMoment(china('2026-11-25 07:00'), policy)).toBe(china('2026-11-25 07:00'));
    });

    it('closes exactly at nightStart', () => {
      const lateCutoff = withWindows({ dailyCutoff: '23:00' });
      expect(nextAllowedMoment(china('2026-11-24 21:59:59.999'), lateCutoff)).toBe(china('2026-11-24 21:59:59.999'));
      expect(nextAllowedMoment(china('2026-11-24 22:00'), lateCutoff)).toBe(china('2026-11-25 07:00'));
    });

    it('also works for a night inside one day', () => {
      const earlyNight = withWindows({ nightStart: '00:00', nightEnd: '06:00', dailyCutoff: '23:00' });
      expect(nextAllowedMoment(china('2026-11-24 23:30'), earlyNight)).toBe(china('2026-11-25 06:00'));
      expect(nextAllowedMoment(china('2026-11-25 05:00'), earlyNight)).toBe(china('2026-11-25 06:00'));
    });

    it('opens at midnight after a holiday when the night does not cover it', () => {
      const shortNight = withWindows({ nightStart: '01:00', nightEnd: '05:00', holidays: ['2026-11-24'] });
      expect(nextAllowedMoment(china('2026-11-24 10:00'), shortNight)).toBe(china('2026-11-25 00:00'));
    });
  });

  describe('the daily cut-off', () => {
    it('allows the last minute before it and closes at it', () => {
      expect(nextAllowedMoment(china('2026-11-24 15:59:59.999'), policy)).toBe(china('2026-11-24 15:59:59.999'));
      expect(nextAllowedMoment(china('2026-11-24 16:00'), policy)).toBe(china('2026-11-25 07:00'));
    });
  });

  describe('weekends and holidays', () => {
    it('takes Friday evening to Monday morning', () => {
      expect(nextAllowedMoment(china('2026-11-20 16:30'), policy)).toBe(china('2026-11-23 07:00'));
      expect(nextAllowedMoment(china('2026-11-20 23:00'), policy)).toBe(china('2026-11-23 07:00'));
      expect(nextAllowedMoment(china('2026-11-21 12:00'), policy)).toBe(china('2026-11-23 07:00'));
    });

    it('skips a holiday on Monday to Tuesday (Qingming, 4 to 6 April 2026)', () => {
      expect(nextAllowedMoment(china('2026-04-03 17:00'), policy)).toBe(china('2026-04-07 07:00'));
      expect(nextAllowedMoment(china('2026-04-06 10:00'), policy)).toBe(china('2026-04-07 07:00'));
    });

    it('skips the nine days of the Spring Festival', () => {
      expect(nextAllowedMoment(china('2026-02-15 09:00'), policy)).toBe(china('2026-02-24 07:00'));
    });

    it('allows a make-up working Saturday', () => {
      expect(nextAllowedMoment(china('2026-02-13 17:00'), policy)).toBe(china('2026-02-14 07:00'));
      expect(nextAllowedMoment(china('2026-02-14 10:00'), policy)).toBe(china('2026-02-14 10:00'));
    });

    it('allows a make-up working Sunday', () => {
      expect(nextAllowedMoment(china('2026-09-20 10:00'), policy)).toBe(china('2026-09-20 10:00'));
    });

    it('allows weekends when the policy does', () => {
      expect(nextAllowedMoment(china('2026-11-21 10:00'), withWindows({ weekendsForbidden: false }))).toBe(china('2026-11-21 10:00'));
    });

    it('keeps holidays closed even when weekends are allowed', () => {
      expect(nextAllowedMoment(china('2026-04-04 10:00'), withWindows({ weekendsForbidden: false }))).toBe(china('2026-04-07 07:00'));
    });
  });

  describe('China time, not UTC', () => {
    it('sees Monday 07:30 in China where UTC still says Sunday', () => {
      const now = Date.parse('2026-11-22T23:30:00Z');
      expect(nextAllowedMoment(now, policy)).toBe(now);
    });

    it('waits for 07:00 China time, which is 23:00 UTC the day before', () => {
      expect(nextAllowedMoment(Date.parse('2026-11-22T22:30:00Z'), policy)).toBe(Date.parse('2026-11-22T23:00:00Z'));
    });

    it('applies the cut-off at 16:00 China time, 08:00 UTC', () => {
      expect(nextAllowedMoment(Date.parse('2026-11-23T08:00:00Z'), policy)).toBe(Date.parse('2026-11-23T23:00:00Z'));
    });
  });

  it('gives up when the calendar forbids every day it searches', () => {
    const start = Date.parse('2026-11-24T00:00:00Z');
    const everyDay = Array.from({ length: MAX_SEARCH_DAYS + 2 }, (_, i) => new Date(start + i * 24 * 60 * MINUTE_MS).toISOString().slice(0, 10));
    expect(() => nextAllowedMoment(china('2026-11-24 10:00'), withWindows({ holidays: everyDay }))).toThrow(NoAllowedMomentError);
  });

  it('rejects what is not an instant', () => {
    expect(() => nextAllowedMoment(Number.NaN, policy)).toThrow(RangeError);
  });

  it('agrees with a minute-by-minute search through 2026', () => {
    // Deterministic pseudo-random instants, so a failure can be replayed.
    let seed = 2026;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const yearStart = china('2026-01-01 00:00');
    for (let sample = 0; sample < 100; sample++) {
      const now = yearStart + Math.floor(random() * 365 * 24 * 60 * MINUTE_MS);
      const next = nextAllowedMoment(now, policy);
      expect(forbiddenWindowAt(next, policy.forbiddenWindows)).toBeNull();
      for (let t = Math.ceil(now / MINUTE_MS) * MINUTE_MS; t < next; t += MINUTE_MS) {
        if (forbiddenWindowAt(t, policy.forbiddenWindows) === null) throw new Error(`${new Date(now).toISOString()}: ${new Date(t).toISOString()} is allowed before ${new Date(next).toISOString()}`);
      }
    }
  });
});

describe('forbiddenWindowAt', () => {
  const windows = policy.forbiddenWindows;

  it.each([
    ['2026-11-24 10:00', null],
    ['2026-11-24 06:59', 'NIGHT'],
    ['2026-11-24 16:00', 'AFTER_CUTOFF'],
    ['2026-11-20 23:00', 'NIGHT'],
    ['2026-11-21 10:00', 'WEEKEND'],
    ['2026-11-21 23:00', 'WEEKEND'],
    ['2026-04-06 10:00', 'HOLIDAY'],
    ['2026-04-04 10:00', 'HOLIDAY'],
    ['2026-02-14 10:00', null],
  ])('at %s China time: %p', (local, expected) => {
    expect(forbiddenWindowAt(china(local), windows)).toBe(expected);
  });
});

describe('earliestCommandAfterNotice', () => {
  it('waits the pre-notice time when that lands in working hours', () => {
    expect(earliestCommandAfterNotice(china('2026-11-24 10:00'), policy)).toBe(china('2026-11-25 10:00'));
  });

  it('then waits for the next allowed moment', () => {
    expect(earliestCommandAfterNotice(china('2026-11-20 10:00'), policy)).toBe(china('2026-11-23 07:00'));
  });
});
