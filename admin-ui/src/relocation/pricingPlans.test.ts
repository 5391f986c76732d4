import { planChoices, PRICING_PLANS } from './pricingPlans';

describe('planChoices', () => {
  it('offers the worded plans, the line’s own first when it is not one of them', () => {
    expect(planChoices('residential-senior')).toEqual([...PRICING_PLANS]);
    expect(planChoices('corporate-2020')).toEqual(['corporate-2020', ...PRICING_PLANS]);
  });
});
