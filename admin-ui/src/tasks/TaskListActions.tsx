import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import { ColumnsButton, ExportButton, FilterButton, ListContextProvider, SavedQueriesList, TopToolbar, useGetIdentity, useListContext } from 'react-admin';
import { taskColumnsStoreKey, type TaskListKind } from './TaskTable';

/** The API answers at most 500 rows a page (api/lists.ts MAX_PAGE): the export asks for no more. */
const EXPORT_MAX = 500;

/**
 * A wide table scrolls inside the list rather than widening the page over the menu: the list
 * takes the width it is given (no min-content of its own), the table scrolls within it.
 */
export const TASK_LIST_SX = { '& .RaList-main': { minWidth: 0, width: 0 }, '& .RaDataTable-tableWrapper': { overflowX: 'auto' } } as const;

/** Filters, the column chooser and the CSV export of a task list. */
export const TaskListActions = ({ kind }: { kind: TaskListKind }) => (
  <TopToolbar>
    <FilterButton />
    <ColumnsButton storeKey={taskColumnsStoreKey(kind)} data-testid="task-columns" />
    <ExportButton maxResults={EXPORT_MAX} data-testid="task-export" />
  </TopToolbar>
);

/**
 * The filters this user saved for this list, beside it. react-admin keeps saved queries by
 * the list's resource; the key names the list and the user, so 待办 and 我已办 and two people
 * sharing a browser each keep their own.
 */
export const SavedTaskQueries = ({ kind }: { kind: TaskListKind }) => {
  const list = useListContext();
  const { identity } = useGetIdentity();
  if (!identity) return null;
  return (
    <ListContextProvider value={{ ...list, resource: `tasks.${kind}.user-${identity.id}` }}>
      <Card sx={{ marginLeft: 2, marginTop: 8, width: 240, flexShrink: 0, alignSelf: 'flex-start', display: { xs: 'none', lg: 'block' } }} data-testid="saved-queries">
        <CardContent>
          <SavedQueriesList />
        </CardContent>
      </Card>
    </ListContextProvider>
  );
};
