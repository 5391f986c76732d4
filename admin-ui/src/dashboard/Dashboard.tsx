import AccountTreeIcon from '@mui/icons-material/AccountTree';
import AlarmIcon from '@mui/icons-material/Alarm';
import InboxIcon from '@mui/icons-material/Inbox';
import Alert from '@mui/material/Alert';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { Title, useCanAccess, useGetIdentity, useTranslate } from 'react-admin';
import { CountCard } from './CountCard';
import { useDashboard } from './useDashboard';

/** A list URL with its filters applied, as react-admin reads them from the address. */
const listWith = (resource: string, filter: Record<string, unknown>) => `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** What needs me today: my open tasks, the overdue ones, the cases that started today. */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { data, error } = useDashboard();
  const { canAccess: canListTasks } = useCanAccess({ resource: 'tasks', action: 'list' });
  const { canAccess: canListCases } = useCanAccess({ resource: 'cases', action: 'list' });

  return (
    <>
      <Title title="ra.page.dashboard" />
      <Typography variant="h5" component="h1" sx={{ marginY: 2 }}>
        {translate('app.dashboard.welcome', { name: identity?.fullName ?? '' })}
      </Typography>
      {error !== undefined && <Alert severity="warning">{translate('app.dashboard.unavailable')}</Alert>}
      <Grid container spacing={2}>
        {canListTasks && (
          <Grid size={{ xs: 12, md: 4 }}>
            <CountCard
              label="app.dashboard.my_open_tasks"
              value={data?.myOpenTasks}
              icon={<InboxIcon fontSize="large" />}
              // The count is of tasks held by me or offered to me: the open inbox.
              to={listWith('tasks', { state: 'open' })}
              testId="dashboard-my-open-tasks"
            />
          </Grid>
        )}
        {canListTasks && (
          <Grid size={{ xs: 12, md: 4 }}>
            <CountCard
              label="app.dashboard.overdue_tasks"
              value={data?.overdueTasks}
              icon={<AlarmIcon fontSize="large" />}
              to={listWith('tasks', { state: 'open', overdue: true })}
              testId="dashboard-overdue-tasks"
              color="error"
            />
          </Grid>
        )}
        {canListCases && (
          <Grid size={{ xs: 12, md: 4 }}>
            <CountCard
              label="app.dashboard.cases_today"
              value={data?.casesToday}
              icon={<AccountTreeIcon fontSize="large" />}
              to={listWith('cases', { startedToday: true })}
              testId="dashboard-cases-today"
            />
          </Grid>
        )}
      </Grid>
    </>
  );
};
