import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { recordRating, revisitAwaitingSurvey, revisitPolicyIn } from '../../db/queries/ratings';
import { surveyAwaitingReply } from '../../db/queries/surveys';
import { smsInboundRequest } from '../../domain/contracts/repair';
import { parseRatingReply } from '../../domain/revisit/rating';
import { repairWorkflowId } from '../../workflows/repair/ids';
import { repairSmsRatingSignal } from '../../workflows/repair/workflow';
import { revisitWorkflowId } from '../../workflows/revisit/ids';
import { revisitSurveyReplySignal } from '../../workflows/revisit/workflow';
import { HttpError } from '../errors';
import { startRevisitWorkflow } from '../../activities/revisit-start';
import { requireServiceToken } from '../service-tokens';
import { parseBody } from '../validate';

/** A number Gridflow knows: a customer's phone, a repair's or relocation's contact phone, one it texted, or one a revisit's survey waits on. */
async function knownSender(db: Db, phone: string): Promise<boolean> {
  const { rows } = await db.raw(
    `SELECT EXISTS (SELECT 1 FROM customers WHERE phone = :phone)
         OR EXISTS (SELECT 1 FROM repair_orders WHERE contact_phone = :phone)
         OR EXISTS (SELECT 1 FROM relocation_orders WHERE contact_phone = :phone)
         OR EXISTS (SELECT 1 FROM outbox WHERE recipient = :phone AND channel = 'sms')
         OR EXISTS (SELECT 1 FROM revisits WHERE survey_phone = :phone AND state = 'open' AND survey_sent_at IS NOT NULL AND recovered IS NULL) AS known`,
    { phone },
  );
  return rows[0].known === true;
}

/** The SMS gateway's inbound messages: customers' replies to every process's rating requests and surveys. Mounted at /api. */
export function smsInboundRoutes(db: Db, temporal: Client): Router {
  const router = Router();

  /**
   * A customer's SMS reply (from the gateway), read as a rating with the revisit policy's words
   * (5, ５, 5分, 差, 不满意): it answers the recovery survey of an open revisit sent to this
   * number, if one waits; else a process's satisfaction survey texted to it (a reconnection's),
   * which becomes the order's rating (a bad one opens its revisit); else the callback of the
   * repair order closed for it, which goes to its workflow. Anything else from a number Gridflow knows is kept and flagged for an agent;
   * from a number it does not know (no customer's, no order's contact, never texted) it is
   * refused with 422 UNKNOWN_SENDER and nothing is stored.
   */
  router.post('/sms/inbound', requireServiceToken(db), async (req, res) => {
    const body = parseBody(smsInboundRequest, req.body, 'INVALID_SMS');
    const actor = `service:${res.locals.serviceName}`;
    const earlier = body.messageId ? await db('repair_sms_replies').where({ message_id: body.messageId }).first() : undefined;
    if (!earlier && !(await knownSender(db, body.from))) {
      throw new HttpError(422, 'UNKNOWN_SENDER', `${body.from} is no customer's or order's number and was never texted; the message was not recorded`);
    }
    const policy = await revisitPolicyIn(db);
    const reply =
      earlier ??
      (await db.transaction(async (trx) => {
        const parsed = parseRatingReply(body.text, policy.ratingWords);
        const rating = parsed.recognised ? parsed.rating : null;
        const revisit = await revisitAwaitingSurvey(trx, body.from);
        if (revisit && rating !== null) {
          const [row] = await trx('repair_sms_replies').insert({ message_id: body.messageId ?? null, sender: body.from, body: body.text, revisit_id: revisit.id, rating, flagged: false }).returning('*');
          await appendEvent(trx, {
            type: 'revisit.survey_replied',
            actor,
            customerId: revisit.customerId,
            orderNo: revisit.revisitNo,
            data: { replyId: Number(row.id), rating },
          });
          return row;
        }
        const survey = rating !== null ? await surveyAwaitingReply(trx, body.from) : undefined;
        if (survey && rating !== null) {
          const [row] = await trx('repair_sms_replies').insert({ message_id: body.messageId ?? null, sender: body.from, body: body.text, survey_request_id: survey.id, rating, flagged: false }).returning('*');
          const recorded = await recordRating(
            trx,
            { process: survey.process, orderNo: survey.orderNo, caseId: survey.caseId, customerId: survey.customerId, rating, comment: null, source: 'sms', recordedById: null, actor, idempotencyKey: `sms-reply:${row.id}` },
            policy,
          );
          await trx('survey_requests').where({ id: survey.id }).update({ answered_at: trx.fn.now(), rating_id: recorded.ratingId });
          await appendEvent(trx, {
            type: 'rating.survey_answered',
            actor,
            customerId: survey.customerId,
            caseId: survey.caseId,
            orderNo: survey.orderNo,
            data: { process: survey.process, replyId: Number(row.id), rating, ratingId: recorded.ratingId },
          });
          return row;
        }
        const order = await trx('repair_orders').where({ contact_phone: body.from, state: 'closed' }).orderBy('closed_at', 'desc').first('id', 'order_no', 'customer_id');
        const [row] = await trx('repair_sms_replies')
          .insert({ message_id: body.messageId ?? null, sender: body.from, body: body.text, order_id: order?.id ?? null, rating, flagged: rating === null || !order })
          .returning('*');
        await appendEvent(trx, {
          type: 'repair.sms_reply',
          actor,
          customerId: order?.customer_id ?? null,
          orderNo: order?.order_no ?? null,
          data: { replyId: Number(row.id), rating, flagged: row.flagged },
        });
        return row;
      }));
    // Also on a redelivery: the first post may not have reached the workflow (a second signal is ignored there).
    if (reply.revisit_id) {
      const revisit = await db('revisits').where({ id: reply.revisit_id }).first('revisit_no', 'state');
      if (revisit.state === 'open') await temporal.workflow.getHandle(revisitWorkflowId(revisit.revisit_no)).signal(revisitSurveyReplySignal, { rating: reply.rating, replyId: Number(reply.id) });
      return void res.status(earlier ? 200 : 201).json({ replyId: Number(reply.id), orderNo: null, rating: reply.rating, flagged: false, revisitNo: revisit.revisit_no });
    }
    if (reply.survey_request_id) {
      // A bad rating opened (or joined) its order's revisit: its workflow starts now, also on a redelivery.
      const answered = await db('survey_requests as s').join('ratings as r', 'r.id', 's.rating_id').leftJoin('revisits as v', 'v.id', 'r.revisit_id').where('s.id', reply.survey_request_id).first('s.order_ref', 'v.revisit_no', 'v.state');
      if (answered?.revisit_no && answered.state === 'open') await startRevisitWorkflow(temporal, answered.revisit_no);
      return void res.status(earlier ? 200 : 201).json({ replyId: Number(reply.id), orderNo: answered?.order_ref ?? null, rating: reply.rating, flagged: false, revisitNo: null });
    }
    const order = reply.order_id ? await db('repair_orders').where({ id: reply.order_id }).first('order_no', 'state') : undefined;
    if (!reply.flagged && order?.state === 'closed') {
      await temporal.workflow.getHandle(repairWorkflowId(order.order_no)).signal(repairSmsRatingSignal, { rating: reply.rating, replyId: Number(reply.id) });
    }
    res.status(earlier ? 200 : 201).json({ replyId: Number(reply.id), orderNo: order?.order_no ?? null, rating: reply.rating, flagged: reply.flagged, revisitNo: null });
  });

  return router;
}
