import { assertTemplateUses, TemplateError } from '../messages/template';
import { can, isRole, Role, ROLES } from '../permissions';
import { HumanStepPolicy, InvalidStepPolicyError, parseHumanStepPolicy } from '../tasks/escalation';
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

/** Validates a stored policy; missing fields take the defaults. */
export function parseDisconnectionPolicy(raw: unknown): DisconnectionPolicy {
  const input = objectOf(raw ?? {}, 'disconnection policy');
  rejectUnknownFields(input, Object.keys(DEFAULT_DISCONNECTION_POLICY), 'disconnection policy');
  const d = DEFAULT_DISCONNECTION_POLICY;
  return {
    approvalLevels: parseApprovalLevels(input.approvalLevels ?? d.approvalLevels),
    forbiddenWindows: parseForbiddenWindows(input.forbiddenWindows ?? {}),
    preNoticeMinutes: wholeNumber(input.preNoticeMinutes ?? d.preNoticeMinutes, 'preNoticeMinutes', 1, MAX_MINUTES),
    commandValidityMinutes: wholeNumber(input.commandValidityMinutes ?? d.commandValidityMinutes, 'commandValidityMinutes', 1, 24 * 60),
    maxCustomersPerCase: wholeNumber(input.maxCustomersPerCase ?? d.maxCustomersPerCase, 'maxCustomersPerCase', 1, MAX_CUSTOMERS_PER_CASE),
    commandWindow: wholeNumber(input.commandWindow ?? d.commandWindow, 'commandWindow', 1, MAX_COMMAND_WINDOW),
    reCheck: asPolicyError(() => parseHumanStepPolicy(input.reCheck ?? d.reCheck, 'reCheck')),
    manualOutageEntry: asPolicyError(() => parseHumanStepPolicy(input.manualOutageEntry ?? d.manualOutageEntry, 'manualOutageEntry')),
    templates: parseTemplates(input.templates ?? {}),
  };
}

function parseApprovalLevels(raw: unknown): ApprovalLevel[] {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_APPROVAL_LEVELS) {
    fail(`approvalLevels must be a list of 1 to ${MAX_APPROVAL_LEVELS} levels`);
  }
  const levels = raw.map((level: unknown, i) => parseApprovalLevel(level, `approvalLevels[${i}]`));
  const names = levels.map((level) => level.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) fail(`approvalLevels: two levels are named "${repeated}"; give each level its own name`);
  return levels;
}

/** Name and roles are required; the SLA and escalation default to the first level's defaults. */
function parseApprovalLevel(raw: unknown, where: string): ApprovalLevel {
  const input = objectOf(raw, where);
  rejectUnknownFields(input, ['name', 'approverRoles', 'slaMinutes', 'onOverdue'], where);
  const { name, approverRoles } = input;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_LEVEL_NAME_LENGTH) {
    fail(`${where}.name must be text of 1 to ${MAX_LEVEL_NAME_LENGTH} characters`);
  }
  if (!Array.isArray(approverRoles) || approverRoles.length === 0) fail(`${where}.approverRoles must list at least one role`);
  approverRoles.forEach((role: unknown, j) => {
    if (!isRole(role)) fail(`${where}.approverRoles[${j}] ${JSON.stringify(role)} is not a role; roles are ${ROLES.join(', ')}`);
    // A level nobody can complete would hold every case forever.
    if (!can([role], 'tasks', 'complete')) fail(`${where}.approverRoles[${j}] ${role} cannot complete tasks, so could never approve`);
  });
  const step = asPolicyError(() => parseHumanStepPolicy({ ...DEFAULT_APPROVAL_STEP, ...input }, where));
  // Only the level's roles may approve it: offering the task to other roles would show them
  // a task they are then refused. A late approval goes to a supervisor instead.
  step.onOverdue.forEach((action, j) => {
    if ('widenToRoles' in action) {
      fail(`${where}.onOverdue[${j}]: an approval escalates by {notify:'supervisor'} or {reassignTo:'supervisor'}; widening to other roles would offer it to people who may not approve`);
    }
  });
  return { name, approverRoles: [...(approverRoles as Role[])], ...step };
}

function parseForbiddenWindows(raw: unknown): ForbiddenWindows {
  const where = 'forbiddenWindows';
  const input = objectOf(raw, where);
  const d = DEFAULT_DISCONNECTION_POLICY.forbiddenWindows;
  rejectUnknownFields(input, Object.keys(d), where);
  const windows: ForbiddenWindows = {
    nightStart: timeOfDay(input.nightStart ?? d.nightStart, `${where}.nightStart`),
    nightEnd: timeOfDay(input.nightEnd ?? d.nightEnd, `${where}.nightEnd`),
    weekendsForbidden: yesNo(input.weekendsForbidden ?? d.weekendsForbidden, `${where}.weekendsForbidden`),
    dailyCutoff: timeOfDay(input.dailyCutoff ?? d.dailyCutoff, `${where}.dailyCutoff`),
    holidays: localDates(input.holidays ?? d.holidays, `${where}.holidays`),
    workdayOverrides: localDates(input.workdayOverrides ?? d.workdayOverrides, `${where}.workdayOverrides`),
  };
  assertDayHasAllowedTime(windows);
  for (const date of windows.workdayOverrides) {
    if (!isWeekend(weekdayOfDate(date) as number)) fail(`${where}.workdayOverrides: ${date} is not a Saturday or Sunday; only weekend days can be made working days`);
    if (windows.holidays.includes(date)) fail(`${where}: ${date} is both a holiday and a make-up working day`);
  }
  return windows;
}

/** Some time of an ordinary working day must stay open, or no command could ever be sent. */
function assertDayHasAllowedTime(windows: ForbiddenWindows): void {
  const { nightStart, nightEnd, dailyCutoff } = windows;
  if (nightStart === nightEnd) fail(`forbiddenWindows.nightStart and nightEnd are both ${nightStart}; the night must start and end at different times`);
  // The night is one stretch, so the day's first open minute is midnight or the end of the night.
  const firstOpenMinute = isNight(0, windows) ? (parseTimeOfDay(nightEnd) as number) : 0;
  if (firstOpenMinute >= (parseTimeOfDay(dailyCutoff) as number)) {
    fail(`forbiddenWindows leave no time for commands: the night (${nightStart}–${nightEnd}) ends at or after the daily cut-off ${dailyCutoff}`);
  }
}

function parseTemplates(raw: unknown): DisconnectionPolicy['templates'] {
  const input = objectOf(raw, 'templates');
  rejectUnknownFields(input, ['outageNotice'], 'templates');
  const outageNotice = input.outageNotice ?? DEFAULT_DISCONNECTION_POLICY.templates.outageNotice;
  if (typeof outageNotice !== 'string' || outageNotice.trim() === '') fail('templates.outageNotice must be non-empty text');
  asPolicyError(() => assertTemplateUses(outageNotice, OUTAGE_NOTICE_PLACEHOLDERS), 'templates.outageNotice: ');
  return { outageNotice };
}

function fail(message: string): never {
  throw new InvalidDisconnectionPolicyError(message);
}

/** The shared parsers throw their own errors; a designer sees one kind, naming the field. */
function asPolicyError<T>(parse: () => T, prefix = ''): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidStepPolicyError || error instanceof TemplateError) {
      throw new InvalidDisconnectionPolicyError(prefix + error.message, { cause: error });
    }
    throw error;
  }
}

function objectOf(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object`);
  return value as Record<string, unknown>;
}

/** A misspelt field would otherwise be ignored and its default used without anyone noticing. */
function rejectUnknownFields(input: Record<string, unknown>, known: readonly string[], where: string): void {
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  if (unknown.length > 0) fail(`${where} has unknown field(s) ${unknown.join(', ')}; known fields: ${known.join(', ')}`);
}

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function yesNo(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') fail(`${name} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function timeOfDay(value: unknown, name: string): string {
  if (parseTimeOfDay(value) === undefined) fail(`${name} must be a China time of day "HH:MM" from 00:00 to 23:59, got ${JSON.stringify(value)}`);
  return value as string;
}

function localDates(value: unknown, name: string): string[] {
  if (!Array.isArray(value)) fail(`${name} must be a list of dates "YYYY-MM-DD"`);
  value.forEach((date: unknown, i) => {
    if (weekdayOfDate(date) === undefined) fail(`${name}[${i}] must be a real date "YYYY-MM-DD", got ${JSON.stringify(date)}`);
  });
  return [...(value as string[])];
}
