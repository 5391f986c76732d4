/**
 * The Chinese wall clock and calendar (UTC+8, no daylight saving) by plain arithmetic, as in
 * ../time.ts: workflow code may not use Intl, and the server's own time zone must not matter.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;
export const MINUTES_PER_DAY = 24 * 60;
export const DAY_MS = MINUTES_PER_DAY * MINUTE_MS;

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An instant as a clock and a calendar in China show it. */
export interface ChinaLocal {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 0 Sunday … 6 Saturday */
  weekday: number;
  minuteOfDay: number;
  /** Epoch ms of the local midnight that starts this date. */
  midnight: number;
}

export function toChinaLocal(epochMs: number): ChinaLocal {
  if (!Number.isFinite(epochMs)) throw new RangeError(`not an instant: ${epochMs}`);
  const local = epochMs + CHINA_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return {
    date: new Date(day * DAY_MS).toISOString().slice(0, 10),
    weekday: weekdayOfDay(day),
    minuteOfDay: Math.floor((local - day * DAY_MS) / MINUTE_MS),
    midnight: day * DAY_MS - CHINA_OFFSET_MS,
  };
}

export function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

/** Minutes after midnight for "HH:MM" (00:00 to 23:59), or undefined if it is not such a time. */
export function parseTimeOfDay(text: unknown): number | undefined {
  const match = typeof text === 'string' ? TIME_OF_DAY.exec(text) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** The weekday of a 'YYYY-MM-DD' date, or undefined if no such date exists (2026-02-30). */
export function weekdayOfDate(text: unknown): number | undefined {
  const match = typeof text === 'string' ? LOCAL_DATE.exec(text) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 02-30 over to 03-02; a real date survives the round trip.
  if (new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return weekdayOfDay(ms / DAY_MS);
}

/** Day 0 of the epoch, 1970-01-01, was a Thursday. */
function weekdayOfDay(daysSinceEpoch: number): number {
  return (((daysSinceEpoch + 4) % 7) + 7) % 7;
}
