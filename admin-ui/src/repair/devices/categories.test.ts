import type { RepairCategory } from '../../../../domain/contracts/repair';
import { categoryWords, leafChoices, treeChoices } from './categories';

const TREE: RepairCategory[] = [
  { code: 'outage', name: '停电', children: [{ code: 'outage-single', name: '单户停电' }, { code: 'outage-area', name: '片区停电' }] },
  { code: 'lamps', name: '路灯', children: [] },
  { code: 'line', name: '线路', children: [{ code: 'line-down', name: '断线' }] },
];
// The catalog knows the default tree's codes; a designer's own code falls back to the policy's name.
const CATALOG: Record<string, string> = { outage: 'Outage', 'outage-area': 'Area outage', 'outage-single': 'Single-household outage' };
const label = (code: string, name?: string | null) => CATALOG[code] ?? name ?? code;

describe('the alarm map’s fault categories', () => {
  it.each([
    ['a leaf, with its parent', 'outage-area', 'Outage / Area outage'],
    ['a leaf the catalog lacks, by the policy’s names', 'line-down', '线路 / 断线'],
    ['a top-level category alone', 'lamps', '路灯'],
    ['a code the tree no longer has, as it is', 'gone-code', 'gone-code'],
  ])('words %s', (_name, code, words) => {
    expect(categoryWords(TREE, label, code)).toBe(words);
  });

  it('offers only leaves to filter by, in the tree’s order', () => {
    expect(leafChoices(TREE, label)).toEqual([
      { id: 'outage-single', name: 'Outage / Single-household outage' },
      { id: 'outage-area', name: 'Outage / Area outage' },
      { id: 'line-down', name: '线路 / 断线' },
    ]);
  });

  it('lists the tree in the form with the top-level categories as headings that cannot be chosen', () => {
    expect(treeChoices(TREE, label)).toEqual([
      { id: 'group:outage', name: 'Outage', disabled: true },
      { id: 'outage-single', name: 'Outage / Single-household outage' },
      { id: 'outage-area', name: 'Outage / Area outage' },
      { id: 'group:lamps', name: '路灯', disabled: true },
      { id: 'group:line', name: '线路', disabled: true },
      { id: 'line-down', name: '线路 / 断线' },
    ]);
  });

  it.each([
    ['a leaf in force: no extra choice', 'line-down', 6],
    ['a code gone from the tree: kept as a choice', 'gone-code', 7],
    ['a top-level code: kept as a choosable choice (the heading stays disabled)', 'lamps', 7],
    ['nothing yet (a new device)', undefined, 6],
  ])('keeps a device’s current category: %s', (_name, current, count) => {
    const choices = treeChoices(TREE, label, current);
    expect(choices).toHaveLength(count);
    if (current) expect(choices.filter((choice) => choice.id === current && !choice.disabled)).toHaveLength(1);
  });

  it('adds nothing while the tree has not arrived', () => {
    expect(treeChoices([], label, 'outage-area')).toEqual([]);
  });
});
