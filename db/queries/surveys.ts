import type { Knex } from 'knex';
import { smsCapAllows, WEEK_MS } from '../../domain/revisit/attempts';
import type { SurveyedProcess } from '../../domain/revisit/survey';
import { SURVEY_PURPOSES } from '../../domain/revisit/survey';

/** A process's satisfaction survey waiting for the customer's reply. */
export interface AwaitingSurvey {
  id: number;
  process: SurveyedProcess;
  orderNo: string;
  customerId: number | null;
  caseId: number | null;
}

/**
 * Whether this phone may get one more survey now: fewer texts asking for a rating in the 7
 * days before `now` than `cap` (every process's rating requests and surveys count).
 */
export async function surveyAllowed(db: Knex | Knex.Transaction, phone: string, cap: number, now = Date.now()): Promise<boolean> {
  const since = new Date(now - WEEK_MS);
  const sent: Date[] = await db('outbox').where({ channel: 'sms', recipient: phone }).whereIn('purpose', SURVEY_PURPOSES).andWhere('created_at', '>', since).pluck('created_at');
  return smsCapAllows(
    sent.map((at) => new Date(at).getTime()),
    now,
    cap,
  );
}

/** The newest survey texted to this phone that is neither answered nor expired. */
export async function surveyAwaitingReply(db: Knex | Knex.Transaction, phone: string): Promise<AwaitingSurvey | undefined> {
  const row = await db('survey_requests')
    .where({ phone })
    .whereNull('answered_at')
    .andWhere('expires_at', '>', db.fn.now())
    .orderBy('sent_at', 'desc')
    .first('id', 'process', 'order_ref', 'customer_id', 'case_id');
  return row ? { id: row.id, process: row.process, orderNo: row.order_ref, customerId: row.customer_id, caseId: row.case_id } : undefined;
}
