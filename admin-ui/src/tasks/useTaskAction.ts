import { useCallback, useState } from 'react';
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import { useNotifyApiError } from '../common/apiErrors';
import type { GridflowDataProvider } from '../dataProvider';

/**
 * Runs one task action against the API: says so when it worked, shows the API's reason when
 * it was refused (400/403/409), and reloads what is on screen. Answers whether it worked.
 */
export function useTaskAction() {
  const dataProvider = useDataProvider<GridflowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const notifyApiError = useNotifyApiError();
  const [isPending, setPending] = useState(false);

  const run = useCallback(
    async (call: (api: GridflowDataProvider) => Promise<unknown>, doneMessage: string): Promise<boolean> => {
      setPending(true);
      try {
        await call(dataProvider);
        notify(doneMessage, { type: 'success' });
        refresh();
        return true;
      } catch (error) {
        notifyApiError(error);
        return false;
      } finally {
        setPending(false);
      }
    },
    [dataProvider, notify, notifyApiError, refresh],
  );

  return { run, isPending };
}
