import type { Db } from '../../db/connection';
import { revisitPolicyIn } from '../../db/queries/ratings';
import type { ReportFigure, RevisitsReport } from '../../domain/contracts/reports';
import type { RatedProcess } from '../../domain/revisit/policy';
import { caseIdsSql, figure, ReportScope, seconds } from './sql';

/**
 * The revisits report (差评回访): ratings received and revisits opened in the period, the office
 * being the customer's (segments, api/reports/offices.ts), the team the one that did the work
 * (a repair's crew, a relocation's installation team). Each group is one pass over each table
 * with GROUPING SETS; the bench (bench/revisit-report.ts) measures it at a million ratings.
 */

/** Who did the work a rating or revisit is about: the crew or installation team of its order. */
const TEAM_SQL = (alias: string) => `CASE ${alias}.process WHEN 'repair' THEN ro.crew_code WHEN 'relocation' THEN lo.team_code END`;
const ORDER_JOINS = (alias: string) => `
    LEFT JOIN repair_orders ro ON ${alias}.process = 'repair' AND ro.order_no = ${alias}.order_ref
    LEFT JOIN relocation_orders lo ON ${alias}.process = 'relocation' AND lo.order_no = ${alias}.order_ref`;
/**
 * An office's customers, as a semi-join the planner can drive from the customers' index (not an
 * `:office IS NULL OR EXISTS` it cannot estimate: at a million ratings that misestimate cost a
 * second, most of it JIT compiling a plan for forty times the rows). No office: no filter.
 */
const OFFICE_FILTER = (alias: string, office: boolean) => (office ? `AND ${alias}.customer_id IN (SELECT cu.id FROM customers cu WHERE cu.segment_code = :office)` : '');

const RATINGS_SQL = (office: boolean) => `
  SELECT g.process, ${TEAM_SQL('g')} AS team, g.case_id, g.customer_id, g.bad
    FROM ratings g ${ORDER_JOINS('g')}
   WHERE g.received_at >= :start AND g.received_at < :end ${OFFICE_FILTER('g', office)}`;

const REVISITS_SQL = (office: boolean) => `
  SELECT v.process, ${TEAM_SQL('v')} AS team, v.case_id, v.customer_id, v.outcome, v.cause_code,
         EXTRACT(EPOCH FROM (v.first_contact_at - v.created_at)) AS first_contact_seconds
    FROM revisits v ${ORDER_JOINS('v')}
   WHERE v.created_at >= :start AND v.created_at < :end ${OFFICE_FILTER('v', office)}`;

type Row = Record<string, unknown>;
/** The cases of a group (a rating of an order with no case has none to list). */
const ids = (filter?: string) => caseIdsSql('case_id', filter ? `case_id IS NOT NULL AND ${filter}` : 'case_id IS NOT NULL');
type Counts = { ratings: number; bad: ReportFigure; revisits: ReportFigure; reached: ReportFigure; recovered: ReportFigure };
const key = (process: unknown, team: unknown) => `${String(process ?? '')}\u0000${String(team ?? '')}`;

export async function revisitsReport(db: Db, scope: ReportScope): Promise<Omit<RevisitsReport, 'report' | 'period' | 'office'>> {
  const office = scope.office !== null && scope.office !== undefined;
  const bindings = { start: scope.start, end: scope.end, ...(office ? { office: scope.office } : {}) };
  const ratingsSql = RATINGS_SQL(office);
  const revisitsSql = REVISITS_SQL(office);
  const [ratingRows, revisitRows, repeat, causeRows, policy] = await Promise.all([
    db.raw(
      `SELECT GROUPING(process) AS no_process, GROUPING(team) AS no_team, process, team,
              count(*) AS ratings, count(*) FILTER (WHERE bad) AS bad, ${ids('bad')} AS bad_ids
         FROM (${ratingsSql}) r
        GROUP BY GROUPING SETS ((), (process), (process, team))`,
      bindings,
    ),
    db.raw(
      `SELECT GROUPING(process) AS no_process, GROUPING(team) AS no_team, process, team,
              count(*) AS revisits, ${ids()} AS revisit_ids,
              count(*) FILTER (WHERE first_contact_seconds IS NOT NULL) AS reached, ${ids('first_contact_seconds IS NOT NULL')} AS reached_ids,
              count(*) FILTER (WHERE outcome = 'unreachable') AS unreachable, ${ids("outcome = 'unreachable'")} AS unreachable_ids,
              count(*) FILTER (WHERE outcome = 'recovered') AS recovered, ${ids("outcome = 'recovered'")} AS recovered_ids,
              count(*) FILTER (WHERE outcome = 'not-recovered') AS not_recovered, ${ids("outcome = 'not-recovered'")} AS not_recovered_ids,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY first_contact_seconds) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY first_contact_seconds) AS p90
         FROM (${revisitsSql}) v
        GROUP BY GROUPING SETS ((), (process), (process, team))`,
      bindings,
    ),
    // Customers with two or more bad ratings in the period, and their revisits' cases.
    db.raw(
      `WITH repeaters AS (SELECT r.customer_id FROM (${ratingsSql}) r WHERE r.bad AND r.customer_id IS NOT NULL GROUP BY r.customer_id HAVING count(*) >= 2)
       SELECT (SELECT count(*) FROM repeaters) AS customers,
              (SELECT ${caseIdsSql('v.case_id')} FROM revisits v JOIN repeaters USING (customer_id) WHERE v.case_id IS NOT NULL) AS ids`,
      bindings,
    ),
    db.raw(`SELECT cause_code, count(*) AS revisits, ${ids()} AS ids FROM (${revisitsSql}) v GROUP BY cause_code`, bindings),
    revisitPolicyIn(db),
  ]);

  const revisitsBy = new Map<string, Row>((revisitRows.rows as Row[]).map((row) => [Number(row.no_process) ? 'all' : Number(row.no_team) ? key(row.process, null) + '\u0001' : key(row.process, row.team), row]));
  const countsOf = (rating: Row | undefined, revisit: Row | undefined): Counts => {
    const ratings = Number(rating?.ratings ?? 0);
    const opened = Number(revisit?.revisits ?? 0);
    const checked = Number(revisit?.recovered ?? 0) + Number(revisit?.not_recovered ?? 0);
    return {
      ratings,
      bad: figure(rating?.bad, rating?.bad_ids, ratings),
      revisits: figure(opened, revisit?.revisit_ids),
      reached: figure(revisit?.reached, revisit?.reached_ids, opened),
      recovered: figure(revisit?.recovered, revisit?.recovered_ids, checked),
    };
  };

  const ratingsBy = new Map<string, Row>((ratingRows.rows as Row[]).map((row) => [Number(row.no_process) ? 'all' : Number(row.no_team) ? key(row.process, null) + '\u0001' : key(row.process, row.team), row]));
  const whole = revisitsBy.get('all');
  const processes = [...new Set([...ratingsBy.keys(), ...revisitsBy.keys()].filter((k) => k.endsWith('\u0001')))].sort();
  const teamKeys = [...new Set([...ratingsBy.keys(), ...revisitsBy.keys()].filter((k) => k !== 'all' && !k.endsWith('\u0001')))].sort();

  // Teams by name: a repair crew's or an installation team's.
  const codes = teamKeys.map((k) => k.split('\u0000')[1]).filter((code): code is string => Boolean(code));
  const [crews, installTeams] = await Promise.all([
    codes.length ? db('repair_crews').whereIn('code', codes).select('code', 'name') : [],
    codes.length ? db('install_teams').whereIn('code', codes).select('code', 'name') : [],
  ]);
  const nameOf = (process: string, code: string | null) => (code === null ? null : ((process === 'repair' ? crews : installTeams).find((team) => team.code === code)?.name ?? null));

  // A call records a leaf of the cause tree: the report groups by its top level.
  const parentOf = new Map<string, string>(policy.causes.flatMap((top) => [[top.code, top.code] as const, ...top.children.map((child) => [child.code, top.code] as const)]));
  const causes = new Map<string | null, { value: number; ids: number[] }>();
  for (const row of causeRows.rows as Row[]) {
    const cause = row.cause_code === null ? null : (parentOf.get(String(row.cause_code)) ?? String(row.cause_code));
    const entry = causes.get(cause) ?? { value: 0, ids: [] };
    entry.value += Number(row.revisits);
    entry.ids.push(...((row.ids as number[] | null) ?? []).map(Number));
    causes.set(cause, entry);
  }
  const opened = Number(whole?.revisits ?? 0);

  return {
    figures: {
      ...countsOf(ratingsBy.get('all'), whole),
      unreachable: figure(whole?.unreachable, whole?.unreachable_ids, opened),
      notRecovered: figure(whole?.not_recovered, whole?.not_recovered_ids, Number(whole?.recovered ?? 0) + Number(whole?.not_recovered ?? 0)),
      firstContactP50Seconds: seconds(whole?.p50),
      firstContactP90Seconds: seconds(whole?.p90),
      repeatCustomers: figure(repeat.rows[0]?.customers, repeat.rows[0]?.ids),
    },
    processes: processes.map((k) => {
      const process = k.split('\u0000')[0] as RatedProcess;
      return { process, ...countsOf(ratingsBy.get(k), revisitsBy.get(k)) };
    }),
    teams: teamKeys.map((k) => {
      const [process, code] = k.split('\u0000') as [RatedProcess, string];
      const team = code === '' ? null : code;
      return { process, team, teamName: nameOf(process, team), ...countsOf(ratingsBy.get(k), revisitsBy.get(k)) };
    }),
    causes: [...causes.entries()]
      .sort(([a], [b]) => (a ?? '\uffff').localeCompare(b ?? '\uffff'))
      .map(([cause, entry]) => ({ cause, revisits: figure(entry.value, [...new Set(entry.ids)].sort((x, y) => x - y)) })),
  };
}
