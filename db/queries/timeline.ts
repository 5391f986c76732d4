/**
 * The auditor's histories, all from the hash-chained event log: a case's, a customer's, a
 * meter's, a person's, and search across every event. Each entry carries its place in the
 * chain (seq, hash), the actor resolved, names for what it refers to, a step's real state, the
 * workflow's history link and a meter command's frames decoded. Pages are keyset by seq.
 */
import type { Knex } from 'knex';
import { resolveActor } from '../../domain/audit/actors';
import type { StepState, TimelineKind } from '../../domain/audit/codes';
import { decodeExchanges, DEFAULT_BAUD } from '../audit/frames';
import type { AuditSearchQuery, PageQuery, TimelineEntry, TimelinePage, UnchainedMessage } from '../../domain/contracts/audit';
import type { FrameExchange } from '../../domain/contracts/events';
import type { EventType } from '../../domain/events';
import { personIdsIn } from '../../domain/people';
import type { Db, DbRow } from '../connection';

/** Facts about a meter: its commands, and the supply changes and verdicts they carried out. */
export const METER_EVENT_TYPES: readonly EventType[] = ['meter.command.confirmed', 'meter.command.failed', 'customer.disconnected', 'customer.reconnected', 'disconnection.verdict'];
/** Task events that hand a task to someone: data names them (`to`, `reassignedTo`). */
const HANDED_TO = { 'task.assigned': 'to', 'task.delegated': 'to', 'task.escalated': 'reassignedTo' } as const;

export const workflowHistoryUrl = (workflowId: string) => `/api/audit/workflows/${encodeURIComponent(workflowId)}/history`;

type Filter = (query: Knex.QueryBuilder) => void;

/** What a person did and what was handed to them. */
function personFilter(userIds: number[]): Filter {
  return (query) =>
    void query.where((q) => {
      q.whereIn('e.actor', userIds.length ? userIds.map((id) => `user:${id}`) : ['-']);
      for (const [type, key] of Object.entries(HANDED_TO)) {
        q.orWhere((h) => void h.where('e.type', type).whereRaw(`e.data->>'${key}' = ANY(?::text[])`, [userIds.map(String)]));
      }
    });
}

export type TimelineSubject = TimelinePage['subject'];

/** The subject a timeline tells of and the events that belong to it; undefined when there is no such subject. */
export async function timelineSubject(db: Db, kind: TimelineKind, key: string): Promise<{ subject: TimelineSubject; filter: Filter; caseId?: number; customerId?: number } | undefined> {
  switch (kind) {
    case 'case': {
      if (!/^\d{1,9}$/.test(key)) return undefined;
      const row = await db('cases').where({ id: Number(key) }).first('id', 'title', 'type', 'workflow_id');
      if (!row) return undefined;
      return {
        subject: { kind, key, title: row.title, subtitle: null, workflow: { workflowId: row.workflow_id, historyUrl: workflowHistoryUrl(row.workflow_id) } },
        filter: (q) => void q.where('e.case_id', row.id),
        caseId: row.id,
      };
    }
    case 'customer': {
      const row = await db('customers').where({ customer_no: key }).first('id', 'customer_no', 'name');
      if (!row) return undefined;
      return { subject: { kind, key, title: row.name, subtitle: row.customer_no, workflow: null }, filter: (q) => void q.where('e.customer_id', row.id), customerId: row.id };
    }
    case 'meter': {
      if (!/^\d{12}$/.test(key)) return undefined;
      const row = await db('meters as m').join('customers as c', 'c.id', 'm.customer_id').where('m.address', key).first('m.customer_id', 'm.site', 'm.line', 'c.name', 'c.customer_no');
      if (!row) return undefined;
      return {
        subject: { kind, key, title: `${row.customer_no} ${row.name}`, subtitle: `${row.site}/${row.line}`, workflow: null },
        filter: (q) => void q.where('e.customer_id', row.customer_id).whereIn('e.type', METER_EVENT_TYPES),
      };
    }
    case 'person': {
      if (!/^\d{1,9}$/.test(key)) return undefined;
      const row = await db('users').where({ id: Number(key) }).first('id', 'display_name', 'username');
      if (!row) return undefined;
      return { subject: { kind, key, title: row.display_name, subtitle: row.username, workflow: null }, filter: personFilter([row.id]) };
    }
  }
}

/** One page of events matching `filter`, by seq in the page's order, presented. */
async function pageOf(db: Db, filter: Filter, page: PageQuery): Promise<{ entries: TimelineEntry[]; next: number | null }> {
  const newest = page.order === 'newest';
  const query = db('events as e').modify(filter).orderBy('e.seq', newest ? 'desc' : 'asc').limit(page.limit + 1).select('e.*');
  if (page.after !== undefined) query.where('e.seq', newest ? '<' : '>', page.after);
  const rows = await query;
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  return { entries: await presentEvents(db, shown), next: more ? Number(shown[shown.length - 1]!.seq) : null };
}

/** A timeline's page; undefined when its subject does not exist. */
export async function readTimeline(db: Db, kind: TimelineKind, key: string, page: PageQuery): Promise<TimelinePage | undefined> {
  const found = await timelineSubject(db, kind, key);
  if (!found) return undefined;
  const { entries, next } = await pageOf(db, found.filter, page);
  // Messages from before they were events are not on the chain: shown once, on the first page.
  const unchainedMessages = page.after === undefined && (found.caseId || found.customerId) ? await unchainedMessagesOf(db, found.caseId ? { case_id: found.caseId } : { customer_id: found.customerId! }) : [];
  return { subject: found.subject, entries, next, unchainedMessages };
}

/** Every event of a case, oldest first, for its export. */
export async function allCaseEvents(db: Db, caseId: number): Promise<DbRow[]> {
  return db('events as e').where('e.case_id', caseId).orderBy('e.seq', 'asc').select('e.*');
}

export async function unchainedMessagesOf(db: Db, where: { case_id: number } | { customer_id: number }): Promise<UnchainedMessage[]> {
  const rows = await db('outbox')
    .where(where)
    .whereNotExists(db('events as me').where('me.type', 'message.queued').whereRaw(`me.data->>'outboxId' = outbox.id::text`))
    .orderBy('id');
  return rows.map((m) => ({
    outboxId: Number(m.id),
    at: new Date(m.sent_at ?? m.created_at).toISOString(),
    state: m.state,
    channel: m.channel,
    recipient: m.recipient,
    purpose: m.purpose,
    body: m.body,
    transport: m.transport ?? null,
  }));
}

/** Search across all events: every given filter applies. */
export async function searchEvents(db: Db, search: AuditSearchQuery): Promise<{ entries: TimelineEntry[]; next: number | null }> {
  let personIds: number[] | undefined;
  if (search.person) {
    const term = search.person;
    personIds = await db('users')
      .where((q) => {
        if (/^\d{1,9}$/.test(term)) q.orWhere('id', Number(term));
        q.orWhere('username', term).orWhereILike('display_name', `%${escapeLike(term)}%`);
      })
      .pluck('id');
  }
  const filter: Filter = (query) => {
    if (search.customer) {
      const term = search.customer;
      query.whereIn('e.customer_id', db('customers').where('customer_no', term).orWhereILike('name', `%${escapeLike(term)}%`).select('id'));
    }
    if (search.meter) query.whereIn('e.customer_id', db('meters').where('address', search.meter).select('customer_id')).whereIn('e.type', METER_EVENT_TYPES);
    if (personIds) personFilter(personIds)(query);
    if (search.orderNo) query.where('e.order_no', search.orderNo);
    if (search.type) query.whereIn('e.type', Array.isArray(search.type) ? search.type : [search.type]);
    if (search.from) query.where('e.at', '>=', search.from);
    if (search.to) query.where('e.at', '<=', search.to);
  };
  return pageOf(db, filter, search);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const byId = <T extends DbRow>(rows: T[], key = 'id') => new Map(rows.map((row) => [String(row[key]), row]));
const distinct = <T>(values: Array<T | null | undefined>) => [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];

/**
 * Rows of the events table as an auditor reads them. All lookups are per page (a handful of
 * queries, whatever the page's length), never per row.
 */
export async function presentEvents(db: Db, rows: DbRow[]): Promise<TimelineEntry[]> {
  if (rows.length === 0) return [];
  const caseIds = distinct(rows.map((r) => r.case_id));
  const customerIds = distinct(rows.map((r) => r.customer_id));
  const taskIds = distinct(rows.map((r) => (r.task_id === null ? null : String(r.task_id))));
  const orderNos = distinct(rows.map((r) => r.order_no));
  const stepCaseIds = distinct(rows.filter((r) => r.type === 'case.step').map((r) => r.case_id));
  const personIds = personIdsIn(rows.map((r) => r.data), rows.map((r) => r.actor));
  const [cases, customers, meters, tasks, orders, lastSteps, users] = await Promise.all([
    caseIds.length ? db('cases').whereIn('id', caseIds).select('id', 'type', 'title', 'state') : [],
    customerIds.length ? db('customers').whereIn('id', customerIds).select('id', 'customer_no', 'name') : [],
    customerIds.length ? db('meters').whereIn('customer_id', customerIds).select('customer_id', 'address', 'site', 'line', 'baud_rate') : [],
    taskIds.length ? db('tasks').whereIn('id', taskIds).select('id', 'step', 'title', 'title_code', 'title_params') : [],
    orderNos.length ? db('work_orders').whereIn('order_no', orderNos).select('order_no', 'kind') : [],
    stepCaseIds.length ? db('events').where('type', 'case.step').whereIn('case_id', stepCaseIds).groupBy('case_id').select('case_id', db.raw('max(seq) AS last')) : [],
    personIds.length ? db('users').whereIn('id', personIds).select('id', 'display_name') : [],
  ]);
  const caseById = byId(cases);
  const customerById = byId(customers);
  const meterByCustomer = byId(meters, 'customer_id');
  const taskById = byId(tasks);
  const orderByNo = byId(orders, 'order_no');
  const lastStepOf = new Map(lastSteps.map((r: DbRow) => [String(r.case_id), Number(r.last)]));
  const people: Record<string, string> = Object.fromEntries(users.map((u: DbRow) => [String(u.id), u.display_name]));

  return rows.map((row): TimelineEntry => {
    const { exchanges, ...data } = (row.data ?? {}) as Record<string, unknown>;
    const theCase = row.case_id === null ? undefined : caseById.get(String(row.case_id));
    const customer = row.customer_id === null ? undefined : customerById.get(String(row.customer_id));
    const meter = row.customer_id === null ? undefined : meterByCustomer.get(String(row.customer_id));
    const task = row.task_id === null ? undefined : taskById.get(String(row.task_id));
    const order = row.order_no ? orderByNo.get(row.order_no) : undefined;
    const seq = Number(row.seq);
    const own = personIdsIn([data]);
    const isMeterCommand = row.type === 'meter.command.confirmed' || row.type === 'meter.command.failed';
    return {
      seq,
      id: Number(row.id),
      hash: row.hash,
      prevHash: row.prev_hash,
      at: new Date(row.at).toISOString(),
      type: row.type,
      actor: resolveActor(row.actor, { type: row.type, people, meterSite: meter?.site ?? null }),
      case: theCase ? { id: theCase.id, type: theCase.type, title: theCase.title } : null,
      customer: customer ? { id: customer.id, customerNo: customer.customer_no, name: customer.name } : null,
      task: task ? { id: Number(task.id), step: task.step, titleCode: task.title_code ?? null, titleParams: task.title_params ?? null, title: task.title } : null,
      order: row.order_no ? { orderNo: row.order_no, kind: order?.kind ?? null } : null,
      meter: isMeterCommand && meter ? { address: meter.address, site: meter.site, line: meter.line } : null,
      step: row.type === 'case.step' && typeof data.step === 'string' ? { code: data.step, state: stepState(data.state, seq, lastStepOf.get(String(row.case_id)), theCase?.state) } : null,
      workflow: row.workflow_id ? { workflowId: row.workflow_id, historyUrl: workflowHistoryUrl(row.workflow_id) } : null,
      people: Object.fromEntries(own.filter((id) => people[String(id)] !== undefined).map((id) => [String(id), people[String(id)]!])),
      data,
      frames: Array.isArray(exchanges) ? decodeExchanges(exchanges as FrameExchange[], meter?.baud_rate ?? DEFAULT_BAUD) : [],
    };
  });
}

/**
 * Where a step stands now. A step event says "running" when the case reached it; once a later
 * step event exists the case has moved on, so the step is done. The last one stands as the case does.
 */
export function stepState(recorded: unknown, seq: number, lastStepSeq: number | undefined, caseState: string | undefined): StepState {
  if (recorded === 'completed' || recorded === 'failed') return recorded;
  if (lastStepSeq !== undefined && seq < lastStepSeq) return 'done';
  if (caseState === 'completed' || caseState === 'failed') return caseState;
  return 'running';
}
