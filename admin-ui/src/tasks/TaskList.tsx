import { List } from 'react-admin';
import { inboxFilters } from './taskFilters';
import { TaskTable } from './TaskTable';

/** 待办: the tasks offered or assigned to me (all of them for dispatchers and auditors). */
export const TaskList = () => (
  <List filters={inboxFilters} filterDefaultValues={{ state: 'open' }} sort={{ field: 'dueAt', order: 'ASC' }} exporter={false}>
    <TaskTable />
  </List>
);
