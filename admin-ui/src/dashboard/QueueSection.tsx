import AlarmIcon from '@mui/icons-material/Alarm';
import InboxIcon from '@mui/icons-material/Inbox';
import TodayIcon from '@mui/icons-material/Today';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { DashboardQueue } from '../types';
import { CountCard } from './CountCard';
import { listWith } from './links';
import { StepCounts } from './StepCounts';

/**
 * The reader's queue: the tasks list as they see it (their own tasks, or the office's open
 * work for those who route or oversee it), each figure opening the tasks behind it.
 */
export const QueueSection = ({ queue }: { queue: DashboardQueue | undefined }) => {
  const translate = useTranslate();
  const scope = queue?.scope ?? 'mine';
  return (
    <section data-testid="dashboard-queue">
      <Typography variant="h6" component="h2" sx={{ marginY: 2 }}>
        {translate(`app.dashboard.queue.${scope}`)}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <CountCard
            label={`app.dashboard.open_tasks.${scope}`}
            value={queue?.open}
            highlight={Boolean(queue?.open)}
            icon={<InboxIcon fontSize="large" />}
            to={listWith('tasks', { state: 'open' })}
            testId="dashboard-open-tasks"
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <CountCard
            label="app.dashboard.overdue_tasks"
            value={queue?.overdue}
            highlight={Boolean(queue?.overdue)}
            icon={<AlarmIcon fontSize="large" />}
            to={listWith('tasks', { overdue: true })}
            testId="dashboard-overdue-tasks"
            color="error"
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <CountCard
            label="app.dashboard.due_today"
            value={queue?.dueToday}
            highlight={Boolean(queue?.dueToday)}
            icon={<TodayIcon fontSize="large" />}
            to={listWith('tasks', { dueToday: true })}
            testId="dashboard-due-today"
          />
        </Grid>
        {queue && (
          <Grid size={12}>
            <StepCounts
              title="app.dashboard.by_step"
              rows={queue.steps}
              testId="dashboard-queue-steps"
              columns={[
                { label: 'app.dashboard.open', count: (row) => row.open, to: (row) => listWith('tasks', { state: 'open', step: row.step }), testId: 'dashboard-step-open' },
                { label: 'app.dashboard.overdue', count: (row) => row.overdue, to: (row) => listWith('tasks', { overdue: true, step: row.step }), testId: 'dashboard-step-overdue', color: 'error' },
              ]}
            />
          </Grid>
        )}
      </Grid>
    </section>
  );
};
