import { useCallback, useState } from 'react';
import { useListContext, useRefresh } from 'react-admin';
import { useNotifyApiError } from '../../common/apiErrors';
import type { Task, TaskBulkItemResult } from '../../types';
import { runBulk, type BulkRequest } from '../taskApi';

/** What was done to which tasks: their titles as they were listed, since the list reloads after. */
export interface BulkOutcome {
  action: BulkRequest['action'];
  results: TaskBulkItemResult[];
  tasks: Record<number, Task | undefined>;
}

/**
 * Runs one action on the selected tasks and keeps each task's answer for the result dialog;
 * a refusal of the whole request (not of one task) is shown as an error notification.
 */
export function useBulkTasks() {
  const { selectedIds, data = [], onUnselectItems } = useListContext<Task>();
  const refresh = useRefresh();
  const notifyApiError = useNotifyApiError();
  const [isPending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const selected = data.filter((task) => selectedIds.includes(task.id));

  const run = useCallback(
    async (request: Omit<BulkRequest, 'taskIds'>): Promise<boolean> => {
      const taskIds = selectedIds.map(Number);
      const tasks = Object.fromEntries(data.filter((task) => selectedIds.includes(task.id)).map((task) => [Number(task.id), task]));
      setPending(true);
      try {
        const results = await runBulk({ ...request, taskIds });
        setOutcome({ action: request.action, results, tasks });
        refresh();
        return true;
      } catch (error) {
        notifyApiError(error);
        return false;
      } finally {
        setPending(false);
      }
    },
    [selectedIds, data, refresh, notifyApiError],
  );

  const close = useCallback(() => {
    setOutcome(null);
    onUnselectItems();
  }, [onUnselectItems]);

  return { selectedIds, selected, run, isPending, outcome, close };
}
