import { BOM, csvField, toCsv } from './csv';
import { cumulative, delayBucket, delayBucketSql, DELAY_BUCKETS, everyDay, share, slaCompliance } from './figures';
import { DISCONNECTION_CASE_OUTCOMES, DISCONNECTION_END_STEPS, disconnectionCaseOutcome } from './names';
import { chinaDay, daysOf, isDay, periodBounds, periodProblem, resolvePeriod } from './period';

describe('report periods', () => {
  it('are whole China-time days, both ends included', () => {
    expect(periodBounds({ from: '2025-03-01', to: '2025-03-02' })).toEqual({
      start: new Date('2025-02-28T16:00:00Z'),
      end: new Date('2025-03-02T16:00:00Z'),
    });
    expect(daysOf({ from: '2024-02-28', to: '2024-03-01' })).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('default to the last 30 days, today in China included', () => {
    // 20:00 UTC on 1 March is 04:00 on 2 March in China.
    expect(chinaDay(new Date('2025-03-01T20:00:00Z'))).toBe('2025-03-02');
    expect(resolvePeriod({}, new Date('2025-03-01T20:00:00Z'))).toEqual({ from: '2025-02-01', to: '2025-03-02' });
    expect(resolvePeriod({ to: '2025-01-30' }, 0)).toEqual({ from: '2025-01-01', to: '2025-01-30' });
    expect(resolvePeriod({ from: '2025-01-10' }, new Date('2025-01-12T00:00:00Z'))).toEqual({ from: '2025-01-10', to: '2025-01-12' });
  });

  it('refuse a reversed or overlong period and days that do not exist', () => {
    expect(periodProblem({ from: '2025-03-02', to: '2025-03-01' })).toBe('PERIOD_REVERSED');
    expect(periodProblem({ from: '2024-01-01', to: '2024-12-31' })).toBeNull();
    expect(periodProblem({ from: '2024-01-01', to: '2025-01-01' })).toBe('PERIOD_TOO_LONG');
    expect(periodProblem({ from: '2025-03-01', to: '2025-03-01' })).toBeNull();
    expect(['2025-02-28', '2024-02-29'].map(isDay)).toEqual([true, true]);
    expect(['2025-02-29', '2025-13-01', '2025-3-1', '20250301', ''].map(isDay)).toEqual([false, false, false, false, false]);
  });
});

describe('report figures', () => {
  it('give shares to four places, none of nothing', () => {
    expect(share(1, 3)).toBe(0.3333);
    expect(share(2, 2)).toBe(1);
    expect(share(0, 0)).toBeNull();
  });

  it('put each delay in one bucket, bounds included in the lower one', () => {
    expect([-2, 0, 60, 60.5, 900, 901, 3600, 3601, 86_400].map(delayBucket)).toEqual([
      'within-1m', 'within-1m', 'within-1m', 'within-15m', 'within-15m', 'within-1h', 'within-1h', 'over-1h', 'over-1h',
    ]);
    expect(DELAY_BUCKETS.map((bucket) => delayBucketSql(bucket.key, 's'))).toEqual(['s <= 60', 's > 60 AND s <= 900', 's > 900 AND s <= 3600', 's > 3600']);
  });

  it('count within a bound every faster delay too', () => {
    expect(cumulative({ 'within-1m': 3, 'within-15m': 2, 'within-1h': 0, 'over-1h': 1 })).toEqual({ 'within-1m': 3, 'within-15m': 5, 'within-1h': 5, 'over-1h': 6 });
  });

  it('judge SLA compliance on the tasks that fell due', () => {
    expect(slaCompliance({ onTime: 3, late: 1, overdueOpen: 0 })).toBe(0.75);
    expect(slaCompliance({ onTime: 1, late: 0, overdueOpen: 1 })).toBe(0.5);
    expect(slaCompliance({ onTime: 0, late: 0, overdueOpen: 0 })).toBeNull();
  });

  it('show every day of the period', () => {
    const rows = everyDay(['2025-03-01', '2025-03-02'], [{ day: '2025-03-02', n: 4 }], (day) => ({ day, n: 0 }));
    expect(rows).toEqual([{ day: '2025-03-01', n: 0 }, { day: '2025-03-02', n: 4 }]);
  });
});

describe('disconnection case outcomes', () => {
  it('are the process\'s end steps, or running, or failed', () => {
    expect([...DISCONNECTION_END_STEPS].sort()).toEqual(['archived', 'archived-empty', 'rejected']);
    expect(DISCONNECTION_CASE_OUTCOMES).toEqual(['running', 'failed', ...DISCONNECTION_END_STEPS]);
    expect(disconnectionCaseOutcome('completed', 'archived')).toBe('archived');
    expect(disconnectionCaseOutcome('completed', 'rejected')).toBe('rejected');
    expect(disconnectionCaseOutcome('running', 'approval-2')).toBe('running');
    expect(disconnectionCaseOutcome('failed', 'commands')).toBe('failed');
  });
});

describe('report CSV', () => {
  it('opens in Excel with Chinese intact: a BOM, CRLF, each table under its name', () => {
    const csv = toCsv([['report', 'reconnection'], ['office', '幸福街道抄表段']], [{ name: 'days', columns: ['day', 'restored'], rows: [['2025-03-01', 2]] }]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1)).toBe('report,reconnection\r\noffice,幸福街道抄表段\r\n\r\ndays\r\nday,restored\r\n2025-03-01,2\r\n');
  });

  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\nthere')).toBe('"say ""hi""\nthere"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(csvField([1, 2, 3])).toBe('1 2 3');
  });
});
