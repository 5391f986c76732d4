import { matchDispatchRule, ruleTarget, type DispatchRule } from './dispatch-rules';
import { DEFAULT_REPAIR_POLICY } from './policy';

const rules: DispatchRule[] = [
  { area: 'SEG-A', categories: ['meter-box'], crewUserId: 1 },
  { area: 'SEG-A', categories: ['outage'], crewUserId: 2 },
  { area: 'SEG-A', categories: [], crewUserId: 3 },
  { area: 'SEG-B', categories: ['line-down', 'voltage'], crewUserId: 4 },
  // Rules naming a crew (班组) instead of a person.
  { area: 'SEG-C', categories: ['line'], crewCode: 'east-1' },
  { area: 'SEG-C', categories: [], crewCode: 'west' },
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
    ['no rule for the area', 'SEG-D', 'meter-box', undefined],
    ['no area (an order without a customer)', null, 'meter-box', undefined],
    ['an unknown category, in an area with no catch-all', 'SEG-B', 'street-light', undefined],
    ['an area differing only in case', 'seg-a', 'meter-box', undefined],
    ["a crew's rule, by a parent category", 'SEG-C', 'line-sparking', 4],
    ["a crew's catch-all, after its narrower rule", 'SEG-C', 'meter-box', 5],
  ] as const)('%s: %s %s → rule %s', (_what, area, category, index) => {
    const matched = matchDispatchRule(policy, { area, category });
    expect(matched?.index).toBe(index);
    if (index !== undefined) expect(matched?.rule).toBe(rules[index]);
  });

  it.each([
    ['a crew member', 'SEG-A', 'meter-box', { crewUserId: 1 }],
    ['a crew', 'SEG-C', 'line-down', { crewCode: 'east-1' }],
    ['another crew', 'SEG-C', 'voltage-low', { crewCode: 'west' }],
  ] as const)('sends the order where its rule says: %s', (_what, area, category, target) => {
    expect(matchDispatchRule(policy, { area, category })?.target).toEqual(target);
  });

  it('places nothing under a policy without rules, or one read before rules existed', () => {
    expect(matchDispatchRule(DEFAULT_REPAIR_POLICY, { area: 'SEG-A', category: 'meter-box' })).toBeUndefined();
    expect(matchDispatchRule({ categories: DEFAULT_REPAIR_POLICY.categories }, { area: 'SEG-A', category: 'meter-box' })).toBeUndefined();
  });

  it('takes the first matching rule in the order the designer listed them', () => {
    const reversed = { ...policy, dispatchRules: [rules[2]!, rules[0]!] };
    expect(matchDispatchRule(reversed, { area: 'SEG-A', category: 'meter-box' })).toEqual({ index: 0, rule: rules[2], target: { crewUserId: 3 } });
  });

  it('passes over a rule naming nobody (the schema refuses one) to the next', () => {
    const nobody: DispatchRule = { area: 'SEG-A', categories: [] };
    expect(ruleTarget(nobody)).toBeUndefined();
    expect(matchDispatchRule({ ...policy, dispatchRules: [nobody, rules[0]!] }, { area: 'SEG-A', category: 'meter-box' })).toEqual({ index: 1, rule: rules[0], target: { crewUserId: 1 } });
  });
});
