import { renderTemplate } from '../messages/template';
import { RATING_SMS_PURPOSE } from '../repair/rating-sms';
import type { RatedProcess, RevisitPolicy } from './policy';

/**
 * The recovery survey by SMS (回访复核短信): sent once per revisit, its reply read as a rating.
 * Only the texts that ask the customer for a rating count towards the weekly cap: the repair's
 * rating request and this survey. No zod here: the workflow bundle reads it.
 */
export const RECOVERY_SURVEY_PURPOSE = 'revisit-recovery-survey';

/** The satisfaction survey a process's finished work may send (the revisit policy's `surveys`), by process. */
export const RATING_SURVEY_PURPOSES = { relocation: 'relocation-rating-survey', reconnection: 'reconnection-rating-survey' } as const;
/** The processes whose surveys go through survey_requests (a repair asks through its own callback). */
export type SurveyedProcess = keyof typeof RATING_SURVEY_PURPOSES;

/** The outbox purposes that are surveys, counted against a customer's weekly cap. */
export const SURVEY_PURPOSES = [RATING_SMS_PURPOSE, RECOVERY_SURVEY_PURPOSE, ...Object.values(RATING_SURVEY_PURPOSES)] as const;

/** One survey per order: a retried activity texts nothing twice. */
export const ratingSurveyKey = (process: SurveyedProcess, orderNo: string) => `sms:${RATING_SURVEY_PURPOSES[process]}:${orderNo}`;

/** The survey's text: the policy's template for the process, with the order's number. */
export function ratingSurveyText(policy: Pick<RevisitPolicy, 'surveys'>, process: SurveyedProcess, orderNo: string): string {
  return renderTemplate(policy.surveys[process].template, { orderNo });
}

export const recoverySurveyKey = (revisitNo: string) => `sms:${RECOVERY_SURVEY_PURPOSE}:${revisitNo}`;

export function recoverySurveyText(policy: Pick<RevisitPolicy, 'recovery'>, orderNo: string): string {
  return renderTemplate(policy.recovery.smsTemplate, { orderNo });
}

/** A survey answer above the process's bad-rating threshold means the customer is recovered. */
export function recoveredByRating(rating: number, process: RatedProcess, policy: Pick<RevisitPolicy, 'badRatingThreshold'>): boolean {
  return rating > policy.badRatingThreshold[process];
}
