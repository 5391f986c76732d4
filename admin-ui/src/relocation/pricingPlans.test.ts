import { planChoices } from './pricingPlans';

const OFFERED = ['residential-basic', 'residential-senior', 'business-basic'];

describe('planChoices', () => {
  it("offers the policy's plans, with the line's own first when the policy no longer offers it", () => {
    expect(planChoices('residential-senior', OFFERED)).toEqual(OFFERED);
    expect(planChoices('corporate-2020', OFFERED)).toEqual(['corporate-2020', ...OFFERED]);
  });
});
