import type { DbRow } from '../connection';
import type { MeterTarget, RelayCommand } from '../../hardware/driver';

/** A customer's remote meter as the workflows address it: which site's worker, which line. */
export interface SiteMeter extends MeterTarget {
  site: string;
  line: string;
  /** How this meter is reconnected: closed outright, or allowed for the customer to close. */
  closeCommand: Extract<RelayCommand, 'direct-close' | 'close-allowed'>;
}

/** The meter's columns for a query that left-joins `meters as m` to its customer. */
export const METER_COLUMNS = ['m.address as meter_address', 'm.protocol', 'm.site', 'm.line', 'm.password_level', 'm.password', 'm.operator_code', 'm.close_command'];

/** The meter of a row read with METER_COLUMNS; null for a customer without one. */
export function siteMeterOf(row: DbRow): SiteMeter | null {
  if (!row.meter_address) return null;
  return {
    address: row.meter_address,
    protocol: row.protocol,
    passwordLevel: row.password_level,
    password: row.password,
    operatorCode: row.operator_code,
    site: row.site,
    line: row.line,
    closeCommand: row.close_command,
  };
}
