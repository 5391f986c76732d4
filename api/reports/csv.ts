import type { DisconnectionReport, ReconnectionReport, ReportFigure, RevisitsReport, TasksReport } from '../../domain/contracts/reports';
import { DELAY_BUCKET_KEYS } from '../../domain/reports/figures';
import { CsvTable, CsvValue, toCsv } from '../../domain/reports/csv';

/**
 * A report as the CSV file the back office downloads: its heading (report, period, office),
 * then its tables. Columns are named by their codes, values are codes and numbers as in the
 * JSON answer; shares are fractions (0.75), times are seconds; office names are as stored.
 */
type AnyReport = ReconnectionReport | DisconnectionReport | TasksReport | RevisitsReport;

const figureColumns = ['value', 'share', 'case_ids'] as const;
const figureCells = (f: ReportFigure): CsvValue[] => [f.value, f.share, f.caseIds];

function figuresTable(figures: Record<string, ReportFigure | number | null>): CsvTable {
  return {
    name: 'figures',
    columns: ['figure', ...figureColumns],
    rows: Object.entries(figures).map(([name, f]) => (f !== null && typeof f === 'object' ? [name, ...figureCells(f)] : [name, f, null, null])),
  };
}

function tables(report: AnyReport): CsvTable[] {
  switch (report.report) {
    case 'reconnection':
      return [
        figuresTable(report.figures),
        {
          name: 'days',
          columns: ['day', 'restored', 'p50_seconds', 'p90_seconds', 'max_seconds', ...DELAY_BUCKET_KEYS, 'case_ids'],
          rows: report.days.map((d) => [d.day, d.restored, d.p50Seconds, d.p90Seconds, d.maxSeconds, ...DELAY_BUCKET_KEYS.map((key) => d.buckets[key]), d.caseIds]),
        },
        { name: 'delay_buckets', columns: ['bucket', ...figureColumns], rows: report.buckets.map((b) => [b.bucket, ...figureCells(b.figure)]) },
        {
          name: 'lines',
          columns: ['site', 'line', 'commands', 'confirmed', 'failed', 'success_share', 'case_ids', 'failed_case_ids'],
          rows: report.lines.map((l) => [l.site, l.line, l.commands, l.confirmed, l.failed, l.successShare, l.caseIds, l.failedCaseIds]),
        },
        { name: 'manual_orders', columns: ['reason', ...figureColumns], rows: report.manualReasons.map((r) => [r.reason, ...figureCells(r.figure)]) },
      ];
    case 'disconnection':
      return [
        figuresTable(report.figures),
        { name: 'case_outcomes', columns: ['outcome', ...figureColumns], rows: report.outcomes.map((o) => [o.outcome, ...figureCells(o.figure)]) },
        { name: 'customers', columns: ['state', 'code', ...figureColumns], rows: report.customers.map((c) => [c.state, c.code, ...figureCells(c.figure)]) },
        { name: 'deferrals', columns: ['code', ...figureColumns], rows: report.deferrals.map((d) => [d.code, ...figureCells(d.figure)]) },
        {
          name: 'approval_times',
          columns: ['level', 'completed', 'open', 'p50_seconds', 'p90_seconds', 'max_seconds', 'case_ids'],
          rows: report.approvals.map((a) => [a.level, a.completed, a.open, a.p50Seconds, a.p90Seconds, a.maxSeconds, a.caseIds]),
        },
      ];
    case 'tasks': {
      const columns = ['tasks', 'on_time', 'late', 'overdue_open', 'open_not_due', 'cancelled', 'compliance', 'urges', 'urged_tasks', 'case_ids', 'late_case_ids'];
      const cells = (r: TasksReport['steps'][number]): CsvValue[] => [r.tasks, r.onTime, r.late, r.overdueOpen, r.openNotDue, r.cancelled, r.compliance, r.urges, r.urgedTasks, r.caseIds, r.lateCaseIds];
      return [
        figuresTable(report.figures),
        { name: 'steps', columns: ['step', ...columns], rows: report.steps.map((s) => [s.step, ...cells(s)]) },
        { name: 'steps_by_office', columns: ['step', 'office', 'office_name', ...columns], rows: report.rows.map((r) => [r.step, r.office?.code, r.office?.name, ...cells(r)]) },
      ];
    }
    case 'revisits': {
      // Each count with its share of the group's whole (bad: of the ratings; reached: of the revisits; recovered: of those checked).
      const counts = ['bad', 'revisits', 'reached', 'recovered'] as const;
      const columns = ['ratings', ...counts.flatMap((count) => [count, `${count}_share`, `${count}_case_ids`])];
      const cells = (r: RevisitsReport['processes'][number]): CsvValue[] => [r.ratings, ...counts.flatMap((count) => figureCells(r[count]))];
      return [
        figuresTable(report.figures),
        { name: 'processes', columns: ['process', ...columns], rows: report.processes.map((p) => [p.process, ...cells(p)]) },
        { name: 'teams', columns: ['process', 'team', 'team_name', ...columns], rows: report.teams.map((t) => [t.process, t.team, t.teamName, ...cells(t)]) },
        { name: 'causes', columns: ['cause', ...figureColumns], rows: report.causes.map((c) => [c.cause, ...figureCells(c.revisits)]) },
      ];
    }
  }
}

export function reportCsv(report: AnyReport): string {
  return toCsv(
    [
      ['report', report.report],
      ['from', report.period.from],
      ['to', report.period.to],
      ['office', report.office?.code ?? '', report.office?.name ?? ''],
    ],
    tables(report),
  );
}
