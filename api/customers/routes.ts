import { Router } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { CUSTOMER_ARREARS_FEN_SQL } from '../../db/queries/arrears';
import { formatFen } from '../../domain/billing/money';
import { customerUpdateRequest, SUPPLY_STATUSES } from '../../domain/contracts/customers';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asBoolean, asId, asIdList, asOneOf, asText, idParam, iso, likePattern, ListSpec, parseListQuery, sendList } from '../lists';
import { serviceTokenOr } from '../service-tokens';
import { parseBody } from '../validate';
import { peopleIn, withNames } from '../events/people';

/** The customer list; its filters also pick a disconnection application's "all matching". */
export const customerListSpec: ListSpec = {
  resource: 'customers',
  sorts: { customerNo: 'c.customer_no', name: 'c.name', id: 'c.id' },
  defaultSort: ['customerNo', 'ASC'],
  filters: {
    // The customers a form has chosen, by id (react-admin's getMany).
    id: (query, value) => void query.whereIn('c.id', asIdList(value, 'id')),
    q: (query, value) => {
      const pattern = likePattern(asText(value, 'q'));
      query.where((q) => void q.whereILike('c.customer_no', pattern).orWhereILike('c.name', pattern).orWhereILike('c.address', pattern));
    },
    supplyStatus: (query, value) => void query.where('c.supply_status', asOneOf(value, 'supplyStatus', SUPPLY_STATUSES)),
    segmentCode: (query, value) => void query.where('c.segment_code', asText(value, 'segmentCode')),
    remoteReconnectEligible: (query, value) => void query.where('c.remote_reconnect_eligible', asBoolean(value, 'remoteReconnectEligible')),
    // The customers a case concerns (case_customers): an approval lists its application's.
    caseId: (query, value) => void query.whereIn('c.id', query.client.queryBuilder().from('case_customers').where('case_id', asId(value, 'caseId')).select('customer_id')),
    // Customers who owe anything (the dashboard's arrears figure), or who owe nothing.
    inArrears: (query, value) => void query.whereRaw(`${CUSTOMER_ARREARS_FEN_SQL} ${asBoolean(value, 'inArrears') ? '>' : '<='} 0`),
    // For disconnection applications: customers owing more than this many yuan.
    arrearsAbove: (query, value) => {
      const yuan = Number(asText(value, 'arrearsAbove'));
      // Beyond 2^53 fen no amount is exact, and beyond bigint none can be compared at all.
      if (!Number.isFinite(yuan) || yuan < 0 || yuan * 100 > Number.MAX_SAFE_INTEGER) throw new HttpError(400, 'INVALID_QUERY', 'filter arrearsAbove must be a number of yuan, 0 or more');
      query.whereRaw(`${CUSTOMER_ARREARS_FEN_SQL} > ?`, [Math.round(yuan * 100)]);
    },
  },
};

function presentCustomer(row: DbRow) {
  return {
    id: row.id,
    customerNo: row.customer_no,
    name: row.name,
    type: row.type,
    address: row.address,
    phone: row.phone,
    segmentCode: row.segment_code,
    supplyStatus: row.supply_status,
    arrears: formatFen(Number(row.arrears_fen)),
    remoteReconnectEligible: row.remote_reconnect_eligible,
    protected: row.protected,
    lastOutageAt: iso(row.last_outage_at),
    lastReconnectedAt: iso(row.last_reconnected_at),
  };
}

/** Customers: lists and history for people, one record by number for machines. */
export function customerRoutes(db: Db): Router {
  const router = Router();
  const base = () => db('customers as c').select('c.*', db.raw(`${CUSTOMER_ARREARS_FEN_SQL} AS arrears_fen`));

  async function withHistory(row: DbRow) {
    const [orders, events, messages] = await Promise.all([
      db('work_orders').where({ customer_id: row.id }).orderBy('opened_at', 'desc').limit(20),
      db('events').where({ customer_id: row.id }).orderBy('id', 'desc').limit(50),
      db('outbox').where({ customer_id: row.id }).orderBy('id', 'desc').limit(20),
    ]);
    const people = await peopleIn(db, events.map((e) => e.data), events.map((e) => e.actor));
    return {
      ...presentCustomer(row),
      workOrders: orders.map((o) => ({ orderNo: o.order_no, kind: o.kind, state: o.state, outcome: o.outcome, caseId: o.case_id, openedAt: iso(o.opened_at), closedAt: iso(o.closed_at) })),
      messages: messages.map((m) => ({ channel: m.channel, recipient: m.recipient, body: m.body, state: m.state, sentAt: iso(m.sent_at) })),
      history: events.map((e) => withNames({ at: iso(e.at), type: e.type, actor: e.actor, orderNo: e.order_no, caseId: e.case_id, data: e.data }, people)),
    };
  }

  router.get('/', allow('customers', 'list'), async (req, res) => {
    await sendList(res, customerListSpec, parseListQuery(req, customerListSpec), base(), 'c.id', presentCustomer);
  });

  router.get('/by-number/:customerNo', serviceTokenOr(db, 'customers', 'show'), async (req, res) => {
    const row = await base().where('c.customer_no', req.params.customerNo).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no customer ${req.params.customerNo}`);
    res.json(await withHistory(row));
  });

  router.get('/:id', allow('customers', 'show'), async (req, res) => {
    const row = await base().where('c.id', idParam(req)).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no customer ${req.params.id}`);
    res.json(await withHistory(row));
  });

  // Only the remote-reconnection flag is kept here (manual §2: applicants and executors).
  router.put('/:id', allow('customers', 'update'), async (req, res) => {
    const user = currentUser(res);
    const id = idParam(req);
    // react-admin sends the whole record back; only unknown fields are a mistake.
    const { remoteReconnectEligible } = parseBody(customerUpdateRequest, req.body, 'INVALID_CUSTOMER_UPDATE');
    const before = await db('customers').where({ id }).first('remote_reconnect_eligible');
    if (!before) throw new HttpError(404, 'NOT_FOUND', `no customer ${id}`);
    await db('customers').where({ id }).update({ remote_reconnect_eligible: remoteReconnectEligible, updated_at: db.fn.now() });
    await appendEvent(db, {
      type: 'customer.eligibility_changed',
      actor: `user:${user.id}`,
      customerId: id,
      data: { from: before.remote_reconnect_eligible, to: remoteReconnectEligible, by: user.displayName },
    });
    res.json(presentCustomer(await base().where('c.id', id).first()));
  });
  return router;
}
