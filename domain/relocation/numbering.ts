/**
 * Relocation order numbers (移机工单), in the product's style (domain/repair/numbering.ts):
 * 10 digits starting "17", the serial from the database sequence `relocation_order_seq`
 * (db/migrations/023_relocation.ts).
 */
export const RELOCATION_ORDER_SEQUENCE = 'relocation_order_seq';
const PREFIX = '17';
const DIGITS = 10;

export function formatRelocationOrderNo(serial: number): string {
  const serialDigits = DIGITS - PREFIX.length;
  if (!Number.isSafeInteger(serial) || serial < 1 || String(serial).length > serialDigits) {
    throw new RangeError(`relocation serial ${serial} does not fit ${serialDigits} digits`);
  }
  return PREFIX + String(serial).padStart(serialDigits, '0');
}

export function isRelocationOrderNo(value: string): boolean {
  return value.length === DIGITS && value.startsWith(PREFIX) && /^\d+$/.test(value);
}
