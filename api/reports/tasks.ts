import type { Db } from '../../db/connection';
import type { ReportOffice, TasksReport } from '../../domain/contracts/reports';
import type { TaskState } from '../../domain/contracts/tasks';
import type { TaskStep } from '../../domain/processes';
import { TASK_STEPS } from '../../domain/processes';
import { slaCompliance } from '../../domain/reports/figures';
import { TASK_OFFICES_SQL } from './offices';
import { caseIdsSql, figure, listedIds, ReportScope } from './sql';

const OPEN: TaskState = 'open';
const COMPLETED: TaskState = 'completed';

/**
 * Tasks created in the period. Each stands: completed on time (by its due time, the step's
 * SLA), completed late, open past its due time (overdue now), open and not yet due, or cancelled.
 */
const TASKS_SQL = `
  SELECT t.id AS task_id, t.case_id, t.step, t.urge_count,
         CASE WHEN t.state = :completed AND t.completed_at <= t.due_at THEN 'on-time'
              WHEN t.state = :completed THEN 'late'
              WHEN t.state = :open AND t.due_at < now() THEN 'overdue-open'
              WHEN t.state = :open THEN 'open-not-due'
              ELSE 'cancelled' END AS standing
    FROM tasks t
   WHERE t.created_at >= :start AND t.created_at < :end`;

const COUNTS = `
  count(DISTINCT task_id) AS tasks,
  count(DISTINCT task_id) FILTER (WHERE standing = 'on-time') AS on_time,
  count(DISTINCT task_id) FILTER (WHERE standing = 'late') AS late,
  count(DISTINCT task_id) FILTER (WHERE standing = 'overdue-open') AS overdue_open,
  count(DISTINCT task_id) FILTER (WHERE standing = 'open-not-due') AS open_not_due,
  count(DISTINCT task_id) FILTER (WHERE standing = 'cancelled') AS cancelled,
  count(DISTINCT task_id) FILTER (WHERE urge_count > 0) AS urged_tasks,
  COALESCE(sum(urge_count), 0) AS urges,
  ${caseIdsSql('case_id')} AS case_ids,
  ${caseIdsSql('case_id', "standing = 'on-time'")} AS on_time_ids,
  ${caseIdsSql('case_id', "standing IN ('late', 'overdue-open')")} AS late_ids,
  ${caseIdsSql('case_id', "standing = 'late'")} AS completed_late_ids,
  ${caseIdsSql('case_id', "standing = 'overdue-open'")} AS overdue_ids,
  ${caseIdsSql('case_id', 'urge_count > 0')} AS urged_ids`;

type CountRow = Record<string, unknown>;

function counts(row: CountRow) {
  const onTime = Number(row.on_time);
  const late = Number(row.late);
  const overdueOpen = Number(row.overdue_open);
  return {
    tasks: Number(row.tasks),
    onTime,
    late,
    overdueOpen,
    openNotDue: Number(row.open_not_due),
    cancelled: Number(row.cancelled),
    compliance: slaCompliance({ onTime, late, overdueOpen }),
    urges: Number(row.urges),
    urgedTasks: Number(row.urged_tasks),
    caseIds: listedIds(row.case_ids),
    lateCaseIds: listedIds(row.late_ids),
  };
}

export async function tasksReport(db: Db, scope: ReportScope, offices: ReportOffice[]): Promise<Omit<TasksReport, 'report' | 'period' | 'office'>> {
  const bindings = { ...scope, open: OPEN, completed: COMPLETED };
  const [perStep, perOffice] = await Promise.all([
    // Each task once: per step and over all.
    db.raw(
      `SELECT GROUPING(step) AS whole, step, ${COUNTS}
         FROM (${TASKS_SQL}) tk
        WHERE CAST(:office AS text) IS NULL OR EXISTS (SELECT 1 FROM (${TASK_OFFICES_SQL}) tof WHERE tof.task_id = tk.task_id AND tof.office = :office)
        GROUP BY GROUPING SETS ((step), ()) ORDER BY step`,
      bindings,
    ),
    // Per step and office: a task of a case across offices counts in each.
    db.raw(
      `SELECT step, office, ${COUNTS}
         FROM (${TASKS_SQL}) tk LEFT JOIN (${TASK_OFFICES_SQL}) tof USING (task_id)
        WHERE CAST(:office AS text) IS NULL OR tof.office = :office
        GROUP BY step, office ORDER BY step, office`,
      bindings,
    ),
  ]);
  const stepRows = perStep.rows as Array<CountRow & { whole: number; step: string | null }>;
  const total = stepRows.find((row) => row.whole === 1);
  const all = total ? counts(total) : undefined;
  const tasks = all?.tasks ?? 0;
  const known = (step: unknown): step is TaskStep => (TASK_STEPS as readonly string[]).includes(String(step));
  const officeOf = (code: unknown) => (code === null || code === undefined ? null : (offices.find((o) => o.code === code) ?? { code: String(code), name: String(code) }));

  return {
    figures: {
      tasks: figure(tasks, total?.case_ids),
      onTime: figure(all?.onTime, total?.on_time_ids, tasks),
      late: figure(all?.late, total?.completed_late_ids, tasks),
      overdueOpen: figure(all?.overdueOpen, total?.overdue_ids, tasks),
      compliance: all?.compliance ?? null,
      urgedTasks: figure(all?.urgedTasks, total?.urged_ids, tasks),
      urges: all?.urges ?? 0,
    },
    // A step no process opens any more (older tasks) has no words in the catalogs: left out.
    steps: stepRows.filter((row) => row.whole === 0 && known(row.step)).map((row) => ({ step: row.step as TaskStep, ...counts(row) })),
    rows: (perOffice.rows as Array<CountRow & { step: string; office: string | null }>)
      .filter((row) => known(row.step))
      .map((row) => ({ step: row.step as TaskStep, office: officeOf(row.office), ...counts(row) })),
  };
}
