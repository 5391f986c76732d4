import { digitsToWireBytes, wireBytesToDigits } from './bcd';
import { invalidInput } from './errors';

/** Reaches the only meter on a line; used to read an unknown meter's address. */
export const WILDCARD_ADDRESS = 'AAAAAAAAAAAA';
/** Every meter on the line acts on it and none replies. */
export const BROADCAST_ADDRESS = '999999999999';

export function isValidAddress(address: string): boolean {
  return /^\d{12}$/.test(address) || address === WILDCARD_ADDRESS;
}

export function encodeAddress(address: string): Buffer {
  if (!isValidAddress(address)) {
    throw invalidInput(`meter address must be 12 digits (or ${WILDCARD_ADDRESS}), got "${address}"`);
  }
  return digitsToWireBytes(address);
}

/** Not validated: a decoder must be able to show whatever a device sent. */
export function decodeAddress(wireBytes: Uint8Array): string {
  return wireBytesToDigits(wireBytes);
}
