import { fromBcdByte, toBcdByte } from './bcd';
import { invalidInput } from './errors';

/** Wall-clock fields as a meter shows them: Chinese meters keep China time (UTC+8, no DST). */
export interface MeterLocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const METER_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

export function toMeterLocalTime(date: Date): MeterLocalTime {
  if (Number.isNaN(date.getTime())) throw invalidInput('invalid Date');
  const shifted = new Date(date.getTime() + METER_UTC_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

export function meterLocalTimeToDate(time: MeterLocalTime): Date {
  return new Date(fieldsAsUtcMs(time) - METER_UTC_OFFSET_MS);
}

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * "2025-06-30T23:59:59" is taken as the meter's own clock, as an operator reads it off
 * the meter; "…Z" or "…+02:00" names an instant, converted to the meter's UTC+8.
 */
export function parseMeterLocalTime(iso: string): MeterLocalTime {
  const match = ISO_PATTERN.exec(iso.trim());
  if (!match) throw invalidInput(`"${iso}" is not an ISO date-time like 2025-06-30T23:59:59`);
  const [, year, month, day, hour, minute, second = '0', offset] = match;
  const fields: MeterLocalTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  assertValidMeterTime(fields);
  if (offset === undefined) return fields;
  return toMeterLocalTime(new Date(fieldsAsUtcMs(fields) - offsetMs(offset)));
}

export function formatMeterLocalTime(time: MeterLocalTime): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${time.year}-${two(time.month)}-${two(time.day)}T${two(time.hour)}:${two(time.minute)}:${two(time.second)}`;
}

/** The 6-byte wire form, ss mm hh DD MM YY. */
export function encodeMeterTime(time: MeterLocalTime): Buffer {
  assertValidMeterTime(time);
  return Buffer.from(
    [time.second, time.minute, time.hour, time.day, time.month, time.year - 2000].map(toBcdByte),
  );
}

export function decodeMeterTime(bytes: Uint8Array): MeterLocalTime {
  if (bytes.length !== 6) throw invalidInput(`a meter time is 6 bytes, got ${bytes.length}`);
  const [second, minute, hour, day, month, year] = Array.from(bytes, fromBcdByte) as [number, number, number, number, number, number];
  return { year: 2000 + year, month, day, hour, minute, second };
}

function assertValidMeterTime(time: MeterLocalTime): void {
  const roundTrip = new Date(fieldsAsUtcMs(time));
  const valid =
    time.year >= 2000 &&
    time.year <= 2099 &&
    roundTrip.getUTCMonth() + 1 === time.month &&
    roundTrip.getUTCDate() === time.day &&
    roundTrip.getUTCHours() === time.hour &&
    roundTrip.getUTCMinutes() === time.minute &&
    roundTrip.getUTCSeconds() === time.second;
  // Two BCD digits carry the year, so only 2000-2099 can be sent.
  if (!valid) throw invalidInput(`not a valid meter time (2000-2099): ${formatMeterLocalTime(time)}`);
}

function fieldsAsUtcMs(time: MeterLocalTime): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

function offsetMs(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60 * 1000;
}
