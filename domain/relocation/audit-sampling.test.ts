import { AUDIT_RULES, auditDecision, type AuditFacts, type AuditRule } from './audit-sampling';
import { DEFAULT_RELOCATION_POLICY } from './policy';

const policy = DEFAULT_RELOCATION_POLICY.audit;
const plain: AuditFacts = { feeOverridden: false, depositWaived: false, keptNumberAcrossExchanges: false, relocationsIn12Months: 1, agentActing: false };
const never = () => {
  throw new Error('no draw when a rule fires');
};

describe('the audit decision', () => {
  it.each<[AuditRule, Partial<AuditFacts>]>([
    ['fee_overridden', { feeOverridden: true }],
    ['deposit_waived', { depositWaived: true }],
    ['number_kept', { keptNumberAcrossExchanges: true }],
    ['frequent_relocation', { relocationsIn12Months: 3 }],
    ['agent_acting', { agentActing: true }],
  ])('audits by rule %s, without a draw', (rule, facts) => {
    expect(auditDecision({ ...plain, ...facts }, policy, never)).toEqual({ audit: true, reasons: [rule] });
  });

  it('names every rule that fires, in the rules’ order', () => {
    const facts = { feeOverridden: true, depositWaived: true, keptNumberAcrossExchanges: true, relocationsIn12Months: 5, agentActing: true };
    expect(auditDecision(facts, policy, never)).toEqual({ audit: true, reasons: [...AUDIT_RULES] });
  });

  it('counts frequent relocations only above the maximum', () => {
    expect(auditDecision({ ...plain, relocationsIn12Months: 2 }, policy, () => 0.5)).toEqual({ audit: false, reasons: ['pass'], draw: 0.5, share: 0.1 });
    expect(auditDecision({ ...plain, relocationsIn12Months: 1 }, { ...policy, maxRelocationsIn12Months: 0 }, never)).toEqual({ audit: true, reasons: ['frequent_relocation'] });
  });

  it('ignores a rule that is off', () => {
    const off = { ...policy, rules: { ...policy.rules, agent_acting: false } };
    expect(auditDecision({ ...plain, agentActing: true }, off, () => 0.99)).toEqual({ audit: false, reasons: ['pass'], draw: 0.99, share: 0.1 });
    expect(auditDecision({ ...plain, agentActing: true, depositWaived: true }, off, never)).toEqual({ audit: true, reasons: ['deposit_waived'] });
  });

  it.each([
    [0, 0.1, true],
    [0.0999, 0.1, true],
    [0.1, 0.1, false],
    [0.5, 0.1, false],
    [0.999, 1, true],
    [0, 0, false],
  ])('draws %d against share %d: audited %s', (draw, share, audited) => {
    const decision = auditDecision(plain, { ...policy, sampleShare: share }, () => draw);
    expect(decision).toEqual(audited ? { audit: true, reasons: ['sample'], draw, share } : { audit: false, reasons: ['pass'], draw, share });
  });

  it.each([1, -0.1, Number.NaN])('refuses a random source returning %d', (draw) => {
    expect(() => auditDecision(plain, policy, () => draw)).toThrow(RangeError);
  });
});
