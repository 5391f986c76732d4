import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import type { ReactNode } from 'react';
import { Link, Title, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { REPORT_NAMES, type ReportName } from '../../../domain/reports/names';
import { apiRefusalOf } from '../httpClient';
import { reportCsvUrl, type ReportsByName } from './api';
import { filterFromSearch, searchOfFilter, type ReportFilter } from './period';
import { useReport, useReportCatalog } from './useReport';

/**
 * A report page: the tabs between reports, the period and office (kept in the address), the
 * CSV file of what is shown, and the report itself once it arrives.
 */
export function ReportFrame<N extends ReportName>({ name, children }: { name: N; children: (report: ReportsByName[N]) => ReactNode }) {
  const translate = useTranslate();
  const [search, setSearch] = useSearchParams();
  const filter = filterFromSearch(search, Date.now());
  const catalog = useReportCatalog();
  const { data, error, loading } = useReport(name, filter);
  const change = (next: Partial<ReportFilter>) => setSearch(searchOfFilter({ ...filter, ...next }), { replace: true });
  const query = new URLSearchParams(searchOfFilter(filter)).toString();
  const refusal = error ? apiRefusalOf(error) : undefined;

  return (
    <Box sx={{ padding: 2 }} data-testid={`report-${name}`}>
      <Title title={translate('app.reports.title')} />
      <Tabs value={name} sx={{ marginBottom: 2 }}>
        {REPORT_NAMES.map((other) => (
          <Tab key={other} value={other} label={translate(`app.reports.names.${other}`)} component={Link} to={`/reports/${other}?${query}`} data-testid={`report-tab-${other}`} />
        ))}
      </Tabs>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ marginBottom: 2, alignItems: { md: 'center' } }}>
        <TextField
          type="date"
          size="small"
          label={translate('app.reports.filters.from')}
          value={filter.from}
          onChange={(event) => event.target.value && change({ from: event.target.value })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'report-from', max: filter.to } }}
        />
        <TextField
          type="date"
          size="small"
          label={translate('app.reports.filters.to')}
          value={filter.to}
          onChange={(event) => event.target.value && change({ to: event.target.value })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'report-to', min: filter.from } }}
        />
        <TextField
          select
          size="small"
          sx={{ minWidth: 240 }}
          label={translate('app.reports.filters.office')}
          value={filter.office ?? ''}
          onChange={(event) => change({ office: event.target.value || undefined })}
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true, SelectDisplayProps: { 'data-testid': 'report-office' } as object } }}
        >
          <MenuItem value="">{translate('app.reports.filters.all_offices')}</MenuItem>
          {(catalog?.offices ?? []).map((office) => (
            <MenuItem key={office.code} value={office.code} data-testid={`report-office-${office.code}`}>
              {office.name}
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flexGrow: 1 }} />
        {/* A plain link: the browser downloads the file the API names (Content-Disposition). */}
        <Button variant="outlined" sx={{ whiteSpace: 'nowrap', flexShrink: 0 }} startIcon={<DownloadIcon />} href={reportCsvUrl(name, filter)} download data-testid="report-csv">
          {translate('app.reports.download_csv')}
        </Button>
      </Stack>
      {loading && <LinearProgress sx={{ marginBottom: 1 }} />}
      {refusal && (
        <Alert severity="error" data-testid="report-error">
          {translate(`app.reports.errors.${refusal.code ?? 'FAILED'}`, { _: translate('app.reports.errors.FAILED') })}
        </Alert>
      )}
      {data && !refusal && children(data)}
    </Box>
  );
}
