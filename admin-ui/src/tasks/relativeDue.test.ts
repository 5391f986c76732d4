import { relativeDue } from './relativeDue';

describe('relativeDue', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  it.each([
    ['2026-12-02T20:30:00Z', { key: 'left_hours', count: 8 }],
    ['2026-12-02T12:20:00Z', { key: 'left_minutes', count: 20 }],
    ['2026-12-02T12:00:10Z', { key: 'left_minutes', count: 1 }],
    ['2026-12-05T13:00:00Z', { key: 'left_days', count: 3 }],
    ['2026-11-30T11:00:00Z', { key: 'overdue_days', count: 2 }],
    ['2026-12-01T02:00:00Z', { key: 'overdue_hours', count: 34 }],
    ['2026-12-02T11:15:00Z', { key: 'overdue_minutes', count: 45 }],
  ])('%s is %o', (dueAt, expected) => {
    expect(relativeDue(dueAt, now)).toEqual(expected);
  });
});
