import { Router } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { CASE_STATES } from '../../domain/contracts/cases';
import { allow } from '../auth/sessions';
import { HttpError } from '../errors';
import { CASE_IDS_LIMIT } from '../../domain/reports/figures';
import { asBoolean, asId, asOneOf, asText, idParam, iso, likePattern, ListSpec, parseListQuery, sendList } from '../lists';
import { peopleIn, withNames } from '../events/people';
import { presentTask, taskBase } from '../tasks/queries';
import { CHINA_TODAY_START_SQL, CHINA_TOMORROW_START_SQL, restoredAtSql } from '../../db/queries/reconnection-delay';
import type { CaseType } from '../../domain/processes';

const RECONNECTION: CaseType = 'reconnection';

/** The case list; the dashboard counts its figures with these filters (api/dashboard). */
export const caseListSpec: ListSpec = {
  resource: 'cases',
  sorts: { id: 'c.id', startedAt: 'c.started_at' },
  defaultSort: ['startedAt', 'DESC'],
  filters: {
    q: (query, value) => {
      const pattern = likePattern(asText(value, 'q'));
      query.where((q) => void q.whereILike('c.title', pattern).orWhereILike('cu.customer_no', pattern));
    },
    type: (query, value) => void query.where('c.type', asText(value, 'type')),
    // A step of the graph: a numbered one (approval) matches each of its instances (approval-1, approval-2…).
    step: (query, value) => {
      const step = asText(value, 'step');
      query.where((q) => void q.where('c.current_step', step).orWhere('c.current_step', '~', `^${step.replace(/[^a-z0-9-]/gi, '')}-[0-9]+$`));
    },
    state: (query, value) => void query.where('c.state', asOneOf(value, 'state', CASE_STATES)),
    customerNo: (query, value) => void query.where('cu.customer_no', asText(value, 'customerNo')),
    startedToday: (query, value) => {
      // "Today" in China, where the offices are.
      if (asBoolean(value, 'startedToday')) query.whereRaw(`c.started_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`);
    },
    // Reconnections that gave the customer their power back today (China time), by the time the case recorded.
    reconnectedToday: (query, value) => {
      if (asBoolean(value, 'reconnectedToday')) {
        query.where('c.type', RECONNECTION).whereRaw(`${restoredAtSql('c')} >= ${CHINA_TODAY_START_SQL} AND ${restoredAtSql('c')} < ${CHINA_TOMORROW_START_SQL}`);
      }
    },
    // The cases behind a report's figure (api/reports): at most as many as a figure lists.
    ids: (query, value) => {
      if (!Array.isArray(value) || value.length > CASE_IDS_LIMIT) throw new HttpError(400, 'INVALID_QUERY', `filter ids must be a list of at most ${CASE_IDS_LIMIT} case ids`);
      query.whereIn('c.id', value.map((id) => asId(id, 'ids')));
    },
  },
};

function presentCase(row: DbRow) {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    customerNo: row.customer_no,
    customerName: row.customer_name,
    state: row.state,
    currentStep: row.current_step,
    workflowId: row.workflow_id,
    startedAt: iso(row.started_at),
    closedAt: iso(row.closed_at),
  };
}

/** Per-customer records of a many-customer case, shown per customer rather than on the case's timeline. */
const PER_CUSTOMER_EVENTS = ['disconnection.verdict', 'meter.command.confirmed', 'meter.command.failed', 'customer.disconnected', 'message.queued', 'message.sent', 'message.failed'];
const PER_CUSTOMER_MESSAGES = ['outage-notice'];

/** Outbox rows from before messages were events (no message.queued names them): shown from the row, once. */
const eventOfMessage = (db: Db) => db('events as me').where('me.type', 'message.queued').whereRaw(`me.data->>'outboxId' = outbox.id::text`);

async function countPerCustomerRecords(db: Db, caseId: number): Promise<{ events: number; messages: number }> {
  const [events, messages] = await Promise.all([
    db('events').where({ case_id: caseId }).whereNotNull('customer_id').whereIn('type', PER_CUSTOMER_EVENTS).count({ n: '*' }).first(),
    db('outbox').where({ case_id: caseId }).whereIn('purpose', PER_CUSTOMER_MESSAGES).whereNotExists(eventOfMessage(db)).count({ n: '*' }).first(),
  ]);
  return { events: Number(events?.n ?? 0), messages: Number(messages?.n ?? 0) };
}

/** Cases and their whole story: every step, task event, meter frame and message. */
export function caseRoutes(db: Db): Router {
  const router = Router();
  const base = () => db('cases as c').leftJoin('customers as cu', 'cu.id', 'c.customer_id').select('c.*', 'cu.customer_no', 'cu.name as customer_name');

  router.get('/', allow('cases', 'list'), async (req, res) => {
    await sendList(res, caseListSpec, parseListQuery(req, caseListSpec), base(), 'c.id', presentCase);
  });

  router.get('/:id', allow('cases', 'show'), async (req, res) => {
    const id = idParam(req);
    const row = await base().where('c.id', id).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no case ${id}`);
    // A case of many customers (a disconnection of up to 10,000) keeps each customer's own
    // records off its timeline: they are on its outcomes list and on each customer's page.
    const manyCustomers = row.customer_id === null;
    const eventsOf = db('events').where({ case_id: id });
    const messagesOf = db('outbox').where({ case_id: id }).whereNotExists(eventOfMessage(db));
    if (manyCustomers) {
      eventsOf.where((q) => void q.whereNull('customer_id').orWhereNotIn('type', PER_CUSTOMER_EVENTS));
      messagesOf.whereNotIn('purpose', PER_CUSTOMER_MESSAGES);
    }
    const [events, tasks, messages, omitted, policy] = await Promise.all([
      eventsOf.orderBy('id'),
      taskBase(db).where('t.case_id', id).orderBy('t.id'),
      messagesOf.orderBy('id'),
      manyCustomers ? countPerCustomerRecords(db, id) : { events: 0, messages: 0 },
      // The policy version in force when the case opened (none for cases from before versions).
      row.policy_version_id ? db('policy_versions').where({ id: row.policy_version_id }).first('id', 'version', 'key') : undefined,
    ]);
    // People by name: the acting person and those the data names by id.
    const people = await peopleIn(db, events.map((e) => e.data), events.map((e) => e.actor));
    const timeline = [
      ...events.map((e) => withNames({ at: iso(e.at), type: e.type, actor: e.actor, taskId: e.task_id ? Number(e.task_id) : null, orderNo: e.order_no, data: e.data }, people)),
      ...messages.map((m) => withNames({ at: iso(m.sent_at ?? m.created_at), type: `message.${m.state}`, actor: m.transport ?? 'outbox', taskId: null, orderNo: null, data: { channel: m.channel, recipient: m.recipient, body: m.body, purpose: m.purpose } }, people)),
    ].sort((a, b) => String(a.at).localeCompare(String(b.at)));
    res.json({ ...presentCase(row), tasks: tasks.map(presentTask), timeline, timelineOmitted: omitted, policyVersion: policy ? { id: policy.id, version: policy.version, key: policy.key } : null });
  });
  return router;
}
