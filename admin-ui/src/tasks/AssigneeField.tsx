import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { Task } from '../types';

/** Who holds the task, and for whom they act when it was delegated (代理). */
export const AssigneeField = (_props: FieldProps) => {
  const task = useRecordContext<Task>();
  const translate = useTranslate();
  if (!task) return null;
  return (
    <Typography component="span" variant="body2" data-testid="task-assignee">
      {task.assigneeName ?? translate('app.task.unassigned')}
      {task.actingForName && (
        <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {translate('app.task.acting_for', { name: task.actingForName })}
        </Typography>
      )}
    </Typography>
  );
};
