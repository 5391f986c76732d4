import type { RepairCategory } from '../../../../domain/contracts/repair';

/** A category code in the user's language (useCategoryLabel in ../fields.tsx). */
export type CategoryLabel = (code: string, name?: string | null) => string;

export interface CategoryChoice {
  id: string;
  name: string;
  /** A top-level category: a heading of the list, never chosen (the alarm map takes leaves only). */
  disabled?: boolean;
}

/** "Metering equipment / Meter box fault" for a leaf, as CategoryField shows an order's; a code the tree lacks by its catalog label. */
export function categoryWords(tree: readonly RepairCategory[], label: CategoryLabel, code: string): string {
  for (const group of tree) {
    if (group.code === code) return label(group.code, group.name);
    const leaf = group.children.find((child) => child.code === code);
    if (leaf) return `${label(group.code, group.name)} / ${label(leaf.code, leaf.name)}`;
  }
  return label(code);
}

/** The leaves of the tree, each with its parent's name: the list's category filter. */
export function leafChoices(tree: readonly RepairCategory[], label: CategoryLabel): CategoryChoice[] {
  return tree.flatMap((group) => group.children.map((leaf) => ({ id: leaf.code, name: categoryWords(tree, label, leaf.code) })));
}

/**
 * The form's choices: each top-level category as a heading that cannot be chosen, its leaves
 * under it. A device's current category that the tree in force no longer has stays listed, so
 * the form shows it and can be saved unchanged.
 */
export function treeChoices(tree: readonly RepairCategory[], label: CategoryLabel, current?: string): CategoryChoice[] {
  const choices = tree.flatMap((group) => [{ id: `group:${group.code}`, name: label(group.code, group.name), disabled: true }, ...leafChoices([group], label)]);
  if (current && tree.length > 0 && !choices.some((choice) => choice.id === current && !choice.disabled)) choices.push({ id: current, name: categoryWords(tree, label, current) });
  return choices;
}
