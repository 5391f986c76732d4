import { invalidInput } from './errors';

export function isBcdByte(byte: number): boolean {
  return (byte & 0x0f) <= 9 && byte >> 4 <= 9;
}

export function toBcdByte(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 99) throw invalidInput(`${value} does not fit one BCD byte`);
  return ((value / 10) << 4) | value % 10;
}

export function fromBcdByte(byte: number): number {
  if (!isBcdByte(byte)) throw invalidInput(`0x${byte.toString(16)} is not a BCD byte`);
  return (byte >> 4) * 10 + (byte & 0x0f);
}

/**
 * DL/T 645 sends multi-byte fields least significant byte first, while people write them
 * most significant digit first: "000000000001" travels as 01 00 00 00 00 00.
 */
export function digitsToWireBytes(digits: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(digits)) throw invalidInput(`"${digits}" is not an even number of hex digits`);
  return Buffer.from(digits, 'hex').reverse();
}

/** Inverse of digitsToWireBytes; digits come back upper-case. */
export function wireBytesToDigits(bytes: Uint8Array): string {
  return Buffer.from(bytes).reverse().toString('hex').toUpperCase();
}

/** An unsigned BCD number sent low byte first, e.g. 56 34 12 00 -> 123456. */
export function wireBcdToNumber(bytes: Uint8Array): number {
  return Array.from(bytes).reduceRight((total, byte) => total * 100 + fromBcdByte(byte), 0);
}

export function numberToWireBcd(value: number, byteCount: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value >= 100 ** byteCount) {
    throw invalidInput(`${value} does not fit ${byteCount} BCD bytes`);
  }
  const bytes = Buffer.alloc(byteCount);
  let rest = value;
  for (let i = 0; i < byteCount; i++) {
    bytes[i] = toBcdByte(rest % 100);
    rest = Math.floor(rest / 100);
  }
  return bytes;
}
