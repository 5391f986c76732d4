import type { DisconnectionReport, ReconnectionReport, ReportCatalog, RevisitsReport, TasksReport } from '../../../domain/contracts/reports';
import type { ReportName } from '../../../domain/reports/names';
import { API_URL, httpClient } from '../httpClient';
import { reportQuery, type ReportFilter } from './period';

export interface ReportsByName {
  reconnection: ReconnectionReport;
  disconnection: DisconnectionReport;
  tasks: TasksReport;
  revisits: RevisitsReport;
}

export async function fetchReport<N extends ReportName>(name: N, filter: ReportFilter): Promise<ReportsByName[N]> {
  const { json } = await httpClient(`${API_URL}/reports/${name}?${reportQuery(filter)}`);
  return json as ReportsByName[N];
}

export async function fetchReportCatalog(): Promise<ReportCatalog> {
  const { json } = await httpClient(`${API_URL}/reports`);
  return json as ReportCatalog;
}

/** The CSV file's address: a plain link downloads it with the session cookie (Content-Disposition: attachment). */
export function reportCsvUrl(name: ReportName, filter: ReportFilter): string {
  return `${API_URL}/reports/${name}?${reportQuery(filter, 'csv')}`;
}
