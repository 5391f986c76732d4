/**
 * The installation appointment's day (预约日期): a China calendar date (UTC+8, no daylight
 * saving), from today up to a number of days ahead. Dates are written YYYY-MM-DD.
 */

/** How far ahead a clerk may book an installation team. */
export const APPOINTMENT_MAX_DAYS_AHEAD = 60;
/** The longest range of days the availability screen shows at once. */
export const AVAILABILITY_MAX_DAYS = 62;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const APPOINTMENT_DATE_REFUSALS = ['INVALID_DATE', 'DATE_IN_PAST', 'DATE_TOO_FAR'] as const;
export type AppointmentDateRefusal = (typeof APPOINTMENT_DATE_REFUSALS)[number];

/** The China calendar date of a moment. */
export function chinaDate(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day as a UTC midnight, when the text names a real calendar day (years 1900 to 9999). */
function dayNumber(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (year < 1900 || back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

export function isCalendarDate(date: string): boolean {
  return dayNumber(date) !== undefined;
}

/** The date `days` after (or before, negative) a calendar date. */
export function addDays(date: string, days: number): string {
  const start = dayNumber(date);
  if (start === undefined) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return new Date((start + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === undefined || b === undefined) throw new RangeError(`not dates YYYY-MM-DD: ${JSON.stringify(from)}, ${JSON.stringify(to)}`);
  return b - a;
}

/** Why an appointment cannot be on `date` when booked on `today`, or null: a real day, not past, at most `maxDaysAhead` away. */
export function appointmentDateRefusal(date: string, today: string, maxDaysAhead = APPOINTMENT_MAX_DAYS_AHEAD): AppointmentDateRefusal | null {
  if (!isCalendarDate(date)) return 'INVALID_DATE';
  const ahead = daysBetween(today, date);
  if (ahead < 0) return 'DATE_IN_PAST';
  if (ahead > maxDaysAhead) return 'DATE_TOO_FAR';
  return null;
}

/** Every date from `from` to `to`, both included. */
export function datesFrom(from: string, to: string): string[] {
  const count = daysBetween(from, to);
  return Array.from({ length: Math.max(0, count + 1) }, (_, i) => addDays(from, i));
}
