import { fromBcdByte, numberToWireBcd, wireBcdToNumber } from './bcd';
import { invalidInput } from './errors';

// Value formats from the DI table. All are BCD, least significant byte first; in signed
// formats the top bit of the most significant byte is the sign.

const SIGN_BIT = 0x80;

/** XXXXXX.XX kWh in 4 bytes. */
export function decodeEnergy(bytes: Uint8Array, signed: boolean): number {
  return decodeScaled(bytes, 100, signed);
}

export function encodeEnergy(kWh: number, signed: boolean): Buffer {
  return encodeScaled(kWh, 4, 100, signed);
}

/** XXX.X V, 2 bytes a phase, phases A, B, C. */
export function decodeVoltages(bytes: Uint8Array): Phases {
  return decodePhases(bytes, 2, (phase) => decodeScaled(phase, 10, false));
}

export function encodeVoltages(volts: Phases): Buffer {
  return Buffer.concat([volts.a, volts.b, volts.c].map((value) => encodeScaled(value, 2, 10, false)));
}

/** XXX.XXX A, 3 bytes a phase with sign (negative = reverse flow). */
export function decodeCurrents(bytes: Uint8Array): Phases {
  return decodePhases(bytes, 3, (phase) => decodeScaled(phase, 1000, true));
}

export function encodeCurrents(amps: Phases): Buffer {
  return Buffer.concat([amps.a, amps.b, amps.c].map((value) => encodeScaled(value, 3, 1000, true)));
}

export interface Phases {
  a: number;
  b: number;
  c: number;
}

export interface MeterDate {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
}

/** YYMMDDWW, sent WW DD MM YY. */
export function decodeMeterDate(bytes: Uint8Array): MeterDate {
  const [weekday, day, month, year] = expectBcd(bytes, 4) as [number, number, number, number];
  return { year: 2000 + year, month, day, weekday };
}

export function encodeMeterDate(date: MeterDate): Buffer {
  return Buffer.concat([date.weekday, date.day, date.month, date.year - 2000].map((n) => numberToWireBcd(n, 1)));
}

export interface MeterClock {
  hour: number;
  minute: number;
  second: number;
}

/** hhmmss, sent ss mm hh. */
export function decodeMeterClock(bytes: Uint8Array): MeterClock {
  const [second, minute, hour] = expectBcd(bytes, 3) as [number, number, number];
  return { hour, minute, second };
}

export function encodeMeterClock(clock: MeterClock): Buffer {
  return Buffer.concat([clock.second, clock.minute, clock.hour].map((n) => numberToWireBcd(n, 1)));
}

function decodeScaled(bytes: Uint8Array, divisor: number, signed: boolean): number {
  const magnitude = Buffer.from(bytes);
  const top = magnitude.length - 1;
  const negative = signed && (magnitude.readUInt8(top) & SIGN_BIT) !== 0;
  if (negative) magnitude[top] = magnitude.readUInt8(top) & ~SIGN_BIT;
  const value = wireBcdToNumber(magnitude) / divisor;
  return negative ? -value : value;
}

function encodeScaled(value: number, byteCount: number, divisor: number, signed: boolean): Buffer {
  if (value < 0 && !signed) throw invalidInput(`${value} is negative but the format is unsigned`);
  const bytes = numberToWireBcd(Math.round(Math.abs(value) * divisor), byteCount);
  const top = byteCount - 1;
  if (signed && (bytes.readUInt8(top) & SIGN_BIT) !== 0) throw invalidInput(`${value} is too large for the format`);
  if (value < 0) bytes[top] = bytes.readUInt8(top) | SIGN_BIT;
  return bytes;
}

function decodePhases(bytes: Uint8Array, size: number, decode: (phase: Uint8Array) => number): Phases {
  if (bytes.length !== size * 3) throw invalidInput(`expected ${size * 3} bytes for three phases, got ${bytes.length}`);
  const [a, b, c] = [0, 1, 2].map((phase) => decode(bytes.subarray(phase * size, (phase + 1) * size))) as [number, number, number];
  return { a, b, c };
}

function expectBcd(bytes: Uint8Array, count: number): number[] {
  if (bytes.length !== count) throw invalidInput(`expected ${count} bytes, got ${bytes.length}`);
  return Array.from(bytes, fromBcdByte);
}
