import { Router } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { WORK_ORDER_KINDS, WORK_ORDER_STATES } from '../../domain/contracts/work_orders';
import { allow } from '../auth/sessions';
import { HttpError } from '../errors';
import { asOneOf, asText, iso, ListSpec, parseListQuery, sendList } from '../lists';

const spec: ListSpec = {
  resource: 'work_orders',
  sorts: { openedAt: 'w.opened_at', orderNo: 'w.order_no' },
  defaultSort: ['openedAt', 'DESC'],
  filters: {
    kind: (query, value) => void query.where('w.kind', asOneOf(value, 'kind', WORK_ORDER_KINDS)),
    state: (query, value) => void query.where('w.state', asOneOf(value, 'state', WORK_ORDER_STATES)),
    customerNo: (query, value) => void query.where('cu.customer_no', asText(value, 'customerNo')),
  },
};

function present(row: DbRow) {
  return {
    id: row.order_no,
    orderNo: row.order_no,
    kind: row.kind,
    customerNo: row.customer_no,
    customerName: row.customer_name,
    state: row.state,
    reason: row.reason,
    outcome: row.outcome,
    caseId: row.case_id,
    openedAt: iso(row.opened_at),
    closedAt: iso(row.closed_at),
  };
}

export function workOrderRoutes(db: Db): Router {
  const router = Router();
  const base = () => db('work_orders as w').join('customers as cu', 'cu.id', 'w.customer_id').select('w.*', 'cu.customer_no', 'cu.name as customer_name');
  router.get('/', allow('work_orders', 'list'), async (req, res) => {
    await sendList(res, spec, parseListQuery(req, spec), base(), 'w.order_no', present);
  });
  router.get('/:orderNo', allow('work_orders', 'show'), async (req, res) => {
    const row = await base().where('w.order_no', req.params.orderNo).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no work order ${req.params.orderNo}`);
    res.json(present(row));
  });
  return router;
}
