import type { Knex } from 'knex';
import type { Db, DbRow } from '../../db/connection';
import { TASK_STATES } from '../../domain/contracts/tasks';
import { taskScope } from '../../domain/permissions';
import { CHINA_TOMORROW_START_SQL } from '../../db/queries/reconnection-delay';
import type { SessionUser } from '../auth/sessions';
import { asBoolean, asId, asOneOf, asText, iso, likePattern, ListSpec } from '../lists';

/** Adds what the inbox shows beside a task: case, customer, and people's names. */
export function withTaskDetails(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query
    .join('cases as c', 'c.id', 't.case_id')
    .leftJoin('customers as cu', 'cu.id', 't.customer_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('users as af', 'af.id', 't.acting_for_id')
    .leftJoin('users as cb', 'cb.id', 't.completed_by_id')
    .select(
      't.*',
      'c.type as case_type',
      'c.customer_count',
      'cu.customer_no',
      'cu.name as customer_name',
      'a.display_name as assignee_name',
      'af.display_name as acting_for_name',
      'cb.display_name as completed_by_name',
    );
}

/** One or more tasks with their details. */
export function taskBase(db: Db): Knex.QueryBuilder {
  return withTaskDetails(db('tasks as t'));
}

/**
 * What a person's inbox may list: tasks held by them, open tasks offered to them and not
 * yet taken by someone else, and tasks they completed. Dispatchers and auditors see all.
 * A task its process refuses them by name (four eyes: the applicant of a disconnection, the
 * clerk who accepted a relocation) is not offered to them in the inbox, even when one of their
 * roles is a candidate; `purpose: 'read'` still lets them open it by its link (the applicant
 * follows their case; completing it is refused by the workflow with the reason).
 */
export function scopeTasksTo(query: Knex.QueryBuilder, user: SessionUser, purpose: 'inbox' | 'read' = 'inbox'): Knex.QueryBuilder {
  if (taskScope(user.roles) === 'all') return query;
  return query.where((q) =>
    void q
      .where('t.assignee_id', user.id)
      .orWhere('t.acting_for_id', user.id)
      .orWhere('t.completed_by_id', user.id)
      .orWhere((offered) =>
        void offered
          .whereNull('t.assignee_id')
          .andWhere('t.state', 'open')
          // Containment, not `= ANY(...)`: the form the GIN index on the array answers.
          .andWhere((candidates) =>
            void candidates.whereRaw('t.candidate_user_ids @> ARRAY[?]::integer[]', [user.id]).orWhereRaw('t.candidate_roles && ?::text[]', [user.roles]),
          )
          .modify((refused) => {
            if (purpose === 'inbox') refused.andWhereRaw('NOT (t.excluded_user_ids @> ARRAY[?]::integer[])', [user.id]);
          }),
      ),
  );
}

/**
 * A search finds a task by its title and by any customer its case concerns (a disconnection
 * case's many, a reconnection case's one, its tasks' own: case_customers, migration 011), by
 * part of the customer's number or name. Each part is a set of ids from an index (trigram GIN
 * on titles, numbers and names; `= ANY(ARRAY(...))` looks the cases up once and lets the
 * tasks' case_id index answer), which PostgreSQL ORs as bitmaps.
 * Trigrams need three characters: a shorter search matches a whole number or name (张伟).
 * What a person types is literal: `%`, `_` and `\` are no wildcards.
 */
function searchTasks(query: Knex.QueryBuilder, text: string): void {
  if (text === '') return;
  const long = [...text].length >= 3;
  const cases = long
    ? query.client.raw('SELECT cc.case_id FROM customers cu JOIN case_customers cc ON cc.customer_id = cu.id WHERE cu.customer_no ILIKE ? OR cu.name ILIKE ?', [likePattern(text), likePattern(text)])
    : query.client.raw('SELECT cc.case_id FROM customers cu JOIN case_customers cc ON cc.customer_id = cu.id WHERE cu.customer_no = ? OR cu.name = ?', [text, text]);
  query.where((q) => {
    if (long) q.whereILike('t.title', likePattern(text));
    q.orWhereRaw('t.case_id = ANY(ARRAY(?))', [cases]);
  });
}

export function taskListSpec(user: SessionUser): ListSpec {
  return {
    resource: 'tasks',
    sorts: { id: 't.id', dueAt: 't.due_at', priority: 't.priority', createdAt: 't.created_at' },
    defaultSort: ['dueAt', 'ASC'],
    // A dispatcher's inbox holds hundreds of thousands of open tasks: no page counts them all.
    countUpTo: 1000,
    filters: {
      q: (query, value) => searchTasks(query, asText(value, 'q')),
      state: (query, value) => void query.where('t.state', asOneOf(value, 'state', TASK_STATES)),
      step: (query, value) => void query.where('t.step', asText(value, 'step')),
      caseId: (query, value) => void query.where('t.case_id', asId(value, 'caseId')),
      overdue: (query, value) => {
        if (asBoolean(value, 'overdue')) query.where('t.state', 'open').andWhere('t.due_at', '<', query.client.raw('now()'));
        else query.where((q) => void q.whereNot('t.state', 'open').orWhere('t.due_at', '>=', query.client.raw('now()')));
      },
      // Open, not yet overdue, and due before midnight in China: what is left to do today.
      dueToday: (query, value) => {
        if (asBoolean(value, 'dueToday')) query.where('t.state', 'open').andWhere('t.due_at', '>=', query.client.raw('now()')).andWhere('t.due_at', '<', query.client.raw(CHINA_TOMORROW_START_SQL));
      },
      assignedToMe: (query, value) => {
        if (asBoolean(value, 'assignedToMe')) query.where('t.assignee_id', user.id);
      },
      handledByMe: (query, value) => {
        if (asBoolean(value, 'handledByMe')) query.where((q) => void q.where('t.completed_by_id', user.id).orWhere('t.acting_for_id', user.id)).whereNot('t.state', 'open');
      },
    },
  };
}

export interface TaskRecord {
  id: number;
  caseId: number;
  caseType: string;
  step: string;
  /** Stored text (old tasks, auditors); people read titleCode + titleParams. */
  title: string;
  titleCode: string | null;
  titleParams: Record<string, unknown>;
  customerNo: string | null;
  customerName: string | null;
  /** How many customers the task's case concerns: a disconnection case's many, a reconnection's one. */
  customerCount: number;
  candidateRoles: string[];
  candidateUserIds: number[];
  assigneeId: number | null;
  assigneeName: string | null;
  actingForId: number | null;
  actingForName: string | null;
  dueAt: string;
  priority: number;
  state: string;
  overdue: boolean;
  escalationLevel: number;
  urgeCount: number;
  routingReason: string;
  routingCode: string | null;
  routingParams: Record<string, unknown>;
  payload: unknown;
  result: unknown;
  createdAt: string;
  completedAt: string | null;
  completedById: number | null;
  completedByName: string | null;
  /** One task's page: id → name of the people its payload and result name (lists leave it out). */
  people?: Record<string, string>;
}

export function presentTask(row: DbRow): TaskRecord {
  return {
    id: Number(row.id),
    caseId: row.case_id,
    caseType: row.case_type,
    step: row.step,
    title: row.title,
    titleCode: row.title_code ?? null,
    titleParams: row.title_params ?? {},
    customerNo: row.customer_no,
    customerName: row.customer_name,
    customerCount: Number(row.customer_count ?? 0),
    candidateRoles: row.candidate_roles,
    candidateUserIds: row.candidate_user_ids,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    actingForId: row.acting_for_id,
    actingForName: row.acting_for_name,
    dueAt: iso(row.due_at)!,
    priority: row.priority,
    state: row.state,
    // Overdue as of now, not only as of the last escalation.
    overdue: row.state === 'open' && (row.overdue || new Date(row.due_at).getTime() < Date.now()),
    escalationLevel: row.escalation_level,
    urgeCount: row.urge_count,
    routingReason: row.routing_reason,
    routingCode: row.routing_code ?? null,
    routingParams: row.routing_params ?? {},
    payload: row.payload,
    result: row.result,
    createdAt: iso(row.created_at)!,
    completedAt: iso(row.completed_at),
    completedById: row.completed_by_id,
    completedByName: row.completed_by_name,
  };
}
