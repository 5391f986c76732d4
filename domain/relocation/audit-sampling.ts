/**
 * Which relocation orders an auditor checks (稽核). Rules (each switchable) mark the risky
 * ones; a designer-set share of the rest is drawn at random; the others pass by themselves.
 * Every decision says why, so an auditor can see why an order was or was not audited.
 */

export const AUDIT_RULES = ['fee_overridden', 'deposit_waived', 'number_kept', 'frequent_relocation', 'agent_acting'] as const;
export type AuditRule = (typeof AUDIT_RULES)[number];

export interface AuditPolicy {
  /** The share of orders no rule marks that are still audited, 0 to 1. */
  sampleShare: number;
  /** More relocations of one line than this within 12 months fires `frequent_relocation`. */
  maxRelocationsIn12Months: number;
  /** Which rules are on. */
  rules: Record<AuditRule, boolean>;
}

export interface AuditFacts {
  feeOverridden: boolean;
  depositWaived: boolean;
  keptNumberAcrossExchanges: boolean;
  /** Relocations of this line in the 12 months up to this order, this order included. */
  relocationsIn12Months: number;
  /** Someone acts for the customer (代办人). */
  agentActing: boolean;
}

export type AuditDecision =
  | { audit: true; reasons: AuditRule[] }
  | { audit: true; reasons: ['sample']; draw: number; share: number }
  | { audit: false; reasons: ['pass']; draw: number; share: number };

const FIRES: Record<AuditRule, (facts: AuditFacts, policy: AuditPolicy) => boolean> = {
  fee_overridden: (facts) => facts.feeOverridden,
  deposit_waived: (facts) => facts.depositWaived,
  number_kept: (facts) => facts.keptNumberAcrossExchanges,
  frequent_relocation: (facts, policy) => facts.relocationsIn12Months > policy.maxRelocationsIn12Months,
  agent_acting: (facts) => facts.agentActing,
};

/**
 * Audit or not, and why: every enabled rule that fires (no draw then), else a draw from
 * `random` (Math.random, or the workflow's deterministic one) below the share.
 */
export function auditDecision(facts: AuditFacts, policy: AuditPolicy, random: () => number): AuditDecision {
  const fired = AUDIT_RULES.filter((rule) => policy.rules[rule] && FIRES[rule](facts, policy));
  if (fired.length > 0) return { audit: true, reasons: fired };
  const draw = random();
  if (!(draw >= 0 && draw < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${draw}`);
  const share = policy.sampleShare;
  return draw < share ? { audit: true, reasons: ['sample'], draw, share } : { audit: false, reasons: ['pass'], draw, share };
}
