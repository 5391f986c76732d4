import type { RepairOrder } from '../../../domain/contracts/repair';

/** The board's columns: the step each open order waits at, in the order work flows. */
export const BOARD_GROUPS = ['repair-dispatch', 'repair-accept', 'repair-work', 'repair-compensation', 'repair-close', 'other'] as const;
export type BoardGroup = (typeof BOARD_GROUPS)[number];

const PRIORITY_RANK: Record<RepairOrder['priority'], number> = { urgent: 0, high: 1, normal: 2, low: 3 };

type BoardOrder = Pick<RepairOrder, 'openTaskStep' | 'overdue' | 'priority' | 'openedAt'>;

/** Open orders by the step they wait at; in each, overdue first, then by priority, then the oldest. */
export function groupForBoard<T extends BoardOrder>(orders: T[]): Record<BoardGroup, T[]> {
  const groups = Object.fromEntries(BOARD_GROUPS.map((group) => [group, [] as T[]])) as Record<BoardGroup, T[]>;
  for (const order of orders) {
    const group = (BOARD_GROUPS as readonly string[]).includes(order.openTaskStep ?? '') ? (order.openTaskStep as BoardGroup) : 'other';
    groups[group].push(order);
  }
  for (const list of Object.values(groups)) {
    list.sort((a, b) => Number(b.overdue) - Number(a.overdue) || PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.openedAt.localeCompare(b.openedAt));
  }
  return groups;
}
