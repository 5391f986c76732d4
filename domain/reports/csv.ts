/**
 * Reports as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the
 * local code page and Chinese comes out garbled), CRLF line ends, RFC 4180 quoting. A report
 * is several tables: each follows a line with its name, separated by an empty line.
 */
export type CsvValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface CsvTable {
  name: string;
  columns: readonly string[];
  rows: readonly (readonly CsvValue[])[];
}

export const BOM = '\uFEFF';

/** One field: quoted when it holds a comma, quote or line end; a formula's lead character defused. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(' ') : String(value);
  // A cell starting with = + - @ is run as a formula by Excel (CSV injection); numbers are safe.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** The whole file: a heading of name/value lines, then each table. */
export function toCsv(heading: readonly (readonly CsvValue[])[], tables: readonly CsvTable[]): string {
  const lines = heading.map(csvLine);
  for (const table of tables) {
    lines.push('', csvLine([table.name]), csvLine(table.columns), ...table.rows.map(csvLine));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
