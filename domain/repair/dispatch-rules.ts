import type { FaultCategory } from './policy';

/**
 * A dispatch rule (自动派单): orders of an area whose category it lists go straight to a crew
 * member, who accepts or refuses as after a dispatcher's choice. The dispatcher handles only
 * what no rule places (no rule, the crew member no longer active crew, or a refusal).
 */
export interface DispatchRule {
  /** An area code: the segment (抄表段) of the order's customer. */
  area: string;
  /** Leaf codes, or a parent's code meaning all its children; empty means any category. */
  categories: string[];
  crewUserId: number;
}

/** What a rule looks at: the order's area (none without a customer) and its category (a leaf code). */
export interface DispatchFacts {
  area: string | null | undefined;
  category: string;
}

/**
 * The first rule, in the policy's order, that places an order; undefined when none does.
 * No zod here: the workflow bundle reads it. `dispatchRules` may be missing from a policy a
 * running workflow read before rules existed.
 */
export function matchDispatchRule(
  policy: { dispatchRules?: readonly DispatchRule[]; categories: readonly FaultCategory[] },
  order: DispatchFacts,
): { index: number; rule: DispatchRule } | undefined {
  if (!order.area) return undefined;
  const parent = policy.categories.find((top) => top.children.some((child) => child.code === order.category))?.code;
  const rules = policy.dispatchRules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.area !== order.area) continue;
    if (rule.categories.length === 0 || rule.categories.includes(order.category) || (parent !== undefined && rule.categories.includes(parent))) return { index, rule };
  }
  return undefined;
}

/** Every code a rule may list: the tree's parents and leaves. */
export function dispatchableCodes(categories: readonly FaultCategory[]): Set<string> {
  return new Set(categories.flatMap((top) => [top.code, ...top.children.map((child) => child.code)]));
}
