import { Router } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { allow } from '../auth/sessions';
import { asId, asText, likePattern, ListSpec, parseListQuery, sendList } from '../lists';

const spec: ListSpec = {
  resource: 'segments',
  sorts: { id: 's.code', code: 's.code', name: 's.name' },
  defaultSort: ['code', 'ASC'],
  filters: {
    q: (query, value) => {
      const pattern = likePattern(asText(value, 'q'));
      query.where((q) => void q.whereILike('s.code', pattern).orWhereILike('s.name', pattern));
    },
    collectorUserId: (query, value) => void query.where('s.collector_user_id', asId(value, 'collectorUserId')),
  },
};

function present(row: DbRow) {
  return {
    id: row.code,
    code: row.code,
    name: row.name,
    collectorUserId: row.collector_user_id,
    collectorName: row.collector_name,
  };
}

/** Meter-reading segments (抄表段): who reads each, so an applicant sees whose customers they pick. */
export function segmentRoutes(db: Db): Router {
  const router = Router();
  router.get('/', allow('segments', 'list'), async (req, res) => {
    await sendList(res, spec, parseListQuery(req, spec), db('segments as s').select('s.*'), 's.code', present);
  });
  return router;
}
