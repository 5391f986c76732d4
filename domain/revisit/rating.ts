import { parseSmsRating } from '../repair/rating';

/**
 * A customer's reply to a satisfaction survey (an SMS through POST /api/sms/inbound, or what an
 * agent typed in), read as a rating 1–5. Understood: one digit, half- or full-width, optionally
 * followed by 分 or 星 (and 一 to 五 the same way: domain/repair/rating.ts); else exactly one of
 * the policy's rating words (差, 不满意, 很满意…). Anything else — two ratings, 0, 6–9, 4.5,
 * an empty reply, a sentence — is not a rating: the reply is kept and flagged for an agent.
 * No zod here: the workflow bundle reads it.
 */
export type Rating = 1 | 2 | 3 | 4 | 5;

export type RatingReply = { recognised: true; rating: Rating; via: 'digit' | 'word' } | { recognised: false };

/** Trailing punctuation and spaces a reply may end with (after NFKC: ！→!, ～→~, ．→.). */
const TRAILING = /[。!.~\s]+$/u;

/**
 * A reply or a rating word as the two are compared: NFKC-folded (full-width digits and
 * letters, the ideographic space), trimmed, its trailing 。！!.~ and spaces taken off.
 */
export function foldReply(text: string): string {
  return text.normalize('NFKC').trim().replace(TRAILING, '');
}

export function parseRatingReply(text: string, words: ReadonlyArray<{ word: string; rating: number }>): RatingReply {
  const folded = foldReply(text);
  if (folded === '') return { recognised: false };
  const digit = parseSmsRating(folded);
  if (digit.recognised) return { recognised: true, rating: digit.rating, via: 'digit' };
  const match = words.find((entry) => foldReply(entry.word) === folded);
  if (match && isRating(match.rating)) return { recognised: true, rating: match.rating, via: 'word' };
  return { recognised: false };
}

export function isRating(value: unknown): value is Rating {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;
}
