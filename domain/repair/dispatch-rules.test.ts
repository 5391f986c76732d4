import { matchDispatchRule, type DispatchRule } from './dispatch-rules';
import { DEFAULT_REPAIR_POLICY } from './policy';

const rules: DispatchRule[] = [
  { area: 'SEG-A', categories: ['meter-box'], crewUserId: 1 },
  { area: 'SEG-A', categories: ['outage'], crewUserId: 2 },
  { area: 'SEG-A', categories: [], crewUserId: 3 },
  { area: 'SEG-B', categories: ['line-down', 'voltage'], crewUserId: 4 },
];
const policy = { ...DEFAULT_REPAIR_POLICY, dispatchRules: rules };

describe('dispatch rules', () => {
  it.each([
    ['a listed leaf', 'SEG-A', 'meter-box', 0],
    ['a leaf of a listed parent', 'SEG-A', 'outage-area', 1],
    ['any category (an empty list), after the narrower rules', 'SEG-A', 'meter-broken', 2],
    ['one of several codes', 'SEG-B', 'line-down', 3],
    ['a parent listed among leaves', 'SEG-B', 'voltage-low', 3],
    ['no rule for the category in its area', 'SEG-B', 'meter-box', undefined],
    ['no rule for the area', 'SEG-C', 'meter-box', undefined],
    ['no area (an order without a customer)', null, 'meter-box', undefined],
    ['an unknown category, in an area with no catch-all', 'SEG-B', 'street-light', undefined],
    ['an area differing only in case', 'seg-a', 'meter-box', undefined],
  ] as const)('%s: %s %s → rule %s', (_what, area, category, index) => {
    const matched = matchDispatchRule(policy, { area, category });
    expect(matched?.index).toBe(index);
    if (index !== undefined) expect(matched?.rule).toBe(rules[index]);
  });

  it('places nothing under a policy without rules, or one read before rules existed', () => {
    expect(matchDispatchRule(DEFAULT_REPAIR_POLICY, { area: 'SEG-A', category: 'meter-box' })).toBeUndefined();
    expect(matchDispatchRule({ categories: DEFAULT_REPAIR_POLICY.categories }, { area: 'SEG-A', category: 'meter-box' })).toBeUndefined();
  });

  it('takes the first matching rule in the order the designer listed them', () => {
    const reversed = { ...policy, dispatchRules: [rules[2]!, rules[0]!] };
    expect(matchDispatchRule(reversed, { area: 'SEG-A', category: 'meter-box' })).toEqual({ index: 0, rule: rules[2] });
  });
});
