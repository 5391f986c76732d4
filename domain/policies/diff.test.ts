import { DEFAULT_DISCONNECTION_POLICY } from '../disconnection/policy';
import { diffPolicies, sameValue } from './diff';

const base = structuredClone(DEFAULT_DISCONNECTION_POLICY);

describe('diffPolicies', () => {
  it('finds nothing between equal policies, whatever the order of their fields', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse());
    expect(diffPolicies(base, reordered)).toEqual([]);
    expect(sameValue(base, reordered)).toBe(true);
  });

  it('names each changed field by its path, nested groups included', () => {
    const next = { ...base, preNoticeMinutes: 2880, forbiddenWindows: { ...base.forbiddenWindows, dailyCutoff: '15:00' } };
    expect(diffPolicies(base, next)).toEqual([
      { path: ['forbiddenWindows', 'dailyCutoff'], from: '16:00', to: '15:00' },
      { path: ['preNoticeMinutes'], from: 1440, to: 2880 },
    ]);
  });

  it('compares a list of objects of the same length item by item', () => {
    const next = { ...base, approvalLevels: [{ ...base.approvalLevels[0]!, slaMinutes: 60 }] };
    expect(diffPolicies(base, next)).toEqual([{ path: ['approvalLevels', '0', 'slaMinutes'], from: 480, to: 60 }]);
  });

  it('shows any other changed list whole: a level added, a holiday removed', () => {
    const level = { name: 'Office head', approverRoles: ['approver' as const], slaMinutes: 60, onOverdue: [] };
    const added = { ...base, approvalLevels: [...base.approvalLevels, level] };
    expect(diffPolicies(base, added)).toEqual([{ path: ['approvalLevels'], from: base.approvalLevels, to: added.approvalLevels }]);
    const holidays = base.forbiddenWindows.holidays.slice(1);
    expect(diffPolicies(base, { ...base, forbiddenWindows: { ...base.forbiddenWindows, holidays } })).toEqual([
      { path: ['forbiddenWindows', 'holidays'], from: base.forbiddenWindows.holidays, to: holidays },
    ]);
  });

  it('reports a field that appears or disappears, and a first version against nothing as one change at the root', () => {
    expect(diffPolicies({ a: 1 }, { a: 1, b: 2 })).toEqual([{ path: ['b'], from: undefined, to: 2 }]);
    expect(diffPolicies({ a: 1, b: 2 }, { a: 1 })).toEqual([{ path: ['b'], from: 2, to: undefined }]);
    expect(diffPolicies(undefined, { a: 1 })).toEqual([{ path: [], from: undefined, to: { a: 1 } }]);
  });
});
