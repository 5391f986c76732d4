import type { RevisitPolicy } from './policy';

/**
 * The supervisor's calls and the customer's texts: when the next call after no answer comes,
 * and whether one more survey SMS fits the customer's weekly allowance. No zod here: the
 * workflow bundle reads it.
 */
export type NextAttempt = { kind: 'retry'; afterMinutes: number } | { kind: 'unreachable' };

/**
 * After `attemptsMade` calls without an answer (1 after the first): the next call after the
 * policy's interval for it, or, when the intervals are used up, the revisit closes unreachable.
 * With the defaults [240, 1200]: 1 → retry in 4 h, 2 → retry in 20 h, 3 → unreachable.
 */
export function nextAttempt(attemptsMade: number, policy: Pick<RevisitPolicy, 'attempts'>): NextAttempt {
  if (!Number.isSafeInteger(attemptsMade) || attemptsMade < 1) throw new RangeError(`attempts made is a whole number from 1, got ${attemptsMade}`);
  const afterMinutes = policy.attempts.retryAfterMinutes[attemptsMade - 1];
  return afterMinutes === undefined ? { kind: 'unreachable' } : { kind: 'retry', afterMinutes };
}

export const WEEK_MS = 7 * 24 * 3600_000;

/**
 * Whether one more text may go to a customer who was texted at `sentAt` (epoch ms, every
 * survey): fewer than `cap` of them in the sliding week before `now`. A text exactly a week
 * old no longer counts; one stamped after `now` (another clock) does. A cap of 0 allows none.
 */
export function smsCapAllows(sentAt: readonly number[], now: number, cap: number): boolean {
  const since = now - WEEK_MS;
  return sentAt.filter((at) => at > since).length < cap;
}
