import type { ReportFigure } from '../../domain/contracts/reports';
import { CASE_IDS_LIMIT, share } from '../../domain/reports/figures';
import type { ReportPeriod } from '../../domain/reports/period';
import { periodBounds } from '../../domain/reports/period';

/** What every report's SQL is given: the period's instants and the office (null: all). */
export interface ReportScope {
  period: ReportPeriod;
  start: Date;
  end: Date;
  office: string | null;
}

export function scopeOf(period: ReportPeriod, office: string | null): ReportScope {
  return { period, ...periodBounds(period), office };
}

/** The day (China time) of a timestamp column, as YYYY-MM-DD. */
export const chinaDaySql = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

/**
 * The distinct case ids of a group, in order, one more than a figure lists so that the API
 * knows whether it had to leave some out.
 */
export function caseIdsSql(column: string, filter?: string): string {
  return `(array_agg(DISTINCT ${column} ORDER BY ${column})${filter ? ` FILTER (WHERE ${filter})` : ''})[1:${CASE_IDS_LIMIT + 1}]`;
}

/** Ids as a figure lists them. */
export function listedIds(raw: unknown): number[] {
  return Array.isArray(raw) ? raw.slice(0, CASE_IDS_LIMIT).map(Number) : [];
}

/** A count with the cases behind it, and its share of `whole` when it is part of one. */
export function figure(value: unknown, ids: unknown, whole?: number): ReportFigure {
  const count = Number(value ?? 0);
  return {
    value: count,
    share: whole === undefined ? null : share(count, whole),
    caseIds: listedIds(ids),
    caseIdsTruncated: Array.isArray(ids) && ids.length > CASE_IDS_LIMIT,
  };
}

/** A number PostgreSQL answered (numeric and bigint come as text), seconds rounded to whole ones. */
export function seconds(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.max(0, Math.round(Number(value)));
}
