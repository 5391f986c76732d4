import type { FaultCategory } from './policy';

/**
 * A leaf of the fault category tree (what an order is filed under), with its parent; undefined
 * for an unknown code or a top-level one. No zod here: the workflow bundle reads it too.
 */
export function findCategory(tree: { categories: readonly FaultCategory[] }, leafCode: string): { parent: FaultCategory; leaf: { code: string; name: string } } | undefined {
  for (const parent of tree.categories) {
    const leaf = parent.children.find((child) => child.code === leafCode);
    if (leaf) return { parent, leaf };
  }
  return undefined;
}
