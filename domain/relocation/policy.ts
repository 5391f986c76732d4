import { z } from 'zod/v4';
import { humanStepSchema, policyRefusal, strictGroup, wholeNumber } from '../policies/schema-parts';
import type { HumanStepPolicy } from '../tasks/escalation';
import { APPOINTMENT_MAX_DAYS_AHEAD } from './appointment';
import { AUDIT_RULES, type AuditPolicy, type AuditRule } from './audit-sampling';
import type { LineType, RelocationFeePolicy } from './fees';

/**
 * Every figure of telephone line relocation (市话移机, domain brief §4) is a parameter; the
 * order workflow reads the policy once when it starts, so a change applies to orders opened
 * afterwards. Money in fen.
 */

/** A time slot of an installation team's day (预约时间段) and how many jobs it takes. */
export interface AppointmentSlot {
  code: string;
  capacity: number;
}

/** The people's steps of an order: the clerk's fix after a rejection, the cashier, the auditor, the installation team. */
export const RELOCATION_HUMAN_STEPS = ['acceptanceFix', 'payment', 'audit', 'installation'] as const;
export type RelocationHumanStep = (typeof RELOCATION_HUMAN_STEPS)[number];

export interface RelocationPolicy {
  fees: RelocationFeePolicy;
  /** A customer from outside the area without a local guarantor pays this deposit (担保金). */
  outsideAreaDepositFen: Record<LineType, number>;
  numbers: {
    /** A number chosen for an open order is released after this long. */
    reservationMinutes: number;
    /** A released number is not offered again for this many days. */
    quarantineDays: number;
  };
  /** A number-change announcement (改号通知) ends by itself after this many days. */
  announcementDays: number;
  /** The slots of every installation team's day, each with its capacity per team. */
  appointmentSlots: AppointmentSlot[];
  /** How many days ahead a clerk may book an installation team (and a reschedule may move to). */
  appointmentDaysAhead: number;
  /**
   * The pricing plans (资费套餐) a clerk may move a line to, by code (the catalogs word the
   * known ones). A line keeps its own plan even when it is not listed.
   */
  pricingPlans: string[];
  audit: AuditPolicy;
  steps: Record<RelocationHumanStep, HumanStepPolicy>;
}

const TO_SUPERVISOR: HumanStepPolicy['onOverdue'] = [{ notify: 'supervisor' }];

export const DEFAULT_RELOCATION_POLICY: RelocationPolicy = {
  fees: { labourFen: 12_000, announcementFen: 3_000, keepNumberFen: { A: 3_000, B: 7_000 } },
  outsideAreaDepositFen: { A: 100_000, B: 300_000 },
  numbers: { reservationMinutes: 3 * 24 * 60, quarantineDays: 90 },
  announcementDays: 90,
  appointmentSlots: [
    { code: 'am', capacity: 4 },
    { code: 'pm', capacity: 4 },
  ],
  appointmentDaysAhead: APPOINTMENT_MAX_DAYS_AHEAD,
  pricingPlans: ['residential-basic', 'residential-senior', 'business-basic'],
  audit: {
    sampleShare: 0.1,
    maxRelocationsIn12Months: 2,
    rules: { fee_overridden: true, deposit_waived: true, number_kept: true, frequent_relocation: true, agent_acting: true },
  },
  steps: {
    acceptanceFix: { slaMinutes: 24 * 60, onOverdue: TO_SUPERVISOR },
    payment: { slaMinutes: 24 * 60, onOverdue: TO_SUPERVISOR },
    audit: { slaMinutes: 24 * 60, onOverdue: TO_SUPERVISOR },
    installation: { slaMinutes: 3 * 24 * 60, onOverdue: TO_SUPERVISOR },
  },
};

export class InvalidRelocationPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRelocationPolicyError';
  }
}

const d = DEFAULT_RELOCATION_POLICY;
/** At most 100,000 CNY for any one figure. */
const fen = wholeNumber(0, 10_000_000);
const byLineType = (defaults: Record<LineType, number>) => strictGroup({ A: fen.default(defaults.A), B: fen.default(defaults.B) }).prefault({});
const step = (defaults: HumanStepPolicy) => strictGroup(humanStepSchema(), 'must be an object {slaMinutes, onOverdue}').prefault(() => structuredClone(defaults));
const shareError = (iss: { input?: unknown }) => `must be a number from 0 to 1, got ${JSON.stringify(iss.input)}`;
const slotCode = z.string({ error: 'must be a code of lower-case letters, digits and -' }).regex(/^[a-z][a-z0-9-]{0,19}$/, { error: 'must be a code of lower-case letters, digits and -' });
const planCode = z.string({ error: 'must be a code of lower-case letters, digits and -' }).regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be a code of lower-case letters, digits and -' });
const ruleSwitches = Object.fromEntries(AUDIT_RULES.map((rule) => [rule, z.boolean({ error: 'must be true or false' }).default(d.audit.rules[rule])])) as Record<AuditRule, z.ZodDefault<z.ZodBoolean>>;

/** The relocation policy as designers write it: every field optional, missing ones take the defaults above. */
export const relocationPolicySchema: z.ZodType<RelocationPolicy, unknown> = strictGroup({
  fees: strictGroup({
    labourFen: fen.default(d.fees.labourFen),
    announcementFen: fen.default(d.fees.announcementFen),
    keepNumberFen: byLineType(d.fees.keepNumberFen),
  }).prefault({}),
  outsideAreaDepositFen: byLineType(d.outsideAreaDepositFen),
  numbers: strictGroup({
    reservationMinutes: wholeNumber(1, 30 * 24 * 60).default(d.numbers.reservationMinutes),
    quarantineDays: wholeNumber(0, 3650).default(d.numbers.quarantineDays),
  }).prefault({}),
  announcementDays: wholeNumber(1, 3650).default(d.announcementDays),
  appointmentSlots: z
    .array(strictGroup({ code: slotCode, capacity: wholeNumber(1, 1000) }), { error: 'must be a list' })
    .min(1, { error: 'must list at least one slot' })
    .refine((slots) => new Set(slots.map((slot) => slot.code)).size === slots.length, { error: ': every slot code must be unique' })
    .prefault(() => structuredClone(d.appointmentSlots)),
  appointmentDaysAhead: wholeNumber(1, 365).default(d.appointmentDaysAhead),
  pricingPlans: z
    .array(planCode, { error: 'must be a list' })
    .min(1, { error: 'must list at least one plan' })
    .max(100, { error: 'must list at most 100 plans' })
    .refine((plans) => new Set(plans).size === plans.length, { error: ': every plan code must be unique' })
    .prefault(() => [...d.pricingPlans]),
  audit: strictGroup({
    sampleShare: z.number({ error: shareError }).min(0, { error: shareError }).max(1, { error: shareError }).default(d.audit.sampleShare),
    maxRelocationsIn12Months: wholeNumber(0, 100).default(d.audit.maxRelocationsIn12Months),
    rules: strictGroup(ruleSwitches).prefault({}),
  }).prefault({}),
  steps: strictGroup({
    acceptanceFix: step(d.steps.acceptanceFix),
    payment: step(d.steps.payment),
    audit: step(d.steps.audit),
    installation: step(d.steps.installation),
  }).prefault({}),
});

/** Validates a stored policy; missing fields take the defaults. */
export function parseRelocationPolicy(raw: unknown): RelocationPolicy {
  const parsed = relocationPolicySchema.safeParse(raw ?? {});
  if (!parsed.success) throw new InvalidRelocationPolicyError(policyRefusal(parsed.error.issues, 'relocation policy'));
  return parsed.data;
}
