import { DataTable } from 'react-admin';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { StepField } from '../common/StepField';
import { TranslatedField } from '../common/TranslatedField';
import { DateTimeField } from '../common/DateTimeField';
import type { Task } from '../types';
import { AssigneeField } from './AssigneeField';
import { TaskBulkActions } from './bulk/TaskBulkActions';
import { CustomerCell } from './CustomerCell';
import { DueField } from './DueField';
import { PriorityField } from './PriorityField';
import { RowActions } from './RowActions';
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

/** Short words and names stay on one line: a narrow column must not stack them a character per line. */
const NOWRAP = { whiteSpace: 'nowrap' } as const;

export type TaskListKind = 'inbox' | 'handled';

/** Where each list keeps the columns its user hid (the column chooser's store key). */
export const taskColumnsStoreKey = (kind: TaskListKind) => `tasks.${kind}.datatable`;

/**
 * The columns of both task lists, 待办 and 我已办. Only the API's sort fields are sortable.
 * The inbox selects rows for bulk actions and has a claim button per row; 我已办 shows when
 * each task was finished.
 */
export const TaskTable = ({ kind }: { kind: TaskListKind }) => (
  <DataTable<Task>
    rowSx={overdueInRed}
    body={TaskBody}
    storeKey={taskColumnsStoreKey(kind)}
    bulkActionButtons={kind === 'inbox' ? <TaskBulkActions /> : false}
  >
    <DataTable.Col source="title" field={TaskTitleField} disableSort sx={{ minWidth: 160 }} />
    <DataTable.Col source="customerName" field={CustomerCell} disableSort sx={{ minWidth: 110 }} />
    <DataTable.Col source="step" field={StepField} disableSort sx={NOWRAP} />
    <DataTable.Col source="dueAt" field={DueField} sx={NOWRAP} />
    <DataTable.Col source="priority" field={PriorityField} sx={NOWRAP} />
    <DataTable.Col source="assigneeName" field={AssigneeField} disableSort sx={{ ...NOWRAP, minWidth: 80 }} />
    <DataTable.NumberCol source="urgeCount" disableSort sx={NOWRAP} />
    <DataTable.Col source="state" disableSort sx={NOWRAP}>
      <TranslatedField source="state" prefix="app.task_state" />
    </DataTable.Col>
    {kind === 'handled' && <DataTable.Col source="completedAt" field={DateTimeField} disableSort sx={NOWRAP} />}
    {kind === 'inbox' && <DataTable.Col label="app.task.row_actions" field={RowActions} disableSort sx={NOWRAP} />}
  </DataTable>
);
