import type { Db } from '../../db/connection';
import type { ReconnectionReport } from '../../domain/contracts/reports';
import { MANUAL_RECONNECTION_REASONS } from '../../domain/contracts/reports';
import type { EventType } from '../../domain/events';
import type { CaseType } from '../../domain/processes';
import { cumulative, DELAY_BUCKET_KEYS, DELAY_BUCKETS, delayBucketSql, everyDay, share, type DelayBucket } from '../../domain/reports/figures';
import { daysOf } from '../../domain/reports/period';
import type { WorkOrderKind } from '../../domain/contracts/work_orders';
import { caseIdsSql, chinaDaySql, figure, listedIds, ReportScope, seconds } from './sql';
import { paymentToPowerSecondsSql } from '../../db/queries/reconnection-delay';

const CASE_TYPE: CaseType = 'reconnection';
const CONFIRMED: EventType = 'meter.command.confirmed';
const FAILED: EventType = 'meter.command.failed';
const MANUAL: WorkOrderKind = 'manual_reconnection';

/**
 * Reconnection cases that started in the period, in the office of their customer. The delay
 * runs from the payment (when Gridflow received it: the latest payment of the customer's
 * accounts received by the time the case started, i.e. the one that cleared the arrears) to
 * the restoration time the case recorded (the meter's confirmation, or the time the collector
 * entered on site).
 */
const CASES_SQL = `
  SELECT c.id AS case_id, c.customer_id, ${chinaDaySql('c.started_at')} AS day,
         ${paymentToPowerSecondsSql('c')} AS seconds
    FROM cases c JOIN customers cu ON cu.id = c.customer_id
   WHERE c.type = :caseType AND c.started_at >= :start AND c.started_at < :end
     AND (CAST(:office AS text) IS NULL OR cu.segment_code = :office)`;

const bucketColumns = DELAY_BUCKETS.map(
  (bucket, i) => `count(*) FILTER (WHERE ${delayBucketSql(bucket.key, 'seconds')}) AS b${i}, ${caseIdsSql('case_id', delayBucketSql(bucket.key, 'seconds'))} AS b${i}_ids`,
).join(',\n');

export async function reconnectionReport(db: Db, scope: ReportScope): Promise<Omit<ReconnectionReport, 'report' | 'period' | 'office'>> {
  const bindings = { ...scope, caseType: CASE_TYPE, confirmed: CONFIRMED, failed: FAILED, manual: MANUAL };
  const [delays, lines, manual] = await Promise.all([
    db.raw(
      `WITH rc AS (${CASES_SQL})
       SELECT GROUPING(day) AS whole, day, count(*) AS cases, ${caseIdsSql('case_id')} AS case_ids,
              count(seconds) AS restored, ${caseIdsSql('case_id', 'seconds IS NOT NULL')} AS restored_ids,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90,
              max(seconds) AS max,
              ${bucketColumns}
         FROM rc GROUP BY GROUPING SETS ((day), ()) ORDER BY day`,
      bindings,
    ),
    // Every close command of those cases, by the site and line of the customer's meter.
    db.raw(
      `WITH rc AS (${CASES_SQL})
       SELECT GROUPING(m.site) AS whole, m.site, m.line, count(*) AS commands,
              count(*) FILTER (WHERE e.type = :confirmed) AS confirmed,
              ${caseIdsSql('e.case_id')} AS case_ids,
              ${caseIdsSql('e.case_id', 'e.type = :confirmed')} AS confirmed_ids,
              ${caseIdsSql('e.case_id', 'e.type = :failed')} AS failed_ids
         FROM rc JOIN events e ON e.case_id = rc.case_id AND e.type IN (:confirmed, :failed)
         LEFT JOIN meters m ON m.customer_id = rc.customer_id
        GROUP BY GROUPING SETS ((m.site, m.line), ()) ORDER BY m.site, m.line`,
      bindings,
    ),
    db.raw(
      `WITH rc AS (${CASES_SQL})
       SELECT GROUPING(w.reason) AS whole, w.reason, count(*) AS orders, ${caseIdsSql('w.case_id')} AS case_ids
         FROM rc JOIN work_orders w ON w.case_id = rc.case_id AND w.kind = :manual
        GROUP BY GROUPING SETS ((w.reason), ()) ORDER BY w.reason`,
      bindings,
    ),
  ]);

  type DelayRow = Record<string, unknown> & { whole: number; day: string | null };
  const delayRows = delays.rows as DelayRow[];
  const total = delayRows.find((row) => row.whole === 1);
  const counts = (row: DelayRow | undefined) =>
    Object.fromEntries(DELAY_BUCKET_KEYS.map((key, i) => [key, Number(row?.[`b${i}`] ?? 0)])) as Record<DelayBucket, number>;
  // Every id each bucket listed (one past the limit each, so that a figure still knows it left some out).
  const idsOf = (row: DelayRow | undefined, through: number) =>
    [...new Set(DELAY_BUCKETS.slice(0, through + 1).flatMap((_, i) => ((row?.[`b${i}_ids`] as number[] | null) ?? []).map(Number)))].sort((a, b) => a - b);
  const restored = Number(total?.restored ?? 0);
  const within = cumulative(counts(total));

  const lineRows = lines.rows as Array<Record<string, unknown> & { whole: number }>;
  const lineTotal = lineRows.find((row) => row.whole === 1);
  const manualRows = manual.rows as Array<{ whole: number; reason: string | null; orders: string; case_ids: number[] }>;
  const manualTotal = manualRows.find((row) => row.whole === 1);
  const commands = Number(lineTotal?.commands ?? 0);

  return {
    figures: {
      cases: figure(total?.cases, total?.case_ids),
      restored: figure(restored, total?.restored_ids),
      withinOneMinute: figure(within['within-1m'], idsOf(total, 0), restored),
      withinFifteenMinutes: figure(within['within-15m'], idsOf(total, 1), restored),
      p50Seconds: seconds(total?.p50),
      p90Seconds: seconds(total?.p90),
      commands: figure(commands, lineTotal?.case_ids),
      commandsConfirmed: figure(lineTotal?.confirmed, lineTotal?.confirmed_ids, commands),
      manualOrders: figure(manualTotal?.orders, manualTotal?.case_ids),
    },
    days: everyDay(
      daysOf(scope.period),
      delayRows
        .filter((row) => row.whole === 0)
        .map((row) => ({
          day: row.day!,
          restored: Number(row.restored),
          p50Seconds: seconds(row.p50),
          p90Seconds: seconds(row.p90),
          maxSeconds: seconds(row.max),
          buckets: counts(row),
          caseIds: listedIds(row.case_ids),
        })),
      (day) => ({ day, restored: 0, p50Seconds: null, p90Seconds: null, maxSeconds: null, buckets: counts(undefined), caseIds: [] }),
    ),
    buckets: DELAY_BUCKETS.map((bucket, i) => ({ bucket: bucket.key, figure: figure(total?.[`b${i}`], total?.[`b${i}_ids`], restored) })),
    lines: lineRows
      .filter((row) => row.whole === 0)
      .map((row) => {
        const sent = Number(row.commands);
        const confirmed = Number(row.confirmed);
        return {
          site: (row.site as string | null) ?? null,
          line: (row.line as string | null) ?? null,
          commands: sent,
          confirmed,
          failed: sent - confirmed,
          successShare: share(confirmed, sent),
          caseIds: listedIds(row.case_ids),
          failedCaseIds: listedIds(row.failed_ids),
        };
      }),
    manualReasons: MANUAL_RECONNECTION_REASONS.map((reason) => {
      const row = manualRows.find((r) => r.whole === 0 && r.reason === reason);
      return { reason, figure: figure(row?.orders, row?.case_ids, Number(manualTotal?.orders ?? 0)) };
    }),
  };
}
