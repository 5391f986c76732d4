import type { Db } from '../../db/connection';
import type { DisconnectionReport } from '../../domain/contracts/reports';
import { DEFERRAL_CODES } from '../../domain/contracts/reports';
import type { OutcomeState } from '../../domain/disconnection/progress';
import type { CommandVerdict } from '../../domain/disconnection/protection';
import type { EventType } from '../../domain/events';
import type { CaseType, TaskStep } from '../../domain/processes';
import { DISCONNECTION_CASE_OUTCOMES, disconnectionCaseOutcome, type DisconnectionCaseOutcome } from '../../domain/reports/names';
import { caseInOfficeSql } from './offices';
import { caseIdsSql, figure, listedIds, ReportScope, seconds } from './sql';

const CASE_TYPE: CaseType = 'disconnection';
const VERDICT: EventType = 'disconnection.verdict';
const APPROVAL: TaskStep = 'disconnection-approval';
const DISCONNECTED: OutcomeState = 'disconnected';
const EXCLUDED: OutcomeState = 'excluded';
const DEFER: CommandVerdict['verdict'] = 'defer';

/** Disconnection cases that started in the period and have a customer in the office. */
const CASES_SQL = `
  SELECT c.id AS case_id, c.state, c.current_step
    FROM cases c
   WHERE c.type = :caseType AND c.started_at >= :start AND c.started_at < :end AND ${caseInOfficeSql('c.id')}`;

/** Their customers' outcomes, only those in the office when one is asked for. */
const OUTCOMES_SQL = `
  SELECT o.case_id, o.customer_id, o.state, o.code
    FROM (${CASES_SQL}) dc
    JOIN disconnection_outcomes o ON o.case_id = dc.case_id
    JOIN customers cu ON cu.id = o.customer_id
   WHERE CAST(:office AS text) IS NULL OR cu.segment_code = :office`;

export async function disconnectionReport(db: Db, scope: ReportScope): Promise<Omit<DisconnectionReport, 'report' | 'period' | 'office'>> {
  const bindings = { ...scope, caseType: CASE_TYPE, verdict: VERDICT, approval: APPROVAL, disconnected: DISCONNECTED, excluded: EXCLUDED, defer: DEFER };
  const [cases, customers, deferrals, approvals] = await Promise.all([
    db.raw(`SELECT state, current_step, count(*) AS n, ${caseIdsSql('case_id')} AS case_ids FROM (${CASES_SQL}) dc GROUP BY state, current_step`, bindings),
    db.raw(
      `SELECT GROUPING(state) AS whole, state, code, count(*) AS n, ${caseIdsSql('case_id')} AS case_ids,
              count(*) FILTER (WHERE state = :disconnected) AS disconnected, ${caseIdsSql('case_id', 'state = :disconnected')} AS disconnected_ids,
              count(*) FILTER (WHERE state = :excluded) AS excluded, ${caseIdsSql('case_id', 'state = :excluded')} AS excluded_ids
         FROM (${OUTCOMES_SQL}) oc GROUP BY GROUPING SETS ((state, code), ()) ORDER BY state, code`,
      bindings,
    ),
    // A customer deferred at least once, by why (a customer deferred for two reasons counts under each).
    db.raw(
      `SELECT GROUPING(code) AS whole, code, count(DISTINCT (case_id, customer_id)) AS n, ${caseIdsSql('case_id')} AS case_ids
         FROM (SELECT oc.case_id, oc.customer_id, e.data->>'code' AS code
                 FROM (${OUTCOMES_SQL}) oc
                 JOIN events e ON e.case_id = oc.case_id AND e.customer_id = oc.customer_id AND e.type = :verdict AND e.data->>'verdict' = :defer) d
        GROUP BY GROUPING SETS ((code), ())`,
      bindings,
    ),
    // Each level's approval task: from its creation to its completion (the level is the task title's).
    db.raw(
      `SELECT COALESCE((t.title_params->>'level')::int, t.step_seq) AS level,
              count(*) FILTER (WHERE t.state = 'completed') AS completed,
              count(*) FILTER (WHERE t.state = 'open') AS open,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.created_at)) FILTER (WHERE t.state = 'completed') AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.created_at)) FILTER (WHERE t.state = 'completed') AS p90,
              max(extract(epoch FROM t.completed_at - t.created_at)) FILTER (WHERE t.state = 'completed') AS max,
              ${caseIdsSql('t.case_id')} AS case_ids
         FROM (${CASES_SQL}) dc JOIN tasks t ON t.case_id = dc.case_id AND t.step = :approval
        GROUP BY 1 ORDER BY 1`,
      bindings,
    ),
  ]);

  // Cases by outcome: the end step each stands at, merged from (state, step) groups.
  const byOutcome = new Map<DisconnectionCaseOutcome, { n: number; ids: Set<number> }>();
  let caseCount = 0;
  const allIds = new Set<number>();
  for (const row of cases.rows as Array<{ state: 'running' | 'completed' | 'failed'; current_step: string; n: string; case_ids: number[] }>) {
    const outcome = disconnectionCaseOutcome(row.state, row.current_step);
    const entry = byOutcome.get(outcome) ?? { n: 0, ids: new Set<number>() };
    entry.n += Number(row.n);
    for (const id of row.case_ids) entry.ids.add(Number(id));
    byOutcome.set(outcome, entry);
    caseCount += Number(row.n);
    for (const id of row.case_ids) allIds.add(Number(id));
  }
  const sorted = (ids: Set<number> | undefined) => [...(ids ?? [])].sort((a, b) => a - b);

  const customerRows = customers.rows as Array<Record<string, unknown> & { whole: number; state: OutcomeState; code: string | null }>;
  const customerTotal = customerRows.find((row) => row.whole === 1);
  const customerCount = Number(customerTotal?.n ?? 0);
  const deferralRows = deferrals.rows as Array<{ whole: number; code: string | null; n: string; case_ids: number[] }>;
  const deferralTotal = deferralRows.find((row) => row.whole === 1);

  return {
    figures: {
      cases: figure(caseCount, sorted(allIds)),
      customers: figure(customerCount, customerTotal?.case_ids),
      disconnected: figure(customerTotal?.disconnected, customerTotal?.disconnected_ids, customerCount),
      excluded: figure(customerTotal?.excluded, customerTotal?.excluded_ids, customerCount),
      deferred: figure(deferralTotal?.n, deferralTotal?.case_ids, customerCount),
    },
    outcomes: DISCONNECTION_CASE_OUTCOMES.map((outcome) => ({ outcome, figure: figure(byOutcome.get(outcome)?.n ?? 0, sorted(byOutcome.get(outcome)?.ids), caseCount) })),
    customers: customerRows
      .filter((row) => row.whole === 0)
      .map((row) => ({ state: row.state, code: row.code, figure: figure(row.n, row.case_ids, customerCount) })),
    deferrals: DEFERRAL_CODES.map((code) => {
      const row = deferralRows.find((r) => r.whole === 0 && r.code === code);
      return { code, figure: figure(row?.n ?? 0, row?.case_ids, customerCount) };
    }),
    approvals: (approvals.rows as Array<Record<string, unknown>>).map((row) => ({
      level: Number(row.level),
      completed: Number(row.completed),
      open: Number(row.open),
      p50Seconds: seconds(row.p50),
      p90Seconds: seconds(row.p90),
      maxSeconds: seconds(row.max),
      caseIds: listedIds(row.case_ids),
    })),
  };
}
