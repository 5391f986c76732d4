import type { Db } from '../../db/connection';
import type { ProcessDescriptor } from '../../domain/process';
import { parseStepInstance, type ProcessId } from '../../domain/processes';

export interface StepTime {
  step: string;
  /** Stays in the step that ended in the window. */
  count: number;
  p50Seconds: number;
  p95Seconds: number;
}

/** How long cases stay in each step: over the last `days`, from the case's step events. */
export const DURATION_WINDOW_DAYS = 30;

/** Open cases at each step of the graph (a numbered step counts all its instances). */
export async function waitingAtSteps(db: Db, process: ProcessDescriptor<ProcessId>): Promise<{ step: string; count: number }[]> {
  const rows: { current_step: string; n: string | number }[] = await db('cases')
    .where({ type: process.caseType, state: 'running' })
    .groupBy('current_step')
    .select('current_step', db.raw('count(*) as n'));
  const counts = new Map<string, number>();
  for (const row of rows) {
    // A step the graph no longer has (a case from older code) is shown under its stored name.
    const step = parseStepInstance(process, row.current_step)?.step ?? row.current_step;
    counts.set(step, (counts.get(step) ?? 0) + Number(row.n));
  }
  return [...counts].map(([step, count]) => ({ step, count }));
}

/**
 * Median and 95th percentile of the time spent in each step: a stay runs from a step's event
 * (or the case's start, for `started`) to the case's next step event. Stays still open are
 * left out; they show as waiting instead.
 */
export async function timeInSteps(db: Db, process: ProcessDescriptor<ProcessId>, days = DURATION_WINDOW_DAYS): Promise<StepTime[]> {
  const numbered = Object.entries(process.steps)
    .filter(([, def]) => (def as { numbered?: boolean }).numbered)
    .map(([step]) => step);
  const { rows } = await db.raw(
    `WITH entered AS (
       SELECT c.id AS case_id, 'started' AS step, c.started_at AS at, 0::bigint AS seq
         FROM cases c WHERE c.type = :caseType AND c.started_at > now() - make_interval(days => :days)
       UNION ALL
       SELECT e.case_id, e.data->>'step', e.at, e.id
         FROM events e JOIN cases c ON c.id = e.case_id
        WHERE e.type = 'case.step' AND c.type = :caseType AND c.started_at > now() - make_interval(days => :days)
     ), stays AS (
       SELECT step, at, lead(at) OVER (PARTITION BY case_id ORDER BY at, seq) AS left_at,
              lead(step) OVER (PARTITION BY case_id ORDER BY at, seq) AS next_step
         FROM entered
     ), named AS (
       SELECT CASE WHEN regexp_replace(step, '-[0-9]+$', '') = ANY(:numbered) THEN regexp_replace(step, '-[0-9]+$', '') ELSE step END AS step,
              extract(epoch FROM left_at - at) AS seconds
         FROM stays
        -- An event that repeats the step it is in (a state change on the same step) is not a stay.
        WHERE left_at IS NOT NULL AND next_step IS DISTINCT FROM step
     )
     SELECT step, count(*) AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) AS p95
       FROM named GROUP BY step ORDER BY step`,
    { caseType: process.caseType, days, numbered },
  );
  return (rows as { step: string; n: string; p50: number; p95: number }[]).map((row) => ({
    step: row.step,
    count: Number(row.n),
    p50Seconds: Math.round(Number(row.p50)),
    p95Seconds: Math.round(Number(row.p95)),
  }));
}
