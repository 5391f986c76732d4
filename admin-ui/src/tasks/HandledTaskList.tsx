import Typography from '@mui/material/Typography';
import { List, useTranslate } from 'react-admin';
import { handledFilters } from './taskFilters';
import { SavedTaskQueries, TASK_LIST_SX, TaskListActions } from './TaskListActions';
import { TaskTable } from './TaskTable';
import { useTaskExporter } from './useTaskExporter';

/**
 * 我已办: tasks I completed or worked on, in any state. Same resource as the inbox, with its
 * own stored filters so the two lists do not overwrite each other.
 */
export const HandledTaskList = () => {
  const exporter = useTaskExporter('handled');
  return (
    <List
      resource="tasks"
      storeKey="handledTasks"
      title="app.menu.handled_tasks"
      filter={{ handledByMe: true }}
      filters={handledFilters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={exporter}
      sx={TASK_LIST_SX}
      actions={<TaskListActions kind="handled" />}
      aside={<SavedTaskQueries kind="handled" />}
      empty={<NothingHandled />}
    >
      <TaskTable kind="handled" />
    </List>
  );
};

/** Not the inbox's "no tasks yet": this list fills as I work tasks. */
const NothingHandled = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body1" color="text.secondary" sx={{ padding: 4, textAlign: 'center' }} data-testid="handled-empty">
      {translate('app.task.handled_empty')}
    </Typography>
  );
};
