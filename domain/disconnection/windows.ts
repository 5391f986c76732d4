import { DAY_MS, isWeekend, MINUTE_MS, parseTimeOfDay, toChinaLocal } from './china-clock';
import type { DisconnectionPolicy, ForbiddenWindows } from './policy';

/**
 * When disconnection commands may be sent (domain brief §1): never at night, on weekends or
 * public holidays, nor late in the day. All times are China local time.
 */
export type ForbiddenWindowCode = 'NIGHT' | 'WEEKEND' | 'HOLIDAY' | 'AFTER_CUTOFF';

/** How far nextAllowedMoment looks before deciding the calendar is closed. */
export const MAX_SEARCH_DAYS = 366;

export class NoAllowedMomentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoAllowedMomentError';
  }
}

/** Which window forbids a command at this instant, or null when it may be sent. */
export function forbiddenWindowAt(now: number, windows: ForbiddenWindows): ForbiddenWindowCode | null {
  const local = toChinaLocal(now);
  // Whole-day reasons first: they explain the longer wait.
  if (windows.holidays.includes(local.date)) return 'HOLIDAY';
  if (windows.weekendsForbidden && isWeekend(local.weekday) && !windows.workdayOverrides.includes(local.date)) return 'WEEKEND';
  if (isNight(local.minuteOfDay, windows)) return 'NIGHT';
  if (local.minuteOfDay >= minutes(windows.dailyCutoff)) return 'AFTER_CUTOFF';
  return null;
}

/** Whether a minute of the day falls in the night [nightStart, nightEnd), which may cross midnight. */
export function isNight(minuteOfDay: number, windows: Pick<ForbiddenWindows, 'nightStart' | 'nightEnd'>): boolean {
  const start = minutes(windows.nightStart);
  const end = minutes(windows.nightEnd);
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/** The earliest instant at or after `now` at which a command may be sent. */
export function nextAllowedMoment(now: number, policy: Pick<DisconnectionPolicy, 'forbiddenWindows'>): number {
  const windows = policy.forbiddenWindows;
  if (forbiddenWindowAt(now, windows) === null) return now;
  // A forbidden stretch ends only where a day's status may change (local midnight) or where
  // the night ends, so the answer is the first of those boundaries that is allowed.
  const nightEnd = minutes(windows.nightEnd) * MINUTE_MS;
  const today = toChinaLocal(now).midnight;
  for (let day = 0; day <= MAX_SEARCH_DAYS; day++) {
    const midnight = today + day * DAY_MS;
    for (const candidate of [midnight, midnight + nightEnd]) {
      if (candidate > now && forbiddenWindowAt(candidate, windows) === null) return candidate;
    }
  }
  throw new NoAllowedMomentError(`no moment in the ${MAX_SEARCH_DAYS} days from ${toChinaLocal(now).date} allows a disconnection command: check the holidays and weekends of the policy`);
}

/** When the command may go at the earliest, given when the pre-notice SMS went out. */
export function earliestCommandAfterNotice(noticeSentAt: number, policy: Pick<DisconnectionPolicy, 'forbiddenWindows' | 'preNoticeMinutes'>): number {
  return nextAllowedMoment(noticeSentAt + policy.preNoticeMinutes * MINUTE_MS, policy);
}

/** Times of day were validated with the policy; a bad one here is a programming error. */
function minutes(timeOfDay: string): number {
  const value = parseTimeOfDay(timeOfDay);
  if (value === undefined) throw new RangeError(`not a time of day "HH:MM": ${JSON.stringify(timeOfDay)}`);
  return value;
}
