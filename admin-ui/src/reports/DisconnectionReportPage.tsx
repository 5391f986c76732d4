import Grid from '@mui/material/Grid';
import { useLocaleState, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { DisconnectionReport } from '../../../domain/contracts/reports';
import type { DisconnectionCaseOutcome } from '../../../domain/reports/names';
import { Section } from '../common/Section';
import { casesLink } from './casesLink';
import { ReportBarChart, ReportPieChart } from './charts/LazyChart';
import { CasesCount, FigureCard } from './FigureCard';
import { formatSeconds, formatShare } from './format';
import { ReportFrame } from './ReportFrame';
import { ReportTable } from './ReportTable';

/** A case's outcome in words: a running or failed case by its state, a closed one by its end step. */
export const outcomeLabel = (outcome: DisconnectionCaseOutcome) => (outcome === 'running' || outcome === 'failed' ? `app.case_state.${outcome}` : `app.steps.${outcome}`);

/** 停电报表: cases by outcome, customers disconnected, left out by why and deferred, approval time per level. */
export const DisconnectionReportPage = () => <ReportFrame name="disconnection">{(report) => <DisconnectionBody report={report} />}</ReportFrame>;

const DisconnectionBody = ({ report }: { report: DisconnectionReport }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const f = report.figures;
  const reasonOf = (row: DisconnectionReport['customers'][number]) =>
    row.code
      ? translate('app.reports.disconnection.state_code', { state: translate(`app.outcome_state.${row.state}`), code: translate(`app.disconnection_code.${row.code}`, { _: row.code }) })
      : translate(`app.outcome_state.${row.state}`);
  const open = (caseIds: readonly number[]) => caseIds.length > 0 && navigate(casesLink(caseIds));
  return (
    <>
      <Grid container spacing={2} sx={{ marginBottom: 3 }}>
        {(['cases', 'customers', 'disconnected', 'excluded', 'deferred'] as const).map((key) => (
          <Grid key={key} size={{ xs: 6, md: 'grow' }}>
            <FigureCard label={`app.reports.disconnection.${key}`} testId={key} figure={f[key]} />
          </Grid>
        ))}
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 5 }}>
          <Section title="app.reports.disconnection.outcomes">
            <ReportPieChart
              testId="disconnection-outcomes"
              slices={report.outcomes.map((row) => ({ label: translate(outcomeLabel(row.outcome)), value: row.figure.value }))}
              onSliceClick={(index) => open(report.outcomes[index]?.figure.caseIds ?? [])}
            />
            <ReportTable
              testId="outcomes"
              rows={report.outcomes.filter((row) => row.figure.value > 0)}
              rowKey={(row) => row.outcome}
              columns={[
                { label: 'app.reports.columns.outcome', render: (row) => translate(outcomeLabel(row.outcome)) },
                { label: 'app.reports.disconnection.cases', numeric: true, render: (row) => <CasesCount value={row.figure.value} caseIds={row.figure.caseIds} testId={`outcome-${row.outcome}`} /> },
                { label: 'app.reports.columns.share', numeric: true, render: (row) => formatShare(row.figure.share, locale) },
              ]}
            />
          </Section>
        </Grid>
        <Grid size={{ xs: 12, md: 7 }}>
          <Section title="app.reports.disconnection.customers_by_reason">
            <ReportBarChart
              testId="disconnection-customers"
              horizontal
              height={Math.max(160, 48 * (report.customers.length + 1))}
              categories={report.customers.map(reasonOf)}
              series={[{ label: translate('app.reports.disconnection.customers'), data: report.customers.map((row) => row.figure.value) }]}
              onBarClick={(_series, index) => open(report.customers[index]?.figure.caseIds ?? [])}
            />
            <ReportTable
              testId="deferrals"
              rows={report.deferrals}
              rowKey={(row) => row.code}
              columns={[
                { label: 'app.reports.disconnection.deferred_by', render: (row) => translate(`app.disconnection_code.${row.code}`) },
                { label: 'app.reports.disconnection.customers', numeric: true, render: (row) => <CasesCount value={row.figure.value} caseIds={row.figure.caseIds} /> },
              ]}
            />
          </Section>
        </Grid>
      </Grid>
      <Section title="app.reports.disconnection.approvals">
        <ReportTable
          testId="approvals"
          rows={report.approvals}
          rowKey={(row) => String(row.level)}
          columns={[
            { label: 'app.reports.columns.level', render: (row) => translate('app.reports.disconnection.level', { level: row.level }) },
            { label: 'app.reports.columns.completed', numeric: true, render: (row) => <CasesCount value={row.completed} caseIds={row.caseIds} /> },
            { label: 'app.reports.columns.open', numeric: true, render: (row) => row.open },
            { label: 'app.reports.columns.p50', numeric: true, render: (row) => formatSeconds(row.p50Seconds, translate) },
            { label: 'app.reports.columns.p90', numeric: true, render: (row) => formatSeconds(row.p90Seconds, translate) },
            { label: 'app.reports.columns.slowest', numeric: true, render: (row) => formatSeconds(row.maxSeconds, translate) },
          ]}
        />
      </Section>
    </>
  );
};
