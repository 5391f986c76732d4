import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import type { Task } from '../types';

/** Due time, with an "overdue" chip: red alone would not reach everyone. */
export const DueField = (_props: FieldProps) => {
  const task = useRecordContext<Task>();
  const translate = useTranslate();
  if (!task) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <DateTimeField source="dueAt" />
      {task.overdue && task.state === 'open' && (
        <Chip size="small" color="error" label={translate('resources.tasks.fields.overdue')} data-testid="task-overdue" />
      )}
    </Stack>
  );
};
