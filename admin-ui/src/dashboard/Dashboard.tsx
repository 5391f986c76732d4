import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { Title, useCanAccess, useGetIdentity, useTranslate } from 'react-admin';
import { OfficeSection } from './OfficeSection';
import { QueueSection } from './QueueSection';
import { useDashboard } from './useDashboard';

/**
 * The landing page per person, as the permission table says: the task queue for those who
 * work tasks, the office's figures for those who read reports. Each figure opens its list.
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { data, error } = useDashboard();
  const { canAccess: canListTasks } = useCanAccess({ resource: 'tasks', action: 'list' });
  const { canAccess: canReadReports } = useCanAccess({ resource: 'reports', action: 'list' });

  return (
    <>
      <Title title="ra.page.dashboard" />
      <Typography variant="h5" component="h1" sx={{ marginY: 2 }}>
        {translate('app.dashboard.welcome', { name: identity?.fullName ?? '' })}
      </Typography>
      {error !== undefined && <Alert severity="warning">{translate('app.dashboard.unavailable')}</Alert>}
      {canListTasks && data?.queue !== null && <QueueSection queue={data?.queue ?? undefined} />}
      {canReadReports && data?.office !== null && <OfficeSection office={data?.office ?? undefined} />}
    </>
  );
};
