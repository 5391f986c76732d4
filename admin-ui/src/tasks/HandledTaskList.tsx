import { List } from 'react-admin';
import { handledFilters } from './taskFilters';
import { TaskTable } from './TaskTable';

/**
 * 我已办: tasks I completed or worked on, in any state. Same resource as the inbox, with its
 * own stored filters so the two lists do not overwrite each other.
 */
export const HandledTaskList = () => (
  <List
    resource="tasks"
    storeKey="handledTasks"
    title="app.menu.handled_tasks"
    filter={{ handledByMe: true }}
    filters={handledFilters}
    sort={{ field: 'createdAt', order: 'DESC' }}
    exporter={false}
  >
    <TaskTable />
  </List>
);
