import { nextAttempt, smsCapAllows, WEEK_MS } from './attempts';
import { DEFAULT_REVISIT_POLICY } from './policy';

describe('the next contact attempt', () => {
  it.each([
    [1, { kind: 'retry', afterMinutes: 240 }],
    [2, { kind: 'retry', afterMinutes: 1200 }],
    [3, { kind: 'unreachable' }],
    [4, { kind: 'unreachable' }],
  ])('after %d attempt(s) without an answer with the defaults: %j', (made, expected) => {
    expect(nextAttempt(made, DEFAULT_REVISIT_POLICY)).toEqual(expected);
  });

  it('follows the policy’s intervals', () => {
    const policy = { attempts: { retryAfterMinutes: [30, 60, 90] } };
    expect([1, 2, 3, 4].map((made) => nextAttempt(made, policy))).toEqual([
      { kind: 'retry', afterMinutes: 30 },
      { kind: 'retry', afterMinutes: 60 },
      { kind: 'retry', afterMinutes: 90 },
      { kind: 'unreachable' },
    ]);
  });

  it('gives up after one attempt when the policy has no retries', () => {
    expect(nextAttempt(1, { attempts: { retryAfterMinutes: [] } })).toEqual({ kind: 'unreachable' });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %p attempts made', (made) => {
    expect(() => nextAttempt(made, DEFAULT_REVISIT_POLICY)).toThrow(RangeError);
  });
});

describe('the weekly SMS cap', () => {
  const now = Date.UTC(2026, 2, 10, 8, 0);
  const hours = (n: number) => n * 3600_000;

  it.each([
    ['no text yet', [], 2, true],
    ['one text this week, cap 2', [now - hours(30)], 2, true],
    ['two texts this week, cap 2', [now - hours(30), now - hours(1)], 2, false],
    ['two texts, one older than a week', [now - WEEK_MS - 1, now - hours(1)], 2, true],
    ['a text exactly a week old no longer counts', [now - WEEK_MS, now - hours(1)], 2, true],
    ['a text a millisecond short of a week still counts', [now - WEEK_MS + 1, now - hours(1)], 2, false],
    ['a text stamped after now counts', [now + hours(1), now - hours(1)], 2, false],
    ['cap 0 allows none', [], 0, false],
    ['three old texts, cap 1', [now - hours(200), now - hours(300), now - hours(400)], 1, true],
  ] as const)('%s', (_name, sentAt, cap, allowed) => {
    expect(smsCapAllows(sentAt, now, cap)).toBe(allowed);
  });

  it('slides with the clock: the oldest text falling out frees a place', () => {
    const sentAt = [now, now + hours(24)];
    expect(smsCapAllows(sentAt, now + hours(48), 2)).toBe(false);
    expect(smsCapAllows(sentAt, now + WEEK_MS - 1, 2)).toBe(false);
    expect(smsCapAllows(sentAt, now + WEEK_MS, 2)).toBe(true);
  });
});
