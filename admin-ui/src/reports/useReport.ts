import { useEffect, useState } from 'react';
import type { ReportCatalog } from '../../../domain/contracts/reports';
import type { ReportName } from '../../../domain/reports/names';
import { fetchReport, fetchReportCatalog, type ReportsByName } from './api';
import type { ReportFilter } from './period';

/** A report for the filter, asked again whenever the filter changes (the last answer wins). */
export function useReport<N extends ReportName>(name: N, filter: ReportFilter): { data?: ReportsByName[N]; error?: unknown; loading: boolean } {
  const [state, setState] = useState<{ data?: ReportsByName[N]; error?: unknown; loading: boolean }>({ loading: true });
  const { from, to, office } = filter;
  useEffect(() => {
    let current = true;
    setState((previous) => ({ data: previous.data, loading: true }));
    fetchReport(name, { from, to, office }).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [name, from, to, office]);
  return state;
}

let catalog: Promise<ReportCatalog> | undefined;

/** The reports and offices, asked once per visit of the back office. */
export function useReportCatalog(): ReportCatalog | undefined {
  const [data, setData] = useState<ReportCatalog>();
  useEffect(() => {
    let current = true;
    catalog ??= fetchReportCatalog();
    catalog.then(
      (answer) => current && setData(answer),
      () => {
        catalog = undefined;
      },
    );
    return () => {
      current = false;
    };
  }, []);
  return data;
}
