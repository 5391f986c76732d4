import { z } from 'zod/v4';
import { escalationActionSchema, humanStepSchema, policyRefusal, strictGroup, templateText, wholeNumber } from '../policies/schema-parts';
import type { EscalationAction, HumanStepPolicy } from '../tasks/escalation';
import { CREW_CODE_PATTERN } from './crews';
import { dispatchableCodes, type DispatchRule } from './dispatch-rules';
import { DEFAULT_RATING_SMS_TEMPLATE, RATING_SMS_PLACEHOLDERS } from './rating-sms';

/**
 * Every figure of repair dispatch is a parameter (domain brief §3); the order workflow reads
 * the policy once when it starts and carries it, so a change applies to orders opened afterwards.
 */
export const REPAIR_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type RepairPriority = (typeof REPAIR_PRIORITIES)[number];

/** Minutes from intake for each SLA stage: someone responds (accepts), arrives, fixes it. */
export interface RepairSla {
  responseMinutes: number;
  arrivalMinutes: number;
  fixMinutes: number;
}

/** The fault category tree (故障分类): two levels, codes stored on the order, names for people. */
export interface FaultCategory {
  code: string;
  name: string;
  children: { code: string; name: string }[];
}

export interface RepairPolicy {
  sla: Record<RepairPriority, RepairSla>;
  /** What an overdue step does, level by level (the human-step helper's ladder). */
  onOverdue: EscalationAction[];
  /** The steps with no SLA stage of their own: compensation, close and callback. */
  compensation: HumanStepPolicy;
  close: HumanStepPolicy;
  callback: HumanStepPolicy;
  /** A rating at or below this emits `repair.rated` (the bad-review revisit consumes it). */
  badRatingThreshold: number;
  categories: FaultCategory[];
  urge: {
    /** Repeat urges within this interval are counted but not texted again. */
    quietMinutes: number;
    /** More urges than this within `periodMinutes` notify the handler's supervisor. */
    supervisorAfter: number;
    periodMinutes: number;
    /** The SMS to the order's handler ({orderNo} {place} {urgeCount} {reason}). */
    handlerTemplate: string;
    /** The SMS to the handler's supervisor, once a period ({orderNo} {place} {urgeCount} {handlerName}). */
    supervisorTemplate: string;
  };
  /** Photos of the fault taken in at intake or later: how many per order, how large each. */
  photos: { maxCount: number; maxBytes: number };
  /** Automatic dispatch by area and category, the first matching rule wins (domain/repair/dispatch-rules.ts). */
  dispatchRules: DispatchRule[];
  /** The SMS asking the requester to rate the repair 1–5 once the order is closed ({orderNo} {place}). */
  ratingSmsTemplate: string;
}

const SUPERVISOR_THEN_DISPATCHERS: EscalationAction[] = [{ notify: 'supervisor' }, { widenToRoles: ['dispatcher'] }];

export const DEFAULT_REPAIR_POLICY: RepairPolicy = {
  sla: {
    urgent: { responseMinutes: 15, arrivalMinutes: 45, fixMinutes: 4 * 60 },
    high: { responseMinutes: 30, arrivalMinutes: 90, fixMinutes: 8 * 60 },
    normal: { responseMinutes: 60, arrivalMinutes: 4 * 60, fixMinutes: 24 * 60 },
    low: { responseMinutes: 4 * 60, arrivalMinutes: 24 * 60, fixMinutes: 72 * 60 },
  },
  onOverdue: SUPERVISOR_THEN_DISPATCHERS,
  compensation: { slaMinutes: 3 * 24 * 60, onOverdue: [{ notify: 'supervisor' }] },
  close: { slaMinutes: 4 * 60, onOverdue: [{ notify: 'supervisor' }] },
  callback: { slaMinutes: 24 * 60, onOverdue: [{ notify: 'supervisor' }] },
  badRatingThreshold: 2,
  categories: [
    {
      code: 'outage',
      name: '停电',
      children: [
        { code: 'outage-single', name: '单户停电' },
        { code: 'outage-area', name: '片区停电' },
      ],
    },
    {
      code: 'meter',
      name: '计量装置',
      children: [
        { code: 'meter-broken', name: '表计损坏' },
        { code: 'meter-box', name: '表箱故障' },
      ],
    },
    {
      code: 'line',
      name: '线路',
      children: [
        { code: 'line-down', name: '断线' },
        { code: 'line-sparking', name: '线路打火' },
      ],
    },
    { code: 'voltage', name: '电压质量', children: [{ code: 'voltage-low', name: '电压偏低' }] },
  ],
  urge: {
    quietMinutes: 30,
    supervisorAfter: 3,
    periodMinutes: 24 * 60,
    handlerTemplate: '【催单】工单 {orderNo}（{place}）客户催办第 {urgeCount} 次，请尽快处理。{reason}',
    supervisorTemplate: '【催单督办】工单 {orderNo}（{place}）客户已催办 {urgeCount} 次，处理人 {handlerName}，请督办。',
  },
  photos: { maxCount: 4, maxBytes: 5 * 1024 * 1024 },
  dispatchRules: [],
  ratingSmsTemplate: DEFAULT_RATING_SMS_TEMPLATE,
};

/** No policy may let a photo past this: the upload's body limit (api/repair/photos.ts). */
export const PHOTO_BYTES_CEILING = 20 * 1024 * 1024;

/** What an urge's SMS may say: {reason} is the urger's words, or nothing. */
export const REPAIR_URGE_PLACEHOLDERS = ['orderNo', 'place', 'urgeCount', 'reason'] as const;
export const REPAIR_URGE_SUPERVISOR_PLACEHOLDERS = ['orderNo', 'place', 'urgeCount', 'handlerName'] as const;

export class InvalidRepairPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRepairPolicyError';
  }
}

const minutes = wholeNumber(1, 30 * 24 * 60);
const slaSchema = (defaults: RepairSla) =>
  strictGroup({
    responseMinutes: minutes.default(defaults.responseMinutes),
    arrivalMinutes: minutes.default(defaults.arrivalMinutes),
    fixMinutes: minutes.default(defaults.fixMinutes),
  })
    .refine((sla) => sla.responseMinutes <= sla.arrivalMinutes && sla.arrivalMinutes <= sla.fixMinutes, { error: ': response, arrival and fix must come in that order' })
    .prefault({});
const code = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be a code of lower-case letters, digits and -' });
const name = z.string().trim().min(1, { error: 'must be non-empty text' }).max(40, { error: 'must be at most 40 characters' });
const d = DEFAULT_REPAIR_POLICY;
const step = (defaults: HumanStepPolicy) => strictGroup(humanStepSchema(), 'must be an object {slaMinutes, onOverdue}').prefault(() => structuredClone(defaults));

/** The repair policy as designers write it: every field optional, missing ones take the defaults above. */
export const repairPolicySchema: z.ZodType<RepairPolicy, unknown> = strictGroup({
  sla: strictGroup({
    urgent: slaSchema(d.sla.urgent),
    high: slaSchema(d.sla.high),
    normal: slaSchema(d.sla.normal),
    low: slaSchema(d.sla.low),
  }).prefault({}),
  onOverdue: z.array(escalationActionSchema, { error: 'must be a list' }).prefault(() => structuredClone(d.onOverdue)),
  compensation: step(d.compensation),
  close: step(d.close),
  callback: step(d.callback),
  badRatingThreshold: wholeNumber(1, 4).default(d.badRatingThreshold),
  categories: z
    .array(strictGroup({ code, name, children: z.array(strictGroup({ code, name })).min(1, { error: 'must list at least one sub-category' }) }))
    .min(1, { error: 'must list at least one category' })
    .refine((tree) => {
      const codes = tree.flatMap((top) => [top.code, ...top.children.map((child) => child.code)]);
      return new Set(codes).size === codes.length;
    }, { error: ': every category code must be unique' })
    .prefault(() => structuredClone(d.categories)),
  urge: strictGroup({
    quietMinutes: wholeNumber(0, 24 * 60).default(d.urge.quietMinutes),
    supervisorAfter: wholeNumber(1, 100).default(d.urge.supervisorAfter),
    periodMinutes: minutes.default(d.urge.periodMinutes),
    handlerTemplate: templateText(REPAIR_URGE_PLACEHOLDERS).default(d.urge.handlerTemplate),
    supervisorTemplate: templateText(REPAIR_URGE_SUPERVISOR_PLACEHOLDERS).default(d.urge.supervisorTemplate),
  }).prefault({}),
  photos: strictGroup({
    maxCount: wholeNumber(0, 20).default(d.photos.maxCount),
    maxBytes: wholeNumber(1024, PHOTO_BYTES_CEILING).default(d.photos.maxBytes),
  }).prefault({}),
  dispatchRules: z
    .array(
      strictGroup({
        area: z.string().trim().min(1, { error: 'must be non-empty text' }).max(40, { error: 'must be at most 40 characters' }),
        categories: z.array(code, { error: 'must be a list' }).default(() => []),
        // One of the two: a crew member, or a crew (班组) whose active members are all offered the order.
        crewUserId: wholeNumber(1, 2_147_483_647).optional(),
        crewCode: z.string().regex(CREW_CODE_PATTERN, { error: 'must be a crew code of lower-case letters, digits and - (at most 40)' }).optional(),
      }).refine((rule) => (rule.crewUserId === undefined) !== (rule.crewCode === undefined), {
        error: ': name a crew member (crewUserId) or a crew (crewCode), one of the two',
        params: { code: 'CREW_OR_MEMBER' },
      }),
      { error: 'must be a list' },
    )
    .prefault(() => []),
  ratingSmsTemplate: templateText(RATING_SMS_PLACEHOLDERS).default(d.ratingSmsTemplate),
}).superRefine((policy, ctx) => {
  // A rule names categories of this policy's own tree (a leaf, or a parent for all its children).
  const known = dispatchableCodes(policy.categories);
  policy.dispatchRules.forEach((rule, i) =>
    rule.categories.forEach((category, j) => {
      if (known.has(category)) return;
      ctx.addIssue({ code: 'custom', message: `: no fault category ${category}`, input: category, path: ['dispatchRules', i, 'categories', j], params: { code: 'UNKNOWN_CATEGORY', category } });
    }),
  );
});

/** Validates a stored policy; missing fields take the defaults. */
export function parseRepairPolicy(raw: unknown): RepairPolicy {
  const parsed = repairPolicySchema.safeParse(raw ?? {});
  if (!parsed.success) throw new InvalidRepairPolicyError(policyRefusal(parsed.error.issues, 'repair policy'));
  return parsed.data;
}

export { findCategory } from './categories';
