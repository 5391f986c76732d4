import { DAY_MS } from './china-clock';

/**
 * The PRC public holidays of 2026 as the State Council published them (国务院办公厅关于2026年
 * 部分节假日安排的通知, 国办发明电〔2025〕7号, 4 November 2025). The calendar changes every
 * year, so it is a policy default that a workflow designer extends each November.
 */

/** Every day off, weekend days inside a holiday included: they stay off when weekends are allowed. */
export const PRC_HOLIDAYS_2026: readonly string[] = [
  ...dateRange('2026-01-01', 3), // 元旦
  ...dateRange('2026-02-15', 9), // 春节
  ...dateRange('2026-04-04', 3), // 清明节
  ...dateRange('2026-05-01', 5), // 劳动节
  ...dateRange('2026-06-19', 3), // 端午节
  ...dateRange('2026-09-25', 3), // 中秋节
  ...dateRange('2026-10-01', 7), // 国庆节
];

/** Weekend days worked in exchange for the holidays (调休上班). */
export const PRC_WORKDAY_OVERRIDES_2026: readonly string[] = [
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
];

function dateRange(first: string, days: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}
