import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import { DateTimeField, useFormatDateTime } from '../common/DateTimeField';
import type { Task } from '../types';
import { relativeDue } from './relativeDue';

/**
 * An open task's due time as people count it ("剩 8 小时", "超期 2 天"), the exact time on
 * hover; overdue ones in bold red with a chip, since red alone would not reach everyone.
 * A finished task shows the time it was due.
 */
export const DueField = (_props: FieldProps) => {
  const task = useRecordContext<Task>();
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  if (!task) return null;
  if (task.state !== 'open') return <DateTimeField source="dueAt" />;
  const { key, count } = relativeDue(task.dueAt);
  const overdue = task.overdue || key.startsWith('overdue');
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', whiteSpace: 'nowrap' }}>
      <Tooltip title={formatDateTime(task.dueAt)}>
        <Typography component="span" variant="body2" color={overdue ? 'error' : undefined} sx={overdue ? { fontWeight: 600 } : undefined} data-testid="task-due">
          {translate(`app.task.due.${key}`, { smart_count: count })}
        </Typography>
      </Tooltip>
      {overdue && <Chip size="small" color="error" label={translate('resources.tasks.fields.overdue')} data-testid="task-overdue" />}
    </Stack>
  );
};
