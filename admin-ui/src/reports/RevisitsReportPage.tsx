import Grid from '@mui/material/Grid';
import { useLocaleState, useTranslate } from 'react-admin';
import type { ReportFigure, RevisitsReport } from '../../../domain/contracts/reports';
import { Section } from '../common/Section';
import { CasesCount, FigureCard } from './FigureCard';
import { formatSeconds, formatShare } from './format';
import { ReportFrame } from './ReportFrame';
import { type Column, ReportTable } from './ReportTable';
import { causeWord, processWord, teamWord } from './revisitsWords';

/** 差评回访报表 (issue 14): bad reviews and their revisits, by process, by team and by cause. */
export const RevisitsReportPage = () => <ReportFrame name="revisits">{(report) => <RevisitsBody report={report} />}</ReportFrame>;

type Counts = Pick<RevisitsReport['processes'][number], 'ratings' | 'bad' | 'revisits' | 'reached' | 'recovered'>;

const RevisitsBody = ({ report }: { report: RevisitsReport }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const f = report.figures;
  const cards: { key: string; label: string; figure?: ReportFigure; text?: string }[] = [
    { key: 'bad', label: 'bad_card', figure: f.bad },
    { key: 'revisits', label: 'revisits', figure: f.revisits },
    { key: 'reached', label: 'reached_card', figure: f.reached },
    { key: 'unreachable', label: 'unreachable', figure: f.unreachable },
    { key: 'recovered', label: 'recovered_card', figure: f.recovered },
    { key: 'not_recovered', label: 'not_recovered', figure: f.notRecovered },
    { key: 'first_contact_p50', label: 'first_contact_p50', text: formatSeconds(f.firstContactP50Seconds, translate) },
    { key: 'first_contact_p90', label: 'first_contact_p90', text: formatSeconds(f.firstContactP90Seconds, translate) },
    { key: 'repeat_customers', label: 'repeat_customers', figure: f.repeatCustomers },
  ];
  // The same counts in each table: a count opens its cases, a rate is the share of its group's whole.
  const countColumns = <Row extends Counts>(): Column<Row>[] => [
    { label: 'app.reports.revisits.ratings', numeric: true, render: (row) => row.ratings },
    { label: 'app.reports.revisits.bad', numeric: true, render: (row) => <CasesCount value={row.bad.value} caseIds={row.bad.caseIds} /> },
    { label: 'app.reports.revisits.bad_rate', numeric: true, render: (row) => formatShare(row.bad.share, locale) },
    { label: 'app.reports.revisits.revisits', numeric: true, render: (row) => <CasesCount value={row.revisits.value} caseIds={row.revisits.caseIds} /> },
    { label: 'app.reports.revisits.reached', numeric: true, render: (row) => <CasesCount value={row.reached.value} caseIds={row.reached.caseIds} /> },
    { label: 'app.reports.revisits.reached_rate', numeric: true, render: (row) => formatShare(row.reached.share, locale) },
    { label: 'app.reports.revisits.recovered', numeric: true, render: (row) => <CasesCount value={row.recovered.value} caseIds={row.recovered.caseIds} /> },
    { label: 'app.reports.revisits.recovery_rate', numeric: true, render: (row) => formatShare(row.recovered.share, locale) },
  ];
  return (
    <>
      <Grid container spacing={2} sx={{ marginBottom: 3 }}>
        {cards.map((card) => (
          <Grid key={card.key} size={{ xs: 6, md: 4, lg: 'grow' }}>
            <FigureCard label={`app.reports.revisits.${card.label}`} testId={card.key} figure={card.figure} text={card.text} />
          </Grid>
        ))}
      </Grid>
      <Section title="app.reports.revisits.by_process">
        <ReportTable
          testId="revisit-processes"
          rows={report.processes}
          rowKey={(row) => row.process}
          columns={[{ label: 'app.reports.revisits.process', render: (row) => processWord(row.process, translate) }, ...countColumns<RevisitsReport['processes'][number]>()]}
        />
      </Section>
      <Section title="app.reports.revisits.by_team">
        <ReportTable
          testId="revisit-teams"
          rows={report.teams}
          rowKey={(row) => `${row.process}-${row.team ?? ''}`}
          columns={[
            { label: 'app.reports.revisits.team', render: (row) => teamWord(row, translate) },
            { label: 'app.reports.revisits.process', render: (row) => processWord(row.process, translate) },
            ...countColumns<RevisitsReport['teams'][number]>(),
          ]}
        />
      </Section>
      <Section title="app.reports.revisits.by_cause">
        <ReportTable
          testId="revisit-causes"
          rows={report.causes}
          rowKey={(row) => row.cause ?? 'not-reached'}
          columns={[
            { label: 'app.reports.revisits.cause', render: (row) => causeWord(row.cause, translate) },
            { label: 'app.reports.revisits.revisits', numeric: true, render: (row) => <CasesCount value={row.revisits.value} caseIds={row.revisits.caseIds} /> },
            { label: 'app.reports.columns.share', numeric: true, render: (row) => formatShare(row.revisits.share, locale) },
          ]}
        />
      </Section>
    </>
  );
};
