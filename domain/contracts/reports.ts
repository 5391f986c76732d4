/**
 * Reports (api/reports): what a report is asked (period, office, format) and what it answers.
 * Every figure carries the cases behind it, so the back office opens them as a case list.
 */
import { z } from 'zod/v4';
import { OUTCOME_STATES } from '../disconnection/progress';
import type { ForbiddenWindowCode } from '../disconnection/windows';
import { TASK_STEPS } from '../processes';
import { DELAY_BUCKET_KEYS } from '../reports/figures';
import { DISCONNECTION_CASE_OUTCOMES, REPORT_NAMES } from '../reports/names';
import { isDay, periodProblem } from '../reports/period';
import type { ManualReconnectionReason } from '../tasks/texts';
import { id } from './common';

export { REPORT_NAMES };
export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Why a collector went on site (work_orders.reason of a manual order). */
export const MANUAL_RECONNECTION_REASONS = ['not-eligible', 'no-meter', 'commands-failed'] as const satisfies readonly ManualReconnectionReason[];
/** Why a command was deferred (a forbidden window). */
export const DEFERRAL_CODES = ['NIGHT', 'WEEKEND', 'HOLIDAY', 'AFTER_CUTOFF'] as const satisfies readonly ForbiddenWindowCode[];

const day = z.string().refine(isDay, 'must be a day, YYYY-MM-DD');

/**
 * The query of every report: `from` and `to` are China-time days, both included (default: the
 * last 30 days); `office` a meter-reading segment's code (see api/reports/offices.ts); `format`
 * csv for a file.
 */
export const reportQuery = z
  .strictObject({
    from: day.optional(),
    to: day.optional(),
    office: z.string().trim().min(1).max(100).optional(),
    format: z.enum(REPORT_FORMATS).optional(),
  })
  .superRefine((query, ctx) => {
    const problem = query.from && query.to ? periodProblem({ from: query.from, to: query.to }) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['to'], message: problem === 'PERIOD_REVERSED' ? 'must not be before from' : 'the period is longer than 366 days', params: { code: problem } });
  })
  .meta({ id: 'ReportQuery' });
export type ReportQuery = z.infer<typeof reportQuery>;

/** A count and the cases it counts (at most CASE_IDS_LIMIT ids; `share` of the figure's whole when it has one). */
export const reportFigure = z
  .strictObject({
    value: z.int().min(0),
    share: z.number().min(0).max(1).nullable(),
    caseIds: z.array(id),
    /** More cases than caseIds lists. */
    caseIdsTruncated: z.boolean(),
  })
  .meta({ id: 'ReportFigure' });
export type ReportFigure = z.infer<typeof reportFigure>;

const seconds = z.number().min(0).nullable();

export const reportOffice = z.strictObject({ code: z.string(), name: z.string() }).meta({ id: 'ReportOffice' });
export type ReportOffice = z.infer<typeof reportOffice>;

const reportHeader = {
  period: z.strictObject({ from: z.string(), to: z.string() }),
  /** The office asked for (null: all). */
  office: reportOffice.nullable(),
};

/** GET /api/reports: the reports there are and the offices they filter by. */
export const reportCatalogRecord = z
  .strictObject({ reports: z.array(z.enum(REPORT_NAMES)), offices: z.array(reportOffice) })
  .meta({ id: 'ReportCatalog' });
export type ReportCatalog = z.infer<typeof reportCatalogRecord>;

export const reconnectionReportRecord = z
  .strictObject({
    report: z.literal('reconnection'),
    ...reportHeader,
    figures: z.strictObject({
      /** Reconnection cases of the period. */
      cases: reportFigure,
      /** Of them, power restored after a payment (the delays below are theirs). */
      restored: reportFigure,
      withinOneMinute: reportFigure,
      withinFifteenMinutes: reportFigure,
      p50Seconds: seconds,
      p90Seconds: seconds,
      /** Close commands sent, and confirmed by the meter (share: the success rate). */
      commands: reportFigure,
      commandsConfirmed: reportFigure,
      manualOrders: reportFigure,
    }),
    /** The delays of each day (China time) the cases started. */
    days: z.array(
      z.strictObject({
        day: z.string(),
        restored: z.int().min(0),
        p50Seconds: seconds,
        p90Seconds: seconds,
        maxSeconds: seconds,
        buckets: z.record(z.enum(DELAY_BUCKET_KEYS), z.int().min(0)),
        caseIds: z.array(id),
      }),
    ),
    /** The same delays by bucket over the period. */
    buckets: z.array(z.strictObject({ bucket: z.enum(DELAY_BUCKET_KEYS), figure: reportFigure })),
    /** Close commands per site and line (null: the meter is no longer on record). */
    lines: z.array(
      z.strictObject({
        site: z.string().nullable(),
        line: z.string().nullable(),
        commands: z.int().min(0),
        confirmed: z.int().min(0),
        failed: z.int().min(0),
        successShare: z.number().nullable(),
        caseIds: z.array(id),
        failedCaseIds: z.array(id),
      }),
    ),
    /** Manual (on-site) orders by why. */
    manualReasons: z.array(z.strictObject({ reason: z.enum(MANUAL_RECONNECTION_REASONS), figure: reportFigure })),
  })
  .meta({ id: 'ReconnectionReport' });
export type ReconnectionReport = z.infer<typeof reconnectionReportRecord>;

export const disconnectionReportRecord = z
  .strictObject({
    report: z.literal('disconnection'),
    ...reportHeader,
    figures: z.strictObject({
      cases: reportFigure,
      /** Customers of those cases (in the office, when one is asked for). */
      customers: reportFigure,
      disconnected: reportFigure,
      excluded: reportFigure,
      /** Customers whose command was deferred at least once (a forbidden window). */
      deferred: reportFigure,
    }),
    outcomes: z.array(z.strictObject({ outcome: z.enum(DISCONNECTION_CASE_OUTCOMES), figure: reportFigure })),
    /** Customers by where they stand and why (code: PROTECTED, PAID, a failure…; null when none). */
    customers: z.array(z.strictObject({ state: z.enum(OUTCOME_STATES), code: z.string().nullable(), figure: reportFigure })),
    deferrals: z.array(z.strictObject({ code: z.enum(DEFERRAL_CODES), figure: reportFigure })),
    /** Time from an approval task's creation to its completion, per level. */
    approvals: z.array(
      z.strictObject({
        level: z.int().min(1),
        completed: z.int().min(0),
        open: z.int().min(0),
        p50Seconds: seconds,
        p90Seconds: seconds,
        maxSeconds: seconds,
        caseIds: z.array(id),
      }),
    ),
  })
  .meta({ id: 'DisconnectionReport' });
export type DisconnectionReport = z.infer<typeof disconnectionReportRecord>;

const taskCounts = {
  tasks: z.int().min(0),
  onTime: z.int().min(0),
  late: z.int().min(0),
  overdueOpen: z.int().min(0),
  openNotDue: z.int().min(0),
  cancelled: z.int().min(0),
  /** On time among those that fell due (slaCompliance). */
  compliance: z.number().nullable(),
  urges: z.int().min(0),
  urgedTasks: z.int().min(0),
  caseIds: z.array(id),
  /** Cases of the tasks late or overdue. */
  lateCaseIds: z.array(id),
};

export const tasksReportRecord = z
  .strictObject({
    report: z.literal('tasks'),
    ...reportHeader,
    figures: z.strictObject({
      tasks: reportFigure,
      onTime: reportFigure,
      late: reportFigure,
      overdueOpen: reportFigure,
      compliance: z.number().nullable(),
      urgedTasks: reportFigure,
      urges: z.int().min(0),
    }),
    steps: z.array(z.strictObject({ step: z.enum(TASK_STEPS as [string, ...string[]]), ...taskCounts })),
    /** Per step and office (a task of a case across offices counts in each of them). */
    rows: z.array(z.strictObject({ step: z.enum(TASK_STEPS as [string, ...string[]]), office: reportOffice.nullable(), ...taskCounts })),
  })
  .meta({ id: 'TasksReport' });
export type TasksReport = z.infer<typeof tasksReportRecord>;

/** The rated processes (domain/revisit/policy.ts), for the revisits report. */
const ratedProcess = z.enum(['repair', 'relocation', 'reconnection']);

/** A group's bad reviews and what their revisits came to; shares of the group's own wholes. */
const badReviewCounts = {
  /** Ratings received in the period. */
  ratings: z.int().min(0),
  /** Bad ones, as a share of the ratings (the bad-review rate); cases: the rated orders' cases. */
  bad: reportFigure,
  /** Revisits opened in the period; cases: the revisits' own. */
  revisits: reportFigure,
  /** Revisits whose customer was reached, as a share of those opened. */
  reached: reportFigure,
  /** Revisits closed recovered, as a share of those checked (recovered or not). */
  recovered: reportFigure,
};

/**
 * 差评回访 (issue 14): ratings received and revisits opened in the period, by process, by the
 * team that did the work (a repair's crew, a relocation's installation team; none for a
 * reconnection) and by cause; how soon customers were first reached; customers with more than
 * one bad review. Office: the customer's (api/reports/offices.ts).
 */
export const revisitsReportRecord = z
  .strictObject({
    report: z.literal('revisits'),
    ...reportHeader,
    figures: z.strictObject({
      ...badReviewCounts,
      unreachable: reportFigure,
      notRecovered: reportFigure,
      /** From the revisit's opening to the customer reached, over those reached. */
      firstContactP50Seconds: seconds,
      firstContactP90Seconds: seconds,
      /** Customers with two or more bad ratings in the period; cases: their revisits. */
      repeatCustomers: reportFigure,
    }),
    processes: z.array(z.strictObject({ process: ratedProcess, ...badReviewCounts })),
    teams: z.array(z.strictObject({ process: ratedProcess, team: z.string().nullable(), teamName: z.string().nullable(), ...badReviewCounts })),
    /** Revisits by the top-level cause recorded on the call (null: not reached yet). */
    causes: z.array(z.strictObject({ cause: z.string().nullable(), revisits: reportFigure })),
  })
  .meta({ id: 'RevisitsReport' });
export type RevisitsReport = z.infer<typeof revisitsReportRecord>;
