import { decodeAddress, encodeAddress } from './address';
import { Dlt645Error } from './errors';
import { type ControlField, parseControl } from './function-codes';
import { toSpacedHex } from '../hex';

export const FRAME_START = 0x68;
export const FRAME_END = 0x16;
/** Wake-up bytes masters send before a frame; meters may send 0-4 of them too. */
export const PREAMBLE_BYTE = 0xfe;
/** Added to every data byte on the wire so a payload never looks like 68 or 16 to a naive receiver. */
export const DATA_OFFSET = 0x33;
export const MAX_DATA_LENGTH = 200;
/** 68, six address bytes, 68, C, L. */
const HEADER_LENGTH = 10;
/** Header plus CS and 16. */
const FRAME_OVERHEAD = HEADER_LENGTH + 2;
export const MAX_FRAME_LENGTH = FRAME_OVERHEAD + MAX_DATA_LENGTH;

export interface FrameFields {
  address: string;
  control: number;
  /** Plain bytes, before the +33 scrambling. */
  data?: Buffer;
}

export interface Frame {
  address: string;
  control: ControlField;
  /** Plain bytes, the +33 scrambling already removed. */
  data: Buffer;
  /** The L byte. */
  length: number;
}

export interface EncodeOptions {
  /** FE bytes before the frame; masters send 4. */
  preamble?: number;
}

export function encodeFrame(fields: FrameFields, { preamble = 4 }: EncodeOptions = {}): Buffer {
  const data = fields.data ?? Buffer.alloc(0);
  if (data.length > MAX_DATA_LENGTH) {
    throw new Dlt645Error('OVERSIZED', `data is ${data.length} bytes, at most ${MAX_DATA_LENGTH} allowed`);
  }
  const body = Buffer.concat([
    Buffer.from([FRAME_START]),
    encodeAddress(fields.address),
    Buffer.from([FRAME_START, fields.control, data.length]),
    Buffer.from(data.map((byte) => (byte + DATA_OFFSET) & 0xff)),
  ]);
  return Buffer.concat([
    Buffer.alloc(preamble, PREAMBLE_BYTE),
    body,
    Buffer.from([checksum(body), FRAME_END]),
  ]);
}

export type FrameParse =
  | { status: 'complete'; frame: Frame; end: number }
  | { status: 'incomplete'; needed: number }
  | { status: 'invalid'; error: Dlt645Error };

/**
 * Reads the frame that starts with the 68 at `start`. The end is found from L, never
 * from a pause on the line: meters may pause up to 500 ms inside a frame.
 */
export function parseFrameAt(bytes: Buffer, start: number): FrameParse {
  const available = bytes.length - start;
  if (available > 7 && bytes.readUInt8(start + 7) !== FRAME_START) {
    return invalid('BAD_HEADER', `no second 68 seven bytes after the 68 at offset ${start}`);
  }
  if (available < HEADER_LENGTH) return { status: 'incomplete', needed: HEADER_LENGTH };

  const dataLength = bytes.readUInt8(start + 9);
  if (dataLength > MAX_DATA_LENGTH) {
    return invalid('OVERSIZED', `L=${dataLength} exceeds the ${MAX_DATA_LENGTH} bytes a frame may carry`);
  }
  const frameLength = FRAME_OVERHEAD + dataLength;
  if (available < frameLength) return { status: 'incomplete', needed: frameLength };

  const checksumAt = start + HEADER_LENGTH + dataLength;
  const expected = checksum(bytes.subarray(start, checksumAt));
  const actual = bytes.readUInt8(checksumAt);
  if (actual !== expected) {
    return invalid('BAD_CHECKSUM', `checksum is ${hexByte(actual)}, expected ${hexByte(expected)}`);
  }
  const endByte = bytes.readUInt8(checksumAt + 1);
  if (endByte !== FRAME_END) return invalid('BAD_END', `frame ends with ${hexByte(endByte)} instead of 16`);

  const scrambled = bytes.subarray(start + HEADER_LENGTH, checksumAt);
  return {
    status: 'complete',
    end: start + frameLength,
    frame: {
      address: decodeAddress(bytes.subarray(start + 1, start + 7)),
      control: parseControl(bytes.readUInt8(start + 8)),
      data: Buffer.from(scrambled.map((byte) => (byte - DATA_OFFSET) & 0xff)),
      length: dataLength,
    },
  };
}

/** Decodes exactly one frame, optionally preceded by FE bytes. */
export function decodeFrame(bytes: Buffer): Frame {
  let start = 0;
  while (start < bytes.length && bytes.readUInt8(start) === PREAMBLE_BYTE) start++;
  if (start === bytes.length) throw new Dlt645Error('NO_FRAME', 'no 68 frame start in the input');
  if (bytes.readUInt8(start) !== FRAME_START) {
    throw new Dlt645Error('NO_FRAME', `expected 68 at offset ${start}, found ${hexByte(bytes.readUInt8(start))}`);
  }
  const parsed = parseFrameAt(bytes, start);
  switch (parsed.status) {
    case 'invalid':
      throw parsed.error;
    case 'incomplete':
      throw new Dlt645Error('TRUNCATED', `frame needs ${parsed.needed} bytes, only ${bytes.length - start} present`);
    case 'complete':
      if (parsed.end < bytes.length) {
        throw new Dlt645Error('TRAILING_BYTES', `unexpected bytes after the frame: ${toSpacedHex(bytes.subarray(parsed.end))}`);
      }
      return parsed.frame;
  }
}

/** Sum of the bytes from the first 68 to the last data byte, modulo 256. */
export function checksum(bytes: Uint8Array): number {
  return bytes.reduce((sum, byte) => (sum + byte) & 0xff, 0);
}

function invalid(code: Dlt645Error['code'], message: string): FrameParse {
  return { status: 'invalid', error: new Dlt645Error(code, message) };
}

function hexByte(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
