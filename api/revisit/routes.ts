import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db, DbRow } from '../../db/connection';
import { policyVersionInForce } from '../../db/queries/policies';
import { ratedOrder, recordRating } from '../../db/queries/ratings';
import { RATED_PROCESSES, ratingRequest, REVISIT_OUTCOMES, REVISIT_STATES, type RatingAnswer, type RevisitRecord } from '../../domain/contracts/revisit';
import { parseRevisitPolicy, type RevisitPolicy } from '../../domain/revisit/policy';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asOneOf, asText, idParam, iso, likePattern, type ListSpec, parseListQuery, sendList } from '../lists';
import { serviceTokenOr } from '../service-tokens';
import { parseBody } from '../validate';
import { startRevisitWorkflow } from '../../activities/revisit-start';

const spec: ListSpec = {
  resource: 'revisits',
  sorts: { createdAt: 'v.created_at', id: 'v.id', revisitNo: 'v.revisit_no' },
  defaultSort: ['createdAt', 'DESC'],
  countUpTo: 1000,
  filters: {
    state: (query, value) => void query.where('v.state', asOneOf(value, 'state', REVISIT_STATES)),
    outcome: (query, value) => void query.where('v.outcome', asOneOf(value, 'outcome', REVISIT_OUTCOMES)),
    process: (query, value) => void query.where('v.process', asOneOf(value, 'process', RATED_PROCESSES)),
    // A revisit by its number, the rated order's, or the customer's number or name.
    q: (query, value) => {
      const text = asText(value, 'q');
      query.where((q) => void q.where('v.revisit_no', text).orWhere('v.order_ref', text).orWhere('cu.customer_no', text).orWhereILike('cu.name', likePattern(text)));
    },
  },
};

const base = (db: Db) =>
  db('revisits as v')
    .leftJoin('customers as cu', 'cu.id', 'v.customer_id')
    .leftJoin('users as s', 's.id', 'v.supervisor_id')
    .select('v.*', 'cu.customer_no', 'cu.name as customer_name', 's.display_name as supervisor_name');

function present(row: DbRow, ratings: RevisitRecord['ratings'] = []): RevisitRecord {
  return {
    id: row.id,
    revisitNo: row.revisit_no,
    process: row.process,
    orderNo: row.order_ref,
    customerId: row.customer_id,
    customerNo: row.customer_no ?? null,
    customerName: row.customer_name ?? null,
    state: row.state,
    outcome: row.outcome,
    reasons: row.reasons,
    caseId: row.case_id,
    supervisorName: row.supervisor_name ?? null,
    attempts: row.attempts,
    firstContactAt: iso(row.first_contact_at),
    causeCode: row.cause_code,
    customerSaid: row.customer_said,
    correctiveAction: row.corrective_action,
    responsible: row.responsible,
    recovered: row.recovered,
    reopenedAt: iso(row.reopened_at),
    redoneAt: iso(row.redone_at),
    createdAt: iso(row.created_at)!,
    closedAt: iso(row.closed_at),
    ratings,
  };
}

/** The revisit policy in force, defaults filled in. */
async function revisitPolicyInForce(db: Db): Promise<RevisitPolicy> {
  return parseRevisitPolicy((await policyVersionInForce(db, 'revisit'))?.value ?? {});
}

/**
 * Ratings of finished work and the revisits bad ones open (差评回访, issue 14): an agent's
 * call or the self-service site rates an order; a bad rating opens the order's revisit for the
 * customer (or joins it) and starts its workflow. Mounted at /api.
 */
export function revisitRoutes(db: Db, temporal: Client): Router {
  const router = Router();

  const startRevisit = (revisitNo: string) => startRevisitWorkflow(temporal, revisitNo);

  router.post('/ratings', serviceTokenOr(db, 'ratings', 'create'), async (req, res) => {
    const body = parseBody(ratingRequest, req.body, 'INVALID_RATING');
    const service = res.locals.serviceName as string | undefined;
    const user = service ? undefined : currentUser(res);
    const actor = service ? `service:${service}` : `user:${user!.id}`;
    const key = body.idempotencyKey ? `${actor}:${body.idempotencyKey}` : null;
    const order = await ratedOrder(db, body.process, body.orderNo);
    if (order.kind === 'unknown') throw new HttpError(422, 'ORDER_NOT_FOUND', `no ${body.process} order ${body.orderNo}; nothing was recorded`, { process: body.process, orderNo: body.orderNo });
    if (order.kind === 'not-finished') {
      throw new HttpError(409, 'ORDER_NOT_FINISHED', `${body.process} order ${body.orderNo} is ${order.state}: only finished work is rated; nothing was recorded`, { state: order.state });
    }
    const policy = await revisitPolicyInForce(db);
    const recorded = await db.transaction((trx) =>
      recordRating(
        trx,
        {
          process: body.process,
          orderNo: body.orderNo,
          caseId: order.caseId,
          customerId: order.customerId,
          rating: body.rating ?? null,
          comment: body.comment ?? null,
          source: service ? 'self-service' : 'call',
          recordedById: user?.id ?? null,
          actor,
          idempotencyKey: key,
        },
        policy,
      ),
    );
    // A redelivery starts what the first may not have: a revisit is never left without its workflow.
    if (recorded.revisit) {
      try {
        await startRevisit(recorded.revisit.revisitNo);
      } catch (err) {
        throw new HttpError(503, 'WORKFLOW_START_UNCERTAIN', `the rating was recorded but revisit ${recorded.revisit.revisitNo} may not have started; send the same request again with the same idempotencyKey`, {
          revisitNo: recorded.revisit.revisitNo,
          cause: (err as Error).message,
        });
      }
    }
    const answer: RatingAnswer = { ratingId: recorded.ratingId, bad: recorded.bad, reasons: recorded.reasons as RatingAnswer['reasons'], revisit: recorded.revisit };
    res.status(recorded.earlier ? 200 : 201).json(answer);
  });

  router.get('/revisits', allow('revisits', 'list'), async (req, res) => {
    await sendList(res, spec, parseListQuery(req, spec), base(db), 'v.id', (row) => present(row));
  });

  router.get('/revisits/:id', allow('revisits', 'show'), async (req, res) => {
    const row = await base(db).where('v.id', idParam(req)).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no revisit ${req.params.id}`);
    const ratings = await db('ratings').where({ process: row.process, order_ref: row.order_ref }).andWhereRaw('COALESCE(customer_id, 0) = ?', [row.customer_id ?? 0]).orderBy('id').select('id', 'rating', 'comment', 'source', 'bad', 'received_at');
    const order = row.process === 'repair' ? await db('repair_orders').where({ order_no: row.order_ref }).first('id') : row.process === 'relocation' ? await db('relocation_orders').where({ order_no: row.order_ref }).first('id') : undefined;
    res.json({
      ...present(row, ratings.map((r) => ({ id: r.id, rating: r.rating, comment: r.comment, source: r.source, bad: r.bad, receivedAt: iso(r.received_at)! }))),
      orderId: order?.id ?? null,
    });
  });

  return router;
}
