import Typography from '@mui/material/Typography';
import { useRecordContext, type FieldProps } from 'react-admin';
import type { Task } from '../types';
import { useTaskTexts } from './taskTexts';

/** The task's title in the reader's language (task lists, the task and case pages). */
export const TaskTitleField = (_props: FieldProps) => {
  const task = useRecordContext<Task>();
  const texts = useTaskTexts();
  if (!task) return null;
  return (
    <Typography component="span" variant="body2" data-testid="task-title">
      {texts.title(task)}
    </Typography>
  );
};
