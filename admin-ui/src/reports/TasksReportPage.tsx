import Grid from '@mui/material/Grid';
import { useLocaleState, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { TasksReport } from '../../../domain/contracts/reports';
import { Section } from '../common/Section';
import { casesLink } from './casesLink';
import { ReportBarChart } from './charts/LazyChart';
import { CasesCount, FigureCard } from './FigureCard';
import { formatShare } from './format';
import { ReportFrame } from './ReportFrame';
import { ReportTable } from './ReportTable';

/** 任务报表: SLA compliance per step and office, overdue tasks, urges. */
export const TasksReportPage = () => <ReportFrame name="tasks">{(report) => <TasksBody report={report} />}</ReportFrame>;

const STANDINGS = ['onTime', 'late', 'overdueOpen', 'openNotDue'] as const;

const TasksBody = ({ report }: { report: TasksReport }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const f = report.figures;
  const cards = [
    { key: 'tasks', figure: f.tasks },
    { key: 'on_time', figure: f.onTime },
    { key: 'late', figure: f.late },
    { key: 'overdue_open', figure: f.overdueOpen },
    { key: 'compliance', text: formatShare(f.compliance, locale) },
    { key: 'urged_tasks', figure: f.urgedTasks },
    { key: 'urges', text: String(f.urges) },
  ];
  const step = (name: string) => translate(`app.steps.${name}`);
  return (
    <>
      <Grid container spacing={2} sx={{ marginBottom: 3 }}>
        {cards.map((card) => (
          <Grid key={card.key} size={{ xs: 6, md: 'grow' }}>
            <FigureCard label={`app.reports.tasks.${card.key}`} testId={card.key} figure={card.figure} text={card.text} />
          </Grid>
        ))}
      </Grid>
      <Section title="app.reports.tasks.chart_steps">
        <ReportBarChart
          testId="tasks-steps"
          categories={report.steps.map((row) => step(row.step))}
          series={STANDINGS.map((standing) => ({ label: translate(`app.reports.tasks.standing.${standing}`), data: report.steps.map((row) => row[standing]), stack: 'tasks' }))}
          onBarClick={(series, index) => {
            const row = report.steps[index];
            // Late and overdue open the cases of the tasks that missed their time; the rest, all the step's cases.
            const ids = row ? (STANDINGS[series] === 'late' || STANDINGS[series] === 'overdueOpen' ? row.lateCaseIds : row.caseIds) : [];
            if (ids.length > 0) navigate(casesLink(ids));
          }}
        />
      </Section>
      <Section title="app.reports.tasks.by_step_and_office">
        <ReportTable
          testId="task-rows"
          rows={report.rows}
          rowKey={(row) => `${row.step}-${row.office?.code ?? ''}`}
          columns={[
            { label: 'app.reports.columns.step', render: (row) => step(row.step) },
            { label: 'app.reports.filters.office', render: (row) => row.office?.name ?? translate('app.reports.no_office') },
            { label: 'app.reports.tasks.tasks', numeric: true, render: (row) => <CasesCount value={row.tasks} caseIds={row.caseIds} /> },
            { label: 'app.reports.tasks.on_time', numeric: true, render: (row) => row.onTime },
            { label: 'app.reports.tasks.late', numeric: true, render: (row) => <CasesCount value={row.late} caseIds={row.lateCaseIds} /> },
            { label: 'app.reports.tasks.overdue_open', numeric: true, render: (row) => row.overdueOpen },
            { label: 'app.reports.tasks.compliance', numeric: true, render: (row) => formatShare(row.compliance, locale) },
            { label: 'app.reports.tasks.urges', numeric: true, render: (row) => row.urges },
          ]}
        />
      </Section>
    </>
  );
};
