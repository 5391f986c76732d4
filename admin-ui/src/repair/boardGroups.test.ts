import { groupForBoard } from './boardGroups';

const order = (orderNo: string, openTaskStep: string | null, priority: 'urgent' | 'high' | 'normal' | 'low', overdue: boolean, openedAt: string) => ({ orderNo, openTaskStep, priority, overdue, openedAt });

describe('groupForBoard', () => {
  it('groups open orders by the step they wait at, overdue first, then by priority and age', () => {
    const groups = groupForBoard([
      order('A', 'repair-dispatch', 'low', false, '2026-12-01T08:00:00Z'),
      order('B', 'repair-dispatch', 'urgent', false, '2026-12-01T09:00:00Z'),
      order('C', 'repair-dispatch', 'low', true, '2026-12-01T10:00:00Z'),
      order('D', 'repair-dispatch', 'urgent', false, '2026-12-01T07:00:00Z'),
      order('E', 'repair-work', 'normal', false, '2026-12-01T07:00:00Z'),
      order('F', null, 'normal', false, '2026-12-01T07:00:00Z'),
      order('G', 'repair-callback', 'normal', false, '2026-12-01T07:00:00Z'),
    ]);
    expect(groups['repair-dispatch'].map((o) => o.orderNo)).toEqual(['C', 'D', 'B', 'A']);
    expect(groups['repair-work'].map((o) => o.orderNo)).toEqual(['E']);
    expect(groups.other.map((o) => o.orderNo)).toEqual(['F', 'G']);
    expect(groups['repair-accept']).toEqual([]);
  });
});
