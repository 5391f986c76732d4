import { z } from 'zod/v4';
import { can, Role, ROLES } from '../permissions';
import { humanStepSchema, policyRefusal, ROLE_LIST, strictGroup, templateText, wholeNumber } from '../policies/schema-parts';
import type { HumanStepPolicy } from '../tasks/escalation';
import { isWeekend, parseTimeOfDay, weekdayOfDate } from './china-clock';
import { PRC_HOLIDAYS_2026, PRC_WORKDAY_OVERRIDES_2026 } from './holidays';
import { isNight } from './windows';

/**
 * Every figure of disconnection for arrears is a parameter (domain brief §1); a workflow reads
 * the policy once when it starts, so a change applies to cases started afterwards.
 */
export interface DisconnectionPolicy {
  /** Approved level by level, in this order. */
  approvalLevels: ApprovalLevel[];
  forbiddenWindows: ForbiddenWindows;
  /** Least time between the pre-notice SMS and the command, so a customer can still pay. */
  preNoticeMinutes: number;
  /** How long a command stays valid in the meter (the frame's deadline). */
  commandValidityMinutes: number;
  /**
   * How long a failed batch's read-back may take (the site worker back, the meters read)
   * before its unsettled meters go to people. Absent in policies read before it existed.
   */
  readBackMinutes: number;
  maxCustomersPerCase: number;
  /**
   * Customers of a case in their command phase at once. Each line still takes one command
   * at a time; this bounds how much waits in the lines' queues.
   */
  commandWindow: number;
  /** The operator's re-check at command time of customers who paid since the application. */
  reCheck: HumanStepPolicy;
  /** Entering the outage time by hand when the meter could not report it (录入停电信息). */
  manualOutageEntry: HumanStepPolicy;
  templates: { outageNotice: string };
}

export interface ApprovalLevel extends HumanStepPolicy {
  /** Shown to approvers and in the case history. */
  name: string;
  /** Anyone holding one of these roles may approve at this level. */
  approverRoles: Role[];
}

/** When no command may start, in China local time. */
export interface ForbiddenWindows {
  /** "HH:MM"; the night may cross midnight (22:00 to 07:00). */
  nightStart: string;
  nightEnd: string;
  weekendsForbidden: boolean;
  /** No command starts at or after this time, so a wrongly cut-off family is reconnected the same day. */
  dailyCutoff: string;
  /** 'YYYY-MM-DD' dates on which no command is sent. */
  holidays: string[];
  /** Weekend dates worked in exchange for holidays (调休), on which commands are allowed. */
  workdayOverrides: string[];
}

export const OUTAGE_NOTICE_PLACEHOLDERS = ['customerName', 'customerNo', 'arrears', 'time', 'orderNo'] as const;

/** The product is built and tested for cases of this size (domain brief §1). */
export const MAX_CUSTOMERS_PER_CASE = 10_000;
export const MAX_APPROVAL_LEVELS = 10;
/** More would only lengthen the lines' queues past the hardware activities' timeouts. */
export const MAX_COMMAND_WINDOW = 1_000;
const MAX_LEVEL_NAME_LENGTH = 50;
const MAX_MINUTES = 30 * 24 * 60;

const DEFAULT_APPROVAL_STEP: HumanStepPolicy = { slaMinutes: 8 * 60, onOverdue: [{ notify: 'supervisor' }] };

export const DEFAULT_DISCONNECTION_POLICY: DisconnectionPolicy = {
  approvalLevels: [{ name: 'Approval', approverRoles: ['approver'], ...DEFAULT_APPROVAL_STEP }],
  forbiddenWindows: {
    nightStart: '22:00',
    nightEnd: '07:00',
    weekendsForbidden: true,
    dailyCutoff: '16:00',
    holidays: [...PRC_HOLIDAYS_2026],
    workdayOverrides: [...PRC_WORKDAY_OVERRIDES_2026],
  },
  preNoticeMinutes: 24 * 60,
  commandValidityMinutes: 5,
  readBackMinutes: 30,
  maxCustomersPerCase: MAX_CUSTOMERS_PER_CASE,
  commandWindow: 100,
  reCheck: { slaMinutes: 4 * 60, onOverdue: [{ notify: 'supervisor' }] },
  manualOutageEntry: { slaMinutes: 24 * 60, onOverdue: [{ notify: 'supervisor' }] },
  templates: {
    outageNotice: '尊敬的{customerName}：您的户号{customerNo}欠费{arrears}元，请尽快缴清。如未缴清，将于{time}后停止供电（工单{orderNo}）。',
  },
};

export class InvalidDisconnectionPolicyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidDisconnectionPolicyError';
  }
}

const ESCALATE_BY_SUPERVISOR =
  ": an approval escalates by {notify:'supervisor'} or {reassignTo:'supervisor'}; widening to other roles would offer it to people who may not approve";

const approverRole = z
  .enum(ROLES, { error: (iss) => `${JSON.stringify(iss.input)} is not a role; roles are ${ROLE_LIST}` })
  // A level nobody can complete would hold every case forever.
  .refine((role) => can([role], 'tasks', 'complete'), { error: (iss) => `${String(iss.input)} cannot complete tasks, so could never approve`, params: { code: 'CANNOT_APPROVE' } });

/** Name and roles are required; the SLA and escalation default to the first level's defaults. */
const approvalLevelSchema = strictGroup({
  name: z
    .string({ error: `must be text of 1 to ${MAX_LEVEL_NAME_LENGTH} characters` })
    .max(MAX_LEVEL_NAME_LENGTH, { error: `must be text of 1 to ${MAX_LEVEL_NAME_LENGTH} characters` })
    .refine((name) => name.trim() !== '', { error: `must be text of 1 to ${MAX_LEVEL_NAME_LENGTH} characters` }),
  approverRoles: z.array(approverRole, { error: 'must list at least one role' }).min(1, { error: 'must list at least one role' }),
  ...humanStepSchema(DEFAULT_APPROVAL_STEP),
}).superRefine((level, ctx) => {
  // Only the level's roles may approve it: offering the task to other roles would show them
  // a task they are then refused. A late approval goes to a supervisor instead.
  if (!Array.isArray(level.onOverdue)) return;
  level.onOverdue.forEach((action, j) => {
    if (typeof action === 'object' && action !== null && 'widenToRoles' in action) ctx.addIssue({ code: 'custom', path: ['onOverdue', j], message: ESCALATE_BY_SUPERVISOR, input: action, params: { code: 'APPROVAL_WIDENED' } });
  });
});

const approvalLevelsSchema = z
  .array(approvalLevelSchema, { error: `must be a list of 1 to ${MAX_APPROVAL_LEVELS} levels` })
  .min(1, { error: `must be a list of 1 to ${MAX_APPROVAL_LEVELS} levels` })
  .max(MAX_APPROVAL_LEVELS, { error: `must be a list of 1 to ${MAX_APPROVAL_LEVELS} levels` })
  .superRefine((levels, ctx) => {
    if (!levels.every((level) => typeof level?.name === 'string')) return;
    const names = levels.map((level) => level.name);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) {
      ctx.addIssue({ code: 'custom', message: `: two levels are named "${JSON.stringify(repeated).slice(1, -1)}"; give each level its own name`, input: levels, params: { code: 'DUPLICATE_LEVEL_NAME', name: repeated } });
    }
  })
  .prefault(() => structuredClone(DEFAULT_DISCONNECTION_POLICY.approvalLevels));

const timeOfDay = (fallback: string) => {
  const error = (iss: { input?: unknown }) => `must be a China time of day "HH:MM" from 00:00 to 23:59, got ${JSON.stringify(iss.input)}`;
  return z.string({ error }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error, abort: true }).default(fallback);
};

const localDateError = (iss: { input?: unknown }) => `must be a real date "YYYY-MM-DD", got ${JSON.stringify(iss.input)}`;
// 2026-02-30 has the form but is no date.
const localDate = z.string({ error: localDateError }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: localDateError, abort: true }).refine((text) => weekdayOfDate(text) !== undefined, { error: localDateError });

const localDates = (fallback: readonly string[]) =>
  z
    .array(localDate, {
      error: 'must be a list of dates "YYYY-MM-DD"',
    })
    .prefault(() => [...fallback]);

const windowDefaults = DEFAULT_DISCONNECTION_POLICY.forbiddenWindows;
const forbiddenWindowsSchema = strictGroup({
  nightStart: timeOfDay(windowDefaults.nightStart),
  nightEnd: timeOfDay(windowDefaults.nightEnd),
  weekendsForbidden: z.boolean({ error: (iss) => `must be true or false, got ${JSON.stringify(iss.input)}` }).default(windowDefaults.weekendsForbidden),
  dailyCutoff: timeOfDay(windowDefaults.dailyCutoff),
  holidays: localDates(windowDefaults.holidays),
  workdayOverrides: localDates(windowDefaults.workdayOverrides),
})
  .superRefine((windows, ctx) => {
    const { nightStart, nightEnd, dailyCutoff } = windows;
    // A field already refused has its own issue; zod still runs this check over the rest.
    if ([nightStart, nightEnd, dailyCutoff].some((time) => parseTimeOfDay(time) === undefined) || !Array.isArray(windows.holidays) || !Array.isArray(windows.workdayOverrides)) return;
    // Some time of an ordinary working day must stay open, or no command could ever be sent.
    if (nightStart === nightEnd) {
      ctx.addIssue({ code: 'custom', path: ['nightStart'], message: `and nightEnd are both ${nightStart}; the night must start and end at different times`, input: windows, params: { code: 'EMPTY_NIGHT' } });
      return;
    }
    // The night is one stretch, so the day's first open minute is midnight or the end of the night.
    const firstOpenMinute = isNight(0, windows) ? (parseTimeOfDay(nightEnd) as number) : 0;
    if (firstOpenMinute >= (parseTimeOfDay(dailyCutoff) as number)) {
      ctx.addIssue({
        code: 'custom',
        message: `leave no time for commands: the night (${nightStart}–${nightEnd}) ends at or after the daily cut-off ${dailyCutoff}`,
        input: windows,
        params: { code: 'NO_TIME_FOR_COMMANDS', nightStart, nightEnd, dailyCutoff },
      });
    }
    for (const date of windows.workdayOverrides) {
      if (weekdayOfDate(date) === undefined) continue;
      if (!isWeekend(weekdayOfDate(date) as number)) {
        ctx.addIssue({ code: 'custom', path: ['workdayOverrides'], message: `: ${date} is not a Saturday or Sunday; only weekend days can be made working days`, input: date, params: { code: 'OVERRIDE_NOT_WEEKEND', date } });
      }
      if (windows.holidays.includes(date)) {
        ctx.addIssue({ code: 'custom', message: `: ${date} is both a holiday and a make-up working day`, input: date, params: { code: 'HOLIDAY_AND_WORKDAY', date } });
      }
    }
  })
  .prefault({});

const stepSchema = (fallback: HumanStepPolicy) => strictGroup(humanStepSchema(), 'must be an object {slaMinutes, onOverdue}').prefault(() => structuredClone(fallback));

/** The disconnection policy as designers write it: every field optional, missing ones take the defaults. */
export const disconnectionPolicySchema: z.ZodType<DisconnectionPolicy, unknown> = strictGroup({
  approvalLevels: approvalLevelsSchema,
  forbiddenWindows: forbiddenWindowsSchema,
  /** Least time between the pre-notice SMS and the command, so a customer can still pay. */
  preNoticeMinutes: wholeNumber(1, MAX_MINUTES).default(DEFAULT_DISCONNECTION_POLICY.preNoticeMinutes),
  commandValidityMinutes: wholeNumber(1, 24 * 60).default(DEFAULT_DISCONNECTION_POLICY.commandValidityMinutes),
  readBackMinutes: wholeNumber(1, 24 * 60).default(DEFAULT_DISCONNECTION_POLICY.readBackMinutes),
  maxCustomersPerCase: wholeNumber(1, MAX_CUSTOMERS_PER_CASE).default(DEFAULT_DISCONNECTION_POLICY.maxCustomersPerCase),
  commandWindow: wholeNumber(1, MAX_COMMAND_WINDOW).default(DEFAULT_DISCONNECTION_POLICY.commandWindow),
  reCheck: stepSchema(DEFAULT_DISCONNECTION_POLICY.reCheck),
  manualOutageEntry: stepSchema(DEFAULT_DISCONNECTION_POLICY.manualOutageEntry),
  templates: strictGroup({ outageNotice: templateText(OUTAGE_NOTICE_PLACEHOLDERS).default(DEFAULT_DISCONNECTION_POLICY.templates.outageNotice) }).prefault({}),
});

/** Validates a stored policy; missing fields take the defaults. */
export function parseDisconnectionPolicy(raw: unknown): DisconnectionPolicy {
  const parsed = disconnectionPolicySchema.safeParse(raw ?? {});
  if (!parsed.success) throw new InvalidDisconnectionPolicyError(policyRefusal(parsed.error.issues, 'disconnection policy'));
  return parsed.data;
}
