import { List } from 'react-admin';
import { inboxFilters } from './taskFilters';
import { SavedTaskQueries, TASK_LIST_SX, TaskListActions } from './TaskListActions';
import { TaskTable } from './TaskTable';
import { useTaskExporter } from './useTaskExporter';

/** 待办: the tasks offered or assigned to me (all of them for dispatchers and auditors). */
export const TaskList = () => {
  const exporter = useTaskExporter('inbox');
  return (
    <List
      filters={inboxFilters}
      filterDefaultValues={{ state: 'open' }}
      sort={{ field: 'dueAt', order: 'ASC' }}
      exporter={exporter}
      sx={TASK_LIST_SX}
      actions={<TaskListActions kind="inbox" />}
      aside={<SavedTaskQueries kind="inbox" />}
    >
      <TaskTable kind="inbox" />
    </List>
  );
};
