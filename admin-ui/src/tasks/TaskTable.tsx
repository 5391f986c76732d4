import { DataTable } from 'react-admin';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { StepField } from '../common/StepField';
import { TranslatedField } from '../common/TranslatedField';
import type { Task } from '../types';
import { AssigneeField } from './AssigneeField';
import { CustomerCell } from './CustomerCell';
import { DueField } from './DueField';
import { TaskTitleField } from './TaskTitleField';

const TaskBody = bodyWithRowTestIds('task-row');

// Overdue open tasks in red, as the manuals ask ("my orders ... overdue ones in red").
const overdueInRed = (task: Task) =>
  task.overdue && task.state === 'open'
    ? {
        // MUI's error.main (#d32f2f), faint enough to read the row on.
        backgroundColor: 'rgba(211, 47, 47, 0.08)',
        '& td': { color: 'error.main' },
      }
    : {};

/** The columns of both task lists, 待办 and 我已办. Only the API's sort fields are sortable. */
export const TaskTable = () => (
  <DataTable<Task> rowSx={overdueInRed} body={TaskBody} bulkActionButtons={false}>
    <DataTable.Col source="title" field={TaskTitleField} disableSort />
    <DataTable.Col source="customerName" field={CustomerCell} disableSort />
    <DataTable.Col source="step" field={StepField} disableSort />
    <DataTable.Col source="dueAt" field={DueField} />
    <DataTable.NumberCol source="priority" />
    <DataTable.Col source="assigneeName" field={AssigneeField} disableSort />
    <DataTable.NumberCol source="urgeCount" disableSort />
    <DataTable.Col source="state" disableSort>
      <TranslatedField source="state" prefix="app.task_state" />
    </DataTable.Col>
  </DataTable>
);
