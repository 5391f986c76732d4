import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { GridflowDataProvider } from '../dataProvider';
import type { Dashboard } from '../types';

/** GET /api/dashboard once per visit of the page. */
export function useDashboard(): { data?: Dashboard; error?: unknown } {
  const dataProvider = useDataProvider<GridflowDataProvider>();
  const [state, setState] = useState<{ data?: Dashboard; error?: unknown }>({});
  useEffect(() => {
    let current = true;
    dataProvider.getDashboard().then(
      ({ data }) => current && setState({ data }),
      (error: unknown) => current && setState({ error }),
    );
    return () => {
      current = false;
    };
  }, [dataProvider]);
  return state;
}
