import AccountTreeIcon from '@mui/icons-material/AccountTree';
import AlarmIcon from '@mui/icons-material/Alarm';
import PaymentsIcon from '@mui/icons-material/Payments';
import PowerIcon from '@mui/icons-material/Power';
import PowerOffIcon from '@mui/icons-material/PowerOff';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useCanAccess, useLocaleState, useTranslate } from 'react-admin';
import { formatSeconds } from '../reports/format';
import type { DashboardOffice } from '../types';
import { CountCard } from './CountCard';
import { listWith } from './links';
import { StepCounts } from './StepCounts';

/**
 * The office's figures for those who oversee the work: arrears, outages, today's
 * reconnections, open cases and overdue tasks. A figure opens its list when the reader may
 * list it (an administrator reads the figures without the customers, cases or tasks behind them).
 */
export const OfficeSection = ({ office }: { office: DashboardOffice | undefined }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { canAccess: canListCustomers } = useCanAccess({ resource: 'customers', action: 'list' });
  const { canAccess: canListCases } = useCanAccess({ resource: 'cases', action: 'list' });
  const { canAccess: canListTasks } = useCanAccess({ resource: 'tasks', action: 'list' });
  const link = (allowed: boolean | undefined, resource: string, filter: Record<string, unknown>) => (allowed ? listWith(resource, filter) : undefined);
  const amount = office && Number(office.arrears.amount).toLocaleString(locale, { style: 'currency', currency: 'CNY' });
  const median = office?.reconnectionsToday.medianSeconds;

  return (
    <section data-testid="dashboard-office">
      <Typography variant="h6" component="h2" sx={{ marginY: 2 }}>
        {translate('app.dashboard.office')}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <CountCard
            label="app.dashboard.arrears"
            value={amount}
            highlight={Boolean(office?.arrears.customers)}
            detail={office && translate('app.dashboard.arrears_customers', { smart_count: office.arrears.customers })}
            icon={<PaymentsIcon fontSize="large" />}
            to={link(canListCustomers, 'customers', { inArrears: true })}
            testId="dashboard-arrears"
            color="error"
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <CountCard
            label="app.dashboard.disconnected"
            value={office?.disconnected}
            highlight={Boolean(office?.disconnected)}
            icon={<PowerOffIcon fontSize="large" />}
            to={link(canListCustomers, 'customers', { supplyStatus: 'disconnected' })}
            testId="dashboard-disconnected"
            color="error"
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <CountCard
            label="app.dashboard.reconnections_today"
            value={office?.reconnectionsToday.cases}
            highlight={Boolean(office?.reconnectionsToday.cases)}
            detail={office && translate('app.dashboard.median_payment_to_power', { duration: formatSeconds(median ?? null, translate) })}
            icon={<PowerIcon fontSize="large" />}
            to={link(canListCases, 'cases', { reconnectedToday: true })}
            testId="dashboard-reconnections-today"
          />
        </Grid>
        {office?.openCases.map((open) => (
          <Grid key={open.type} size={{ xs: 12, md: 4 }}>
            <CountCard
              label="app.dashboard.open_cases"
              labelOptions={{ process: translate(`app.case_type.${open.type}`) }}
              value={open.cases}
              highlight={open.cases > 0}
              icon={<AccountTreeIcon fontSize="large" />}
              to={link(canListCases, 'cases', { type: open.type, state: 'running' })}
              testId={`dashboard-open-cases-${open.type}`}
            />
          </Grid>
        ))}
        <Grid size={{ xs: 12, md: 4 }}>
          <CountCard
            label="app.dashboard.overdue_tasks_office"
            value={office?.overdueTasks}
            highlight={Boolean(office?.overdueTasks)}
            icon={<AlarmIcon fontSize="large" />}
            to={link(canListTasks, 'tasks', { overdue: true })}
            testId="dashboard-office-overdue-tasks"
            color="error"
          />
        </Grid>
        {office && (
          <Grid size={12}>
            <StepCounts
              title="app.dashboard.overdue_by_step"
              rows={office.overdueByStep}
              testId="dashboard-office-steps"
              columns={[
                {
                  label: 'app.dashboard.overdue',
                  count: (row) => row.overdue,
                  to: canListTasks ? (row) => listWith('tasks', { overdue: true, step: row.step }) : undefined,
                  testId: 'dashboard-office-step-overdue',
                  color: 'error',
                },
              ]}
            />
          </Grid>
        )}
      </Grid>
    </section>
  );
};
