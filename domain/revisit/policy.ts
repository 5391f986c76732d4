import { z } from 'zod/v4';
import { humanStepSchema, policyRefusal, strictGroup, templateText, wholeNumber } from '../policies/schema-parts';
import { parseSmsRating } from '../repair/rating';
import { isStorableText } from '../storable-text';
import type { HumanStepPolicy } from '../tasks/escalation';
import { foldReply, type Rating } from './rating';
import { foldComment } from './verdict';

/**
 * Every figure of the bad-review revisit (差评回访) is a parameter: which ratings are bad, which
 * words in a comment are complaints, how SMS replies in words read, which processes text a
 * survey, the first call's SLA and its retries, the recovery check, how often a customer may
 * be texted, and the cause tree. The revisit workflow reads the policy once when it starts.
 */

/** The processes whose work customers rate; each rating may open a revisit. */
export const RATED_PROCESSES = ['repair', 'relocation', 'reconnection'] as const;
export type RatedProcess = (typeof RATED_PROCESSES)[number];

/** Where a rating came from: an SMS reply, an agent's call, the self-service site. */
export const RATING_SOURCES = ['sms', 'call', 'self-service'] as const;
export type RatingSource = (typeof RATING_SOURCES)[number];

/** What a survey or recovery SMS may say. */
export const REVISIT_SMS_PLACEHOLDERS = ['orderNo'] as const;

/** A word a customer may reply instead of a digit (差 → 1, 很满意 → 5). */
export interface RatingWord {
  word: string;
  rating: Rating;
}

/** The satisfaction survey a process texts when its work is done. */
export interface SurveyPolicy {
  enabled: boolean;
  /** The SMS ({orderNo}). */
  template: string;
}

/** The cause tree (原因分类): two levels, the leaf's code stored on the revisit, names for people. */
export interface CauseCategory {
  code: string;
  name: string;
  children: { code: string; name: string }[];
}

export interface RevisitPolicy {
  /** A rating at or below this, per process, is bad and opens a revisit. */
  badRatingThreshold: Record<RatedProcess, number>;
  /** A comment containing one of these (after NFKC folding) is a complaint, whatever the rating. */
  complaintKeywords: string[];
  /** SMS replies in words and the rating each means. */
  ratingWords: RatingWord[];
  surveys: Record<RatedProcess, SurveyPolicy>;
  /** The supervisor's first contact: its SLA and escalation ladder (also used by the later steps). */
  firstContact: HumanStepPolicy;
  attempts: {
    /** After attempt n without an answer, attempt n+1 follows after entry n-1; when none is left, unreachable. */
    retryAfterMinutes: number[];
  };
  recovery: {
    /** The recovery check comes this many days after the customer was reached. */
    afterDays: number;
    /** The SMS asking whether the customer is satisfied now ({orderNo}). */
    smsTemplate: string;
    /** How long an SMS recovery survey waits for a reply before someone calls instead. */
    answerHours: number;
  };
  /** At most this many texts to one customer in any 7 × 24 hours, across all surveys (0: none). */
  weeklySmsCap: number;
  causes: CauseCategory[];
}

export const DEFAULT_REVISIT_POLICY: RevisitPolicy = {
  badRatingThreshold: { repair: 2, relocation: 2, reconnection: 2 },
  complaintKeywords: ['投诉', '差评', '太差', '态度差', '不满意'],
  ratingWords: [
    { word: '差', rating: 1 },
    { word: '很差', rating: 1 },
    { word: '不满意', rating: 1 },
    { word: '一般', rating: 3 },
    { word: '满意', rating: 5 },
    { word: '很满意', rating: 5 },
    { word: '非常满意', rating: 5 },
  ],
  surveys: {
    repair: { enabled: true, template: '【回访】您的报修工单 {orderNo} 已处理完毕，请回复 1-5 为本次服务评分（5 为非常满意）。' },
    relocation: { enabled: true, template: '【回访】您的移机工单 {orderNo} 已完成装机，请回复 1-5 为本次服务评分（5 为非常满意）。' },
    reconnection: { enabled: false, template: '【回访】您的复电工单 {orderNo} 已恢复供电，请回复 1-5 为本次服务评分（5 为非常满意）。' },
  },
  firstContact: { slaMinutes: 24 * 60, onOverdue: [{ notify: 'supervisor' }, { reassignTo: 'supervisor' }] },
  // Three attempts within two days: the first, one 4 hours later, the last 20 hours after that.
  attempts: { retryAfterMinutes: [4 * 60, 20 * 60] },
  recovery: {
    afterDays: 7,
    smsTemplate: '【回访】关于工单 {orderNo} 您反映的问题已处理，请回复 1-5 告诉我们您现在的满意程度（5 为非常满意）。',
    answerHours: 48,
  },
  weeklySmsCap: 2,
  causes: [
    {
      code: 'attitude',
      name: '服务态度',
      children: [
        { code: 'attitude-rude', name: '态度生硬' },
        { code: 'attitude-no-explanation', name: '解释不清' },
      ],
    },
    {
      code: 'quality',
      name: '维修质量',
      children: [
        { code: 'quality-not-fixed', name: '问题未解决' },
        { code: 'quality-recurred', name: '问题复发' },
      ],
    },
    {
      code: 'timeliness',
      name: '及时性',
      children: [
        { code: 'timeliness-late-arrival', name: '上门迟到' },
        { code: 'timeliness-slow-fix', name: '处理缓慢' },
      ],
    },
    {
      code: 'billing',
      name: '收费',
      children: [
        { code: 'billing-disputed', name: '收费争议' },
        { code: 'billing-unexplained', name: '收费不明' },
      ],
    },
  ],
};

export class InvalidRevisitPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRevisitPolicyError';
  }
}

const d = DEFAULT_REVISIT_POLICY;
const UNSTORABLE = { error: 'holds a NUL character or a lone UTF-16 surrogate, which cannot be stored', params: { code: 'UNSTORABLE_TEXT' } };
/** Text of 1 to `max` characters (trimmed) that PostgreSQL can store. */
const shortText = (max: number) =>
  z
    .string({ error: 'must be non-empty text' })
    .trim()
    .min(1, { error: 'must be non-empty text' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(isStorableText, UNSTORABLE);
const template = (fallback: string) => templateText(REVISIT_SMS_PLACEHOLDERS).refine(isStorableText, UNSTORABLE).default(fallback);
const threshold = (fallback: number) => wholeNumber(1, 4).default(fallback);
const survey = (defaults: SurveyPolicy) =>
  strictGroup({
    enabled: z.boolean({ error: 'must be true or false' }).default(defaults.enabled),
    template: template(defaults.template),
  }).prefault({});
const code = z.string({ error: 'must be a code of lower-case letters, digits and -' }).regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be a code of lower-case letters, digits and -' });
const causeName = shortText(40);
/** Two texts that fold to the same (５ and 5, a trailing ！; Ａ and a in a keyword) are the same entry. */
const uniqueBy = (fold: (text: string) => string) => (texts: readonly string[]) => new Set(texts.map(fold)).size === texts.length;

/** The revisit policy as designers write it: every field optional, missing ones take the defaults above. */
export const revisitPolicySchema: z.ZodType<RevisitPolicy, unknown> = strictGroup({
  badRatingThreshold: strictGroup({
    repair: threshold(d.badRatingThreshold.repair),
    relocation: threshold(d.badRatingThreshold.relocation),
    reconnection: threshold(d.badRatingThreshold.reconnection),
  }).prefault({}),
  complaintKeywords: z
    .array(shortText(20), { error: 'must be a list' })
    .max(50, { error: 'must list at most 50 keywords' })
    .refine(uniqueBy(foldComment), { error: ': every keyword must be unique' })
    .prefault(() => [...d.complaintKeywords]),
  ratingWords: z
    .array(
      strictGroup({
        word: shortText(20)
          .refine((word) => foldReply(word) !== '', { error: 'must be a word, not only punctuation' })
          .refine((word) => !parseSmsRating(foldReply(word)).recognised, { error: 'is already read as a digit rating' }),
        rating: wholeNumber(1, 5).transform((rating) => rating as Rating),
      }, 'must be an object {word, rating}'),
      { error: 'must be a list' },
    )
    .max(50, { error: 'must list at most 50 words' })
    .refine((entries) => uniqueBy(foldReply)(entries.map((entry) => entry.word)), { error: ': every rating word must be unique' })
    .prefault(() => structuredClone(d.ratingWords)),
  surveys: strictGroup({
    repair: survey(d.surveys.repair),
    relocation: survey(d.surveys.relocation),
    reconnection: survey(d.surveys.reconnection),
  }).prefault({}),
  firstContact: strictGroup(humanStepSchema(d.firstContact), 'must be an object {slaMinutes, onOverdue}').prefault(() => structuredClone(d.firstContact)),
  attempts: strictGroup({
    retryAfterMinutes: z
      .array(wholeNumber(1, 7 * 24 * 60), { error: 'must be a list' })
      .max(10, { error: 'must list at most 10 intervals' })
      .prefault(() => [...d.attempts.retryAfterMinutes]),
  }).prefault({}),
  recovery: strictGroup({
    afterDays: wholeNumber(1, 90).default(d.recovery.afterDays),
    smsTemplate: template(d.recovery.smsTemplate),
    answerHours: wholeNumber(1, 168).default(d.recovery.answerHours),
  }).prefault({}),
  weeklySmsCap: wholeNumber(0, 20).default(d.weeklySmsCap),
  causes: z
    .array(
      strictGroup({
        code,
        name: causeName,
        children: z
          .array(strictGroup({ code, name: causeName }, 'must be an object {code, name}'), { error: 'must be a list' })
          .min(1, { error: 'must list at least one sub-cause' })
          .max(30, { error: 'must list at most 30 sub-causes' }),
      }, 'must be an object {code, name, children}'),
      { error: 'must be a list' },
    )
    .min(1, { error: 'must list at least one cause' })
    .max(30, { error: 'must list at most 30 causes' })
    .refine((tree) => {
      const codes = tree.flatMap((top) => [top.code, ...top.children.map((child) => child.code)]);
      return new Set(codes).size === codes.length;
    }, { error: ': every cause code must be unique' })
    .prefault(() => structuredClone(d.causes)),
});

/** Validates a stored policy; missing fields take the defaults. */
export function parseRevisitPolicy(raw: unknown): RevisitPolicy {
  const parsed = revisitPolicySchema.safeParse(raw ?? {});
  if (!parsed.success) throw new InvalidRevisitPolicyError(policyRefusal(parsed.error.issues, 'revisit policy'));
  return parsed.data;
}
