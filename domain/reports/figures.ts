/**
 * The arithmetic of the reports, apart from the SQL that counts: shares, the buckets of the
 * reconnection delay, SLA compliance. Pure, so each rule is unit-tested once.
 */

/** A share of a whole, 0..1 to four places (shown as a percentage to two); null when there is no whole. */
export function share(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

/**
 * How long from payment to power restored: each bucket holds the delays above the one before
 * and up to its own bound (seconds). The first two are the targets the brief sets (within a
 * minute, within fifteen minutes); a delay at or below zero (clocks a second apart) is within
 * a minute.
 */
export const DELAY_BUCKETS = [
  { key: 'within-1m', upToSeconds: 60 },
  { key: 'within-15m', upToSeconds: 15 * 60 },
  { key: 'within-1h', upToSeconds: 3600 },
  { key: 'over-1h', upToSeconds: null },
] as const;
export type DelayBucket = (typeof DELAY_BUCKETS)[number]['key'];
export const DELAY_BUCKET_KEYS: readonly DelayBucket[] = DELAY_BUCKETS.map((bucket) => bucket.key);

/** The bucket a delay falls in. */
export function delayBucket(seconds: number): DelayBucket {
  return (DELAY_BUCKETS.find((bucket) => bucket.upToSeconds !== null && seconds <= bucket.upToSeconds) ?? DELAY_BUCKETS[DELAY_BUCKETS.length - 1]!).key;
}

/** The SQL condition that puts `seconds` (a column) in a bucket: the same bounds as delayBucket. */
export function delayBucketSql(key: DelayBucket, column: string): string {
  const index = DELAY_BUCKETS.findIndex((bucket) => bucket.key === key);
  const lower = index === 0 ? null : DELAY_BUCKETS[index - 1]!.upToSeconds;
  const upper = DELAY_BUCKETS[index]!.upToSeconds;
  return [lower === null ? null : `${column} > ${lower}`, upper === null ? null : `${column} <= ${upper}`].filter(Boolean).join(' AND ') || 'true';
}

/**
 * Delays within a bound, from the buckets' counts: "within 15 minutes" includes those within
 * one minute. Answers the count for each bucket's bound, cumulative.
 */
export function cumulative(counts: Record<DelayBucket, number>): Record<DelayBucket, number> {
  let sum = 0;
  return Object.fromEntries(DELAY_BUCKET_KEYS.map((key) => [key, (sum += counts[key] ?? 0)])) as Record<DelayBucket, number>;
}

/**
 * SLA compliance of tasks: of those whose due time has come (completed, or still open past
 * it), the share completed by the due time. Open tasks not yet due and cancelled ones are
 * not judged yet, or at all.
 */
export function slaCompliance(counts: { onTime: number; late: number; overdueOpen: number }): number | null {
  return share(counts.onTime, counts.onTime + counts.late + counts.overdueOpen);
}

/** How many case ids a figure carries for the back office to open: a list page, not a data dump. */
export const CASE_IDS_LIMIT = 500;

/** Rows per day for every day of the period, with an empty row for a day without any. */
export function everyDay<Row extends { day: string }>(days: readonly string[], rows: readonly Row[], empty: (day: string) => Row): Row[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return days.map((day) => byDay.get(day) ?? empty(day));
}
