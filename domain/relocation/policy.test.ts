import { DEFAULT_RELOCATION_POLICY, InvalidRelocationPolicyError, parseRelocationPolicy } from './policy';

describe('the relocation policy', () => {
  it('ships the manual’s figures in fen and the product’s defaults', () => {
    const policy = parseRelocationPolicy({});
    expect(policy).toEqual(DEFAULT_RELOCATION_POLICY);
    expect(policy.fees).toEqual({ labourFen: 12000, announcementFen: 3000, keepNumberFen: { A: 3000, B: 7000 } });
    expect(policy.outsideAreaDepositFen).toEqual({ A: 100000, B: 300000 });
    expect(policy.numbers).toEqual({ reservationMinutes: 3 * 24 * 60, quarantineDays: 90 });
    expect(policy.announcementDays).toBe(90);
    expect(policy.appointmentSlots.map((slot) => slot.code)).toEqual(['am', 'pm']);
    expect(policy.appointmentDaysAhead).toBe(60);
    expect(policy.pricingPlans).toEqual(['residential-basic', 'residential-senior', 'business-basic']);
    expect(policy.audit).toMatchObject({ sampleShare: 0.1, maxRelocationsIn12Months: 2 });
    expect(Object.values(policy.audit.rules).every(Boolean)).toBe(true);
    expect(parseRelocationPolicy(null)).toEqual(DEFAULT_RELOCATION_POLICY);
  });

  it('takes overrides and keeps the rest', () => {
    const policy = parseRelocationPolicy({
      fees: { keepNumberFen: { B: 8000 } },
      audit: { sampleShare: 0, rules: { agent_acting: false } },
      steps: { audit: { slaMinutes: 60 } },
      appointmentSlots: [{ code: 'morning', capacity: 2 }],
      appointmentDaysAhead: 30,
      pricingPlans: ['residential-basic', 'fibre-500'],
    });
    expect(policy.appointmentDaysAhead).toBe(30);
    expect(policy.pricingPlans).toEqual(['residential-basic', 'fibre-500']);
    expect(policy.fees).toEqual({ labourFen: 12000, announcementFen: 3000, keepNumberFen: { A: 3000, B: 8000 } });
    expect(policy.audit).toEqual({ ...DEFAULT_RELOCATION_POLICY.audit, sampleShare: 0, rules: { ...DEFAULT_RELOCATION_POLICY.audit.rules, agent_acting: false } });
    expect(policy.steps.audit).toEqual({ slaMinutes: 60, onOverdue: [] });
    expect(policy.steps.payment).toEqual(DEFAULT_RELOCATION_POLICY.steps.payment);
    expect(policy.appointmentSlots).toEqual([{ code: 'morning', capacity: 2 }]);
  });

  it.each([
    [{ fees: { labourFen: -1 } }, 'fees.labourFen must be a whole number from 0 to 10000000, got -1'],
    [{ fees: { labourFen: 120.5 } }, 'fees.labourFen must be a whole number'],
    [{ fees: { keepNumberFen: { C: 100 } } }, 'fees.keepNumberFen has unknown field(s) C'],
    [{ outsideAreaDepositFen: { A: '1000' } }, 'outsideAreaDepositFen.A must be a whole number'],
    [{ numbers: { reservationMinutes: 0 } }, 'numbers.reservationMinutes'],
    [{ numbers: { quarantineDays: -1 } }, 'numbers.quarantineDays'],
    [{ announcementDays: 0 }, 'announcementDays'],
    [{ appointmentSlots: [] }, 'appointmentSlots must list at least one slot'],
    [{ appointmentSlots: [{ code: 'am', capacity: 1 }, { code: 'am', capacity: 2 }] }, 'appointmentSlots: every slot code must be unique'],
    [{ appointmentSlots: [{ code: 'AM', capacity: 1 }] }, 'appointmentSlots[0].code must be a code'],
    [{ appointmentSlots: [{ code: 'am', capacity: 0 }] }, 'appointmentSlots[0].capacity'],
    [{ appointmentDaysAhead: 0 }, 'appointmentDaysAhead'],
    [{ appointmentDaysAhead: 366 }, 'appointmentDaysAhead'],
    [{ pricingPlans: [] }, 'pricingPlans must list at least one plan'],
    [{ pricingPlans: ['basic', 'basic'] }, 'pricingPlans: every plan code must be unique'],
    [{ pricingPlans: ['__proto__'] }, 'pricingPlans[0] must be a code'],
    [{ pricingPlans: 'basic' }, 'pricingPlans must be a list'],
    [{ audit: { sampleShare: 1.5 } }, 'audit.sampleShare must be a number from 0 to 1, got 1.5'],
    [{ audit: { sampleShare: '10%' } }, 'audit.sampleShare must be a number from 0 to 1'],
    [{ audit: { maxRelocationsIn12Months: -1 } }, 'audit.maxRelocationsIn12Months'],
    [{ audit: { rules: { fee_override: true } } }, 'audit.rules has unknown field(s) fee_override'],
    [{ audit: { rules: { agent_acting: 'no' } } }, 'audit.rules.agent_acting must be true or false'],
    [{ steps: { installation: { slaMinutes: 0 } } }, 'steps.installation.slaMinutes'],
    [{ steps: { review: { slaMinutes: 10 } } }, 'steps has unknown field(s) review'],
    [{ steps: { payment: { slaMinutes: 10, onOverdue: [{ notify: 'boss' }] } } }, 'steps.payment.onOverdue[0]'],
    [{ fee: {} }, 'relocation policy has unknown field(s) fee'],
    ['cheap', 'relocation policy must be an object'],
  ])('refuses %j', (raw, message) => {
    expect(() => parseRelocationPolicy(raw)).toThrow(InvalidRelocationPolicyError);
    expect(() => parseRelocationPolicy(raw)).toThrow(message);
  });

  it('does not share the defaults’ lists with a parsed policy', () => {
    const policy = parseRelocationPolicy({});
    policy.appointmentSlots.push({ code: 'eve', capacity: 1 });
    policy.pricingPlans.push('fibre-500');
    policy.steps.audit.onOverdue.push({ reassignTo: 'supervisor' });
    expect(DEFAULT_RELOCATION_POLICY.appointmentSlots).toHaveLength(2);
    expect(DEFAULT_RELOCATION_POLICY.pricingPlans).toHaveLength(3);
    expect(DEFAULT_RELOCATION_POLICY.steps.audit.onOverdue).toHaveLength(1);
  });
});
