/**
 * Money on the relocation screens: the API speaks in fen (1/100 yuan, integers); people read
 * and type yuan with two decimals. Integer arithmetic only, so 0.1 + 0.2 never shows.
 */

/** 15000 → "150.00", 100000000 → "1,000,000.00", -3000 → "-30.00". */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a whole number, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Yuan as a clerk types them: digits, at most two decimals, no sign. */
const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** "12.5" → 1250, "0" → 0; null for anything that is not an amount of yuan with at most two decimals. */
export function fenOfYuan(text: string): number | null {
  const m = YUAN.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
