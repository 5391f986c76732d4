import { Router } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { allow } from '../auth/sessions';
import { asId, asText, ListSpec, parseListQuery, sendList } from '../lists';
import { peopleIn, withNames } from './people';

const spec: ListSpec = {
  resource: 'events',
  sorts: { id: 'e.id', at: 'e.at' },
  defaultSort: ['id', 'DESC'],
  filters: {
    type: (query, value) => void query.where('e.type', asText(value, 'type')),
    caseId: (query, value) => void query.where('e.case_id', asId(value, 'caseId')),
    customerNo: (query, value) => void query.where('cu.customer_no', asText(value, 'customerNo')),
    actor: (query, value) => void query.where('e.actor', asText(value, 'actor')),
  },
};

function presentEvent(row: DbRow) {
  return {
    id: Number(row.id),
    at: new Date(row.at).toISOString(),
    type: row.type,
    actor: row.actor,
    customerNo: row.customer_no,
    caseId: row.case_id,
    taskId: row.task_id ? Number(row.task_id) : null,
    orderNo: row.order_no,
    data: row.data,
  };
}

/** The audit log, read-only by construction (the table refuses updates and deletes). */
export function eventRoutes(db: Db): Router {
  const router = Router();
  router.get('/', allow('events', 'list'), async (req, res) => {
    const base = db('events as e').leftJoin('customers as cu', 'cu.id', 'e.customer_id').select('e.*', 'cu.customer_no');
    // The page's rows come back with names: the acting person and the people their data names by id.
    await sendList(res, spec, parseListQuery(req, spec), base, 'e.id', (row) => withNames(presentEvent(row), row.people ?? {}), async (ids) => {
      const rows = await base.clone().whereIn('e.id', ids as number[]);
      const people = await peopleIn(db, rows.map((row) => row.data), rows.map((row) => row.actor));
      return rows.map((row) => ({ ...row, people }));
    });
  });
  return router;
}
