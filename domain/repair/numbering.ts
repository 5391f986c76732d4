/**
 * Repair order numbers (报修工单), in the product's style (domain/workorders/numbering.ts):
 * 10 digits starting "16", the serial from the database sequence `repair_order_seq`
 * (db/migrations/014_repair.ts).
 */
export const REPAIR_ORDER_SEQUENCE = 'repair_order_seq';
const PREFIX = '16';
const DIGITS = 10;

export function formatRepairOrderNo(serial: number): string {
  const serialDigits = DIGITS - PREFIX.length;
  if (!Number.isSafeInteger(serial) || serial < 1 || String(serial).length > serialDigits) {
    throw new RangeError(`repair serial ${serial} does not fit ${serialDigits} digits`);
  }
  return PREFIX + String(serial).padStart(serialDigits, '0');
}

export function isRepairOrderNo(value: string): boolean {
  return value.length === DIGITS && value.startsWith(PREFIX) && /^\d+$/.test(value);
}
