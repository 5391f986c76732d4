import type { DispatchTarget } from './crews';
import type { FaultCategory } from './policy';

/**
 * A dispatch rule (自动派单): orders of an area whose category it lists go straight to a crew
 * member, or to a crew (班组) whose active members are all offered it; they accept or refuse as
 * after a dispatcher's choice. The dispatcher handles only what no rule places (no rule, the
 * crew member no longer active crew, a crew with nobody active, or a refusal).
 */
export interface DispatchRule {
  /** An area code: the segment (抄表段) of the order's customer. */
  area: string;
  /** Leaf codes, or a parent's code meaning all its children; empty means any category. */
  categories: string[];
  /** A crew member. A rule names exactly one of crewUserId and crewCode (the policy's schema holds it). */
  crewUserId?: number;
  /** A crew (repair_crews.code): designers name a team, not a person's id. */
  crewCode?: string;
}

/** What a rule looks at: the order's area (none without a customer) and its category (a leaf code). */
export interface DispatchFacts {
  area: string | null | undefined;
  category: string;
}

/** Whom a rule sends its orders to; undefined for a rule naming nobody (the schema refuses one). */
export function ruleTarget(rule: DispatchRule): DispatchTarget | undefined {
  if (rule.crewCode !== undefined) return { crewCode: rule.crewCode };
  if (rule.crewUserId !== undefined) return { crewUserId: rule.crewUserId };
  return undefined;
}

/**
 * The first rule, in the policy's order, that places an order, and whom it sends it to;
 * undefined when none does. No zod here: the workflow bundle reads it. `dispatchRules` may be
 * missing from a policy a running workflow read before rules existed; rules read before crews
 * existed name a crew member.
 */
export function matchDispatchRule(
  policy: { dispatchRules?: readonly DispatchRule[]; categories: readonly FaultCategory[] },
  order: DispatchFacts,
): { index: number; rule: DispatchRule; target: DispatchTarget } | undefined {
  if (!order.area) return undefined;
  const parent = policy.categories.find((top) => top.children.some((child) => child.code === order.category))?.code;
  const rules = policy.dispatchRules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    const target = ruleTarget(rule);
    if (rule.area !== order.area || !target) continue;
    if (rule.categories.length === 0 || rule.categories.includes(order.category) || (parent !== undefined && rule.categories.includes(parent))) return { index, rule, target };
  }
  return undefined;
}

/** Every code a rule may list: the tree's parents and leaves. */
export function dispatchableCodes(categories: readonly FaultCategory[]): Set<string> {
  return new Set(categories.flatMap((top) => [top.code, ...top.children.map((child) => child.code)]));
}
