import type { Knex } from 'knex';
import { Router } from 'express';
import type { Db } from '../db/connection';
import { CUSTOMER_ARREARS_FEN_SQL } from '../db/queries/arrears';
import { paymentToPowerSecondsSql } from '../db/queries/reconnection-delay';
import { formatFen } from '../domain/billing/money';
import type { Dashboard, DashboardOffice, DashboardQueue } from '../domain/contracts/dashboard';
import { can, taskScope } from '../domain/permissions';
import { PROCESSES, TASK_STEPS, type TaskStep } from '../domain/processes';
import { currentUser, type SessionUser } from './auth/sessions';
import { caseListSpec } from './cases/routes';
import { customerListSpec } from './customers/routes';
import type { ListSpec } from './lists';
import { seconds } from './reports/sql';
import { scopeTasksTo, taskListSpec } from './tasks/queries';

/**
 * A list's query with some of its own filters applied: each figure counts exactly what the
 * list it links to lists with that filter (admin-ui/src/dashboard links them).
 */
function filtered(query: Knex.QueryBuilder, spec: ListSpec, filter: Record<string, unknown>): Knex.QueryBuilder {
  for (const [name, value] of Object.entries(filter)) spec.filters[name]!(query, value);
  return query;
}

const n = (value: unknown) => Number(value ?? 0);

/** The person's queue: the tasks list as they see it (their own, or the office's). */
async function queueOf(db: Db, user: SessionUser): Promise<DashboardQueue> {
  const spec = taskListSpec(user);
  const tasks = (filter: Record<string, unknown>) => filtered(scopeTasksTo(db('tasks as t'), user), spec, filter);
  const [[open], [overdue], [dueToday], steps] = await Promise.all([
    tasks({ state: 'open' }).count({ n: '*' }),
    tasks({ overdue: true }).count({ n: '*' }),
    tasks({ dueToday: true }).count({ n: '*' }),
    tasks({ state: 'open' })
      .whereIn('t.step', TASK_STEPS)
      .groupBy('t.step')
      .orderBy('t.step')
      .select('t.step', db.raw('count(*) AS open'), db.raw('count(*) FILTER (WHERE t.due_at < now()) AS overdue')),
  ]);
  return {
    scope: taskScope(user.roles),
    open: n(open?.n),
    overdue: n(overdue?.n),
    dueToday: n(dueToday?.n),
    steps: (steps as Array<{ step: TaskStep; open: string; overdue: string }>).map((row) => ({ step: row.step, open: n(row.open), overdue: n(row.overdue) })),
  };
}

/** The office's figures, for those who read reports. */
async function officeFigures(db: Db, user: SessionUser): Promise<DashboardOffice> {
  const customers = (filter: Record<string, unknown>) => filtered(db('customers as c'), customerListSpec, filter);
  const cases = (filter: Record<string, unknown>) => filtered(db('cases as c'), caseListSpec, filter);
  // Overdue tasks of the whole office: the tasks list as those who oversee the work see it.
  const overdueTasks = () => filtered(db('tasks as t'), taskListSpec(user), { overdue: true });
  const [[arrears], [disconnected], [reconnected], open, [overdue], overdueSteps] = await Promise.all([
    customers({ inArrears: true }).select(db.raw('count(*) AS customers'), db.raw(`COALESCE(SUM(${CUSTOMER_ARREARS_FEN_SQL}), 0) AS fen`)),
    customers({ supplyStatus: 'disconnected' }).count({ n: '*' }),
    cases({ reconnectedToday: true }).select(db.raw('count(*) AS cases'), db.raw(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${paymentToPowerSecondsSql('c')}) AS median`)),
    cases({ state: 'running' }).groupBy('c.type').select('c.type', db.raw('count(*) AS cases')),
    overdueTasks().count({ n: '*' }),
    overdueTasks().whereIn('t.step', TASK_STEPS).groupBy('t.step').orderBy('t.step').select('t.step', db.raw('count(*) AS overdue')),
  ]);
  const openByType = new Map((open as Array<{ type: string; cases: string }>).map((row) => [row.type, n(row.cases)]));
  return {
    arrears: { customers: n(arrears?.customers), amount: formatFen(n(arrears?.fen)) },
    disconnected: n(disconnected?.n),
    reconnectionsToday: { cases: n(reconnected?.cases), medianSeconds: seconds(reconnected?.median) },
    openCases: PROCESSES.map((process) => ({ type: process.caseType, cases: openByType.get(process.caseType) ?? 0 })),
    overdueTasks: n(overdue?.n),
    overdueByStep: (overdueSteps as Array<{ step: TaskStep; overdue: string }>).map((row) => ({ step: row.step, overdue: n(row.overdue) })),
  };
}

/**
 * The landing page, per person: their queue when they work tasks, the office's figures when
 * they read reports (domain/permissions.ts decides both).
 */
export function dashboardRoutes(db: Db): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const user = currentUser(res);
    const [queue, office] = await Promise.all([
      can(user.roles, 'tasks', 'list') ? queueOf(db, user) : null,
      can(user.roles, 'reports', 'list') ? officeFigures(db, user) : null,
    ]);
    const board: Dashboard = { queue, office };
    res.json(board);
  });
  return router;
}
