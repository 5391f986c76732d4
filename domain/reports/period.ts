/**
 * A report's period: whole days in China time (the offices' days), `from` and `to` both
 * included. Pure date arithmetic on YYYY-MM-DD, so the API, its tests and the back office
 * agree on which instants a day holds.
 */
export interface ReportPeriod {
  from: string;
  to: string;
}

/** A year and a day: a leap year's whole year fits; longer asks more of the database than a screen can show. */
export const MAX_PERIOD_DAYS = 366;
/** What a report shows when no period is asked for: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The China-time day an instant falls on. */
export function chinaDay(instant: Date | number): string {
  return new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function dayOf(number: number): string {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

/** Whether the text is a real calendar day (2025-02-30 is not). */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && dayOf(dayNumber(text)) === text;
}

/** The period asked for, the missing ends filled in: `to` today, `from` 29 days before `to`. */
export function resolvePeriod(asked: { from?: string; to?: string }, now: Date | number): ReportPeriod {
  const to = asked.to ?? chinaDay(now);
  const from = asked.from ?? dayOf(dayNumber(to) - (DEFAULT_PERIOD_DAYS - 1));
  return { from, to };
}

/** Why a period cannot be reported on, as a code the back office words; null when it can. */
export function periodProblem(period: ReportPeriod): 'PERIOD_REVERSED' | 'PERIOD_TOO_LONG' | null {
  const days = dayNumber(period.to) - dayNumber(period.from) + 1;
  if (days < 1) return 'PERIOD_REVERSED';
  if (days > MAX_PERIOD_DAYS) return 'PERIOD_TOO_LONG';
  return null;
}

/** The instants the period holds: from `from` 00:00 China time up to (not including) the day after `to`. */
export function periodBounds(period: ReportPeriod): { start: Date; end: Date } {
  return {
    start: new Date(dayNumber(period.from) * DAY_MS - CHINA_OFFSET_MS),
    end: new Date((dayNumber(period.to) + 1) * DAY_MS - CHINA_OFFSET_MS),
  };
}

/** Every day of the period, in order. */
export function daysOf(period: ReportPeriod): string[] {
  const days: string[] = [];
  for (let n = dayNumber(period.from); n <= dayNumber(period.to); n++) days.push(dayOf(n));
  return days;
}
