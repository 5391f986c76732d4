import Grid from '@mui/material/Grid';
import { useLocaleState, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { ReconnectionReport } from '../../../domain/contracts/reports';
import { DELAY_BUCKET_KEYS } from '../../../domain/reports/figures';
import { Section } from '../common/Section';
import { casesLink } from './casesLink';
import { ReportBarChart } from './charts/LazyChart';
import { CasesCount, FigureCard } from './FigureCard';
import { formatSeconds, formatShare } from './format';
import { ReportFrame } from './ReportFrame';
import { ReportTable } from './ReportTable';

/** 复电报表: payment to power restored, close commands per line, on-site orders and why. */
export const ReconnectionReportPage = () => <ReportFrame name="reconnection">{(report) => <ReconnectionBody report={report} />}</ReportFrame>;

const ReconnectionBody = ({ report }: { report: ReconnectionReport }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const f = report.figures;
  const cards = [
    { key: 'cases', figure: f.cases },
    { key: 'restored', figure: f.restored },
    { key: 'within_1m', figure: f.withinOneMinute },
    { key: 'within_15m', figure: f.withinFifteenMinutes },
    { key: 'p50', text: formatSeconds(f.p50Seconds, translate) },
    { key: 'p90', text: formatSeconds(f.p90Seconds, translate) },
    { key: 'commands_confirmed', figure: f.commandsConfirmed },
    { key: 'manual_orders', figure: f.manualOrders },
  ];
  return (
    <>
      <Grid container spacing={2} sx={{ marginBottom: 3 }}>
        {cards.map((card) => (
          <Grid key={card.key} size={{ xs: 6, md: 3 }}>
            <FigureCard label={`app.reports.reconnection.${card.key}`} testId={card.key} figure={card.figure} text={card.text} />
          </Grid>
        ))}
      </Grid>
      <Section title="app.reports.reconnection.chart_days">
        <ReportBarChart
          testId="reconnection-days"
          categories={report.days.map((day) => day.day)}
          series={DELAY_BUCKET_KEYS.map((bucket) => ({ label: translate(`app.reports.bucket.${bucket}`), data: report.days.map((day) => day.buckets[bucket]), stack: 'delay' }))}
          onBarClick={(_series, index) => {
            const day = report.days[index];
            if (day && day.caseIds.length > 0) navigate(casesLink(day.caseIds));
          }}
        />
        <ReportTable
          testId="days"
          rows={report.days.filter((day) => day.caseIds.length > 0)}
          rowKey={(day) => day.day}
          columns={[
            { label: 'app.reports.columns.day', render: (day) => day.day },
            { label: 'app.reports.reconnection.restored', numeric: true, render: (day) => <CasesCount value={day.restored} caseIds={day.caseIds} /> },
            { label: 'app.reports.reconnection.p50', numeric: true, render: (day) => formatSeconds(day.p50Seconds, translate) },
            { label: 'app.reports.reconnection.p90', numeric: true, render: (day) => formatSeconds(day.p90Seconds, translate) },
            { label: 'app.reports.columns.slowest', numeric: true, render: (day) => formatSeconds(day.maxSeconds, translate) },
          ]}
        />
      </Section>
      <Section title="app.reports.reconnection.lines">
        <ReportTable
          testId="lines"
          rows={report.lines}
          rowKey={(line) => `${line.site ?? ''}-${line.line ?? ''}`}
          columns={[
            { label: 'app.reports.columns.site', render: (line) => line.site ?? translate('app.reports.no_meter') },
            { label: 'app.reports.columns.line', render: (line) => line.line ?? '—' },
            { label: 'app.reports.reconnection.commands', numeric: true, render: (line) => <CasesCount value={line.commands} caseIds={line.caseIds} /> },
            { label: 'app.reports.columns.confirmed', numeric: true, render: (line) => line.confirmed },
            { label: 'app.reports.columns.failed', numeric: true, render: (line) => <CasesCount value={line.failed} caseIds={line.failedCaseIds} /> },
            { label: 'app.reports.columns.success_rate', numeric: true, render: (line) => formatShare(line.successShare, locale) },
          ]}
        />
      </Section>
      <Section title="app.reports.reconnection.manual_reasons">
        <ReportTable
          testId="manual-reasons"
          rows={report.manualReasons}
          rowKey={(row) => row.reason}
          columns={[
            { label: 'app.reports.columns.reason', render: (row) => translate(`app.reports.manual_reason.${row.reason}`) },
            { label: 'app.reports.reconnection.manual_orders', numeric: true, render: (row) => <CasesCount value={row.figure.value} caseIds={row.figure.caseIds} /> },
            { label: 'app.reports.columns.share', numeric: true, render: (row) => formatShare(row.figure.share, locale) },
          ]}
        />
      </Section>
    </>
  );
};
