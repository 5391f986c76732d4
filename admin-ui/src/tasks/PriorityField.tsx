import Chip, { type ChipProps } from '@mui/material/Chip';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { Task } from '../types';

/** 1 is the most urgent, 3 the default (tasks.priority), 5 the least. */
export const PRIORITY_COLORS: Record<number, ChipProps['color']> = { 1: 'error', 2: 'warning', 3: 'default', 4: 'info', 5: 'default' };

/** The priority as a word and a colour ("紧急" in red), its number only for values the catalog lacks. */
export const PriorityField = (_props: FieldProps) => {
  const task = useRecordContext<Task>();
  const translate = useTranslate();
  if (!task) return null;
  return (
    <Chip
      size="small"
      variant={task.priority <= 2 ? 'filled' : 'outlined'}
      color={PRIORITY_COLORS[task.priority] ?? 'default'}
      label={translate(`app.task_priority.${task.priority}`, { _: String(task.priority) })}
      data-testid="task-priority"
    />
  );
};
