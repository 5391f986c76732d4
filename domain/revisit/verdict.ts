import type { RatedProcess, RevisitPolicy } from './policy';

/**
 * Whether a rating is a bad review that opens a revisit (差评): its score at or below the
 * process's threshold, or a complaint keyword in its comment. No zod here: the workflow bundle
 * and the rating intake read it.
 */
export const BAD_REASONS = ['low-rating', 'complaint-keyword'] as const;
export type BadReason = (typeof BAD_REASONS)[number];

export interface ReviewVerdict {
  bad: boolean;
  /** Why it is bad, in this order; empty when it is not. */
  reasons: BadReason[];
  /** The complaint keyword found, as the policy spells it. */
  keyword?: string;
}

export interface ReviewInput {
  process: RatedProcess;
  /** 1 to 5, or null for a comment without a score. */
  rating: number | null;
  comment?: string | null;
}

/** How comments and keywords are compared: NFKC-folded (full-width forms) and lower-cased. */
export function foldComment(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The verdict on one rating. The keyword is the first of the policy's list the comment
 * contains. A score that is not a whole number from 1 to 5 is the caller's mistake: RangeError.
 */
export function reviewVerdict(input: ReviewInput, policy: Pick<RevisitPolicy, 'badRatingThreshold' | 'complaintKeywords'>): ReviewVerdict {
  const { rating } = input;
  if (rating !== null && (!Number.isInteger(rating) || rating < 1 || rating > 5)) throw new RangeError(`a rating is a whole number from 1 to 5, got ${rating}`);
  const reasons: BadReason[] = [];
  if (rating !== null && rating <= policy.badRatingThreshold[input.process]) reasons.push('low-rating');
  const comment = input.comment ? foldComment(input.comment) : '';
  const keyword = comment ? policy.complaintKeywords.find((word) => comment.includes(foldComment(word))) : undefined;
  if (keyword !== undefined) reasons.push('complaint-keyword');
  return { bad: reasons.length > 0, reasons, ...(keyword !== undefined ? { keyword } : {}) };
}

/**
 * The key of one revisit per order and customer (the database's unique index on process,
 * order and COALESCE(customer, 0)): later bad ratings of the same order by the same customer
 * find the revisit already open. The customer's id comes last and is all digits, so no order
 * reference can make two keys alike.
 */
export function revisitKey(process: RatedProcess, orderRef: string, customerId: number | null): string {
  if (customerId !== null && (!Number.isSafeInteger(customerId) || customerId < 1)) throw new RangeError(`a customer id is a whole number from 1, got ${customerId}`);
  if (orderRef === '') throw new RangeError('a revisit needs the order it follows up');
  return `revisit:${process}:${orderRef}:${customerId ?? 0}`;
}
