/**
 * Customers and staff read times in China Standard Time (UTC+8, no daylight saving).
 * Plain arithmetic rather than Intl keeps this usable inside workflow code.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export function formatChinaTime(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a time: ${String(instant)}`);
  const local = new Date(date.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
