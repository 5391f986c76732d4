/**
 * The pricing plans (资费套餐) the catalogs word: the demo's lines' plans. There is no table of
 * plans yet; a plan not listed here shows and is kept as its code.
 */
export const PRICING_PLANS = ['residential-basic', 'residential-senior', 'business-basic'] as const;
export type PricingPlan = (typeof PRICING_PLANS)[number];

/** The plans a clerk may choose for a line: the listed ones, and the line's own when it is not listed. */
export function planChoices(current: string): string[] {
  return (PRICING_PLANS as readonly string[]).includes(current) ? [...PRICING_PLANS] : [current, ...PRICING_PLANS];
}
