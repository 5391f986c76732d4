import { humanDuration } from '../processes/durations';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A delay as people read it: seconds while they matter (the one-minute target), then the
 * catalogue's minutes, hours and days.
 */
export function formatSeconds(seconds: number | null, translate: Translate): string {
  if (seconds === null) return translate('app.duration.none');
  if (seconds < 120) return translate('app.reports.seconds', { smart_count: seconds });
  const { key, count } = humanDuration(seconds);
  return translate(`app.duration.${key}`, { smart_count: count });
}

/** A share (0..1) as a percentage in the reader's language; a dash when there is no whole. */
export function formatShare(share: number | null, locale: string): string {
  if (share === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}
