import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import { revisitPolicyIn } from '../db/queries/ratings';
import { surveyAllowed } from '../db/queries/surveys';
import { RATING_SURVEY_PURPOSES, ratingSurveyKey, ratingSurveyText, type SurveyedProcess } from '../domain/revisit/survey';
import { callingWorkflow } from './context';
import type { MessageGateway } from './messaging/gateway';
import { sendOnce } from './messaging/send-once';

/** Why a finished order's survey was not texted. */
export type SurveySkipped = 'disabled' | 'no-phone' | 'weekly-cap';

export type SurveyRequested = { sent: true; outboxId: number } | { sent: false; skipped: SurveySkipped };

const HOUR_MS = 3600_000;

/**
 * 满意度调查: a process's finished work asks the customer for a rating by SMS when the revisit
 * policy turns the process's survey on, with its template — unless the customer had the week's
 * share of surveys. The survey waits for the reply (POST /api/sms/inbound) as long as the policy
 * lets an SMS wait; the reply becomes the order's rating, and a bad one opens its revisit.
 */
export function createSurveyActivities(deps: { db: Db; gateway: MessageGateway }) {
  const { db, gateway } = deps;
  return {
    /** One survey per order: a retry finds it recorded and the message sent once (its outbox key). */
    async requestRatingSurvey(input: { process: SurveyedProcess; orderNo: string; customerId: number | null; caseId: number; phone: string | null }): Promise<SurveyRequested> {
      const policy = await revisitPolicyIn(db);
      const { workflowId } = callingWorkflow();
      if (!policy.surveys[input.process].enabled) return { sent: false, skipped: 'disabled' };
      if (!input.phone) return { sent: false, skipped: 'no-phone' };
      const earlier = await db('survey_requests').where({ process: input.process, order_ref: input.orderNo }).first('id');
      if (!earlier) {
        if (!(await surveyAllowed(db, input.phone, policy.weeklySmsCap))) return { sent: false, skipped: 'weekly-cap' };
        await db.transaction(async (trx) => {
          const inserted = await trx('survey_requests')
            .insert({
              process: input.process,
              order_ref: input.orderNo,
              customer_id: input.customerId,
              case_id: input.caseId,
              phone: input.phone,
              expires_at: new Date(Date.now() + policy.recovery.answerHours * HOUR_MS),
            })
            .onConflict(['process', 'order_ref'])
            .ignore()
            .returning('id');
          if (inserted.length === 0) return;
          await appendEvent(trx, {
            type: 'rating.survey_requested',
            actor: `workflow:${workflowId}`,
            workflowId,
            caseId: input.caseId,
            customerId: input.customerId,
            orderNo: input.orderNo,
            data: { process: input.process, phone: input.phone, answerHours: policy.recovery.answerHours },
          });
        });
      }
      const sent = await sendOnce(db, gateway, {
        idempotencyKey: ratingSurveyKey(input.process, input.orderNo),
        channel: 'sms',
        recipient: input.phone,
        body: ratingSurveyText(policy, input.process, input.orderNo),
        purpose: RATING_SURVEY_PURPOSES[input.process],
        ...(input.customerId ? { customerId: input.customerId } : {}),
        caseId: input.caseId,
        workflowId,
      });
      return { sent: true, outboxId: sent.outboxId };
    },
  };
}

export type SurveyActivities = ReturnType<typeof createSurveyActivities>;
