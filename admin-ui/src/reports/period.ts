import { isDay, resolvePeriod, type ReportPeriod } from '../../../domain/reports/period';

/** What a report page asks: China-time days and a meter-reading segment's code (api/reports/offices.ts). */
export interface ReportFilter {
  from: string;
  to: string;
  office?: string;
}

/** The API's query for a filter (api/reports; domain/contracts/reports.ts). */
export function reportQuery(filter: ReportFilter, format?: 'csv'): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.office) params.set('office', filter.office);
  if (format) params.set('format', format);
  return params.toString();
}

/**
 * A report page's filter lives in its address (`#/reports/tasks?from=…&to=…&office=…`), so a
 * report can be bookmarked, sent and opened again as it was; what is missing or not a day
 * falls back to the last 30 days, as the API does.
 */
export function filterFromSearch(search: URLSearchParams, now: number): ReportFilter {
  const day = (name: string) => {
    const value = search.get(name);
    return value && isDay(value) ? value : undefined;
  };
  const period: ReportPeriod = resolvePeriod({ from: day('from'), to: day('to') }, now);
  const office = search.get('office')?.trim();
  return { ...period, ...(office ? { office } : {}) };
}

export function searchOfFilter(filter: ReportFilter): Record<string, string> {
  return { from: filter.from, to: filter.to, ...(filter.office ? { office: filter.office } : {}) };
}
