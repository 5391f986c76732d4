/** A time span in the unit people read it in: minutes under two hours, hours under two days, else days. */
export function humanDuration(seconds: number): { key: 'under_a_minute' | 'minutes' | 'hours' | 'days'; count: number } {
  if (seconds < 60) return { key: 'under_a_minute', count: 0 };
  const minutes = seconds / 60;
  if (minutes < 120) return { key: 'minutes', count: Math.round(minutes) };
  const hours = minutes / 60;
  // One decimal below ten of a unit, where the half makes a difference.
  const round = (value: number) => (value < 10 ? Math.round(value * 10) / 10 : Math.round(value));
  if (hours < 48) return { key: 'hours', count: round(hours) };
  return { key: 'days', count: round(hours / 24) };
}
