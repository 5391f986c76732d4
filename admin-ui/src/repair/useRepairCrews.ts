import { useCallback, useEffect, useState } from 'react';
import type { RepairCrew } from '../../../domain/contracts/repair';
import { API_URL, httpClient } from '../httpClient';

/** The crew members with their current load (GET /api/repair_crews), and a way to load them again. */
export function useRepairCrews(): { crews: RepairCrew[] | undefined; reload: () => void } {
  const [crews, setCrews] = useState<RepairCrew[]>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void httpClient(`${API_URL}/repair_crews`).then(({ json }) => {
      if (current) setCrews(json as RepairCrew[]);
    });
    return () => {
      current = false;
    };
  }, [round]);
  return { crews, reload: useCallback(() => setRound((n) => n + 1), []) };
}
