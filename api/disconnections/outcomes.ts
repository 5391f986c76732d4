import { Router } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { OUTCOME_STATES } from '../../domain/disconnection/progress';
import { allow } from '../auth/sessions';
import { HttpError } from '../errors';
import { asId, asOneOf, asText, iso, likePattern, ListSpec, parseListQuery, sendList } from '../lists';

const spec: ListSpec = {
  resource: 'disconnection_outcomes',
  sorts: { id: 'o.id', customerNo: 'cu.customer_no', state: 'o.state', updatedAt: 'o.updated_at' },
  defaultSort: ['customerNo', 'ASC'],
  filters: {
    caseId: (query, value) => void query.where('o.case_id', asId(value, 'caseId')),
    state: (query, value) => void query.where('o.state', asOneOf(value, 'state', OUTCOME_STATES)),
    code: (query, value) => void query.where('o.code', asText(value, 'code')),
    q: (query, value) => {
      const pattern = likePattern(asText(value, 'q'));
      query.where((q) => void q.whereILike('cu.customer_no', pattern).orWhereILike('cu.name', pattern));
    },
  },
};

function present(row: DbRow) {
  return {
    id: Number(row.id),
    caseId: row.case_id,
    customerId: row.customer_id,
    customerNo: row.customer_no,
    customerName: row.customer_name,
    state: row.state,
    code: row.code,
    reason: row.reason,
    deferredUntil: iso(row.deferred_until),
    outageAt: iso(row.outage_at),
    via: row.via,
    updatedAt: iso(row.updated_at),
  };
}

/** Each customer's outcome within a disconnection case: one case may hold 10,000, so always by case and paged. */
export function disconnectionOutcomeRoutes(db: Db): Router {
  const router = Router();
  router.get('/', allow('disconnection_outcomes', 'list'), async (req, res) => {
    const list = parseListQuery(req, spec);
    if (list.filter.caseId === undefined || list.filter.caseId === null || list.filter.caseId === '') {
      throw new HttpError(400, 'INVALID_QUERY', 'filter caseId is required: outcomes are listed one case at a time');
    }
    const base = db('disconnection_outcomes as o')
      .join('customers as cu', 'cu.id', 'o.customer_id')
      .select('o.*', 'cu.customer_no', 'cu.name as customer_name');
    await sendList(res, spec, list, base, 'o.id', present);
  });
  return router;
}
