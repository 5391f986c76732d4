/** How far a due time is from now, in the largest whole unit people read at a glance. */
export interface RelativeDue {
  /** Catalog key under app.task.due: left_minutes, overdue_hours, ... */
  key: `${'left' | 'overdue'}_${'minutes' | 'hours' | 'days'}`;
  count: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "剩 8 小时" / "超期 2 天": minutes under an hour, hours under two days, then days; never 0. */
export function relativeDue(dueAt: string | Date, now: Date = new Date()): RelativeDue {
  const diff = new Date(dueAt).getTime() - now.getTime();
  const side = diff < 0 ? 'overdue' : 'left';
  const span = Math.abs(diff);
  if (span < HOUR) return { key: `${side}_minutes`, count: Math.max(1, Math.floor(span / MINUTE)) };
  if (span < 2 * DAY) return { key: `${side}_hours`, count: Math.floor(span / HOUR) };
  return { key: `${side}_days`, count: Math.floor(span / DAY) };
}
