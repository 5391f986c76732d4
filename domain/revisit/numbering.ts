/**
 * Revisit numbers (回访单号), in the product's style (domain/workorders/numbering.ts): 10 digits
 * starting "18", the serial from the database sequence `revisit_seq`
 * (db/migrations/025_ratings_revisits.ts).
 */
export const REVISIT_SEQUENCE = 'revisit_seq';
const PREFIX = '18';
const DIGITS = 10;

export function formatRevisitNo(serial: number): string {
  const serialDigits = DIGITS - PREFIX.length;
  if (!Number.isSafeInteger(serial) || serial < 1 || String(serial).length > serialDigits) {
    throw new RangeError(`revisit serial ${serial} does not fit ${serialDigits} digits`);
  }
  return PREFIX + String(serial).padStart(serialDigits, '0');
}
