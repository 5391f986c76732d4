import { CALL_MAX_AHEAD_MS, CALL_MAX_BEHIND_MS, isSchedulableDueAt, repairCallRequest } from './repair-calls';

describe('when a call may be due', () => {
  const now = Date.parse('2026-03-10T08:00:00Z');
  it.each([
    ['now', now, true],
    ['in 30 days to the millisecond', now + CALL_MAX_AHEAD_MS, true],
    ['a millisecond past 30 days', now + CALL_MAX_AHEAD_MS + 1, false],
    ['a day ago to the millisecond', now - CALL_MAX_BEHIND_MS, true],
    ['a millisecond more than a day ago', now - CALL_MAX_BEHIND_MS - 1, false],
    ['not a time', NaN, false],
  ])('%s: %s', (_name, dueAt, allowed) => {
    expect(isSchedulableDueAt(dueAt, now)).toBe(allowed);
  });

  it('needs an ISO time; an offset is read as the instant it names', () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    expect(repairCallRequest.safeParse({ dueAt: inAnHour.toISOString() }).success).toBe(true);
    const withOffset = new Date(inAnHour.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    expect(Date.parse(repairCallRequest.parse({ dueAt: withOffset }).dueAt)).toBe(inAnHour.getTime());
    expect(repairCallRequest.safeParse({ dueAt: '2026-03-10 16:00' }).success).toBe(false);
  });
});
