import { useCallback, useEffect, useState } from 'react';
import type { RepairTeam } from '../../../domain/contracts/repair';
import { API_URL, httpClient } from '../httpClient';

/** The crews (维修班组) with their active members and load (GET /api/repair_teams), and a way to load them again. */
export function useRepairTeams(): { teams: RepairTeam[] | undefined; reload: () => void } {
  const [teams, setTeams] = useState<RepairTeam[]>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void httpClient(`${API_URL}/repair_teams`).then(({ json }) => {
      if (current) setTeams(json as RepairTeam[]);
    });
    return () => {
      current = false;
    };
  }, [round]);
  return { teams, reload: useCallback(() => setRound((n) => n + 1), []) };
}
