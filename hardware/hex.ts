/** "68 01 00 ..." — the form operators and meter manuals use, and what audit records store. */
export function toSpacedHex(bytes: Uint8Array | readonly number[]): string {
  return Array.from(bytes, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** Accepts hex with or without whitespace ("68 01 00", "680100"). */
export function parseHex(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(compact)) {
    throw new TypeError(`not a sequence of hex bytes: "${text}"`);
  }
  return Buffer.from(compact, 'hex');
}
