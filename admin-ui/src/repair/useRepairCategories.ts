import { useEffect, useState } from 'react';
import type { RepairCategory } from '../../../domain/contracts/repair';
import { API_URL, httpClient } from '../httpClient';

/** The fault category tree in force (GET /api/repair_categories); empty until it arrives. */
export function useRepairCategories(): RepairCategory[] {
  const [tree, setTree] = useState<RepairCategory[]>([]);
  useEffect(() => {
    let current = true;
    void httpClient(`${API_URL}/repair_categories`).then(({ json }) => {
      if (current) setTree(json as RepairCategory[]);
    });
    return () => {
      current = false;
    };
  }, []);
  return tree;
}
