export type Dlt645ErrorCode =
  /** No 68 start byte where a frame was expected. */
  | 'NO_FRAME'
  /** A 68 start byte without the second 68 seven bytes later. */
  | 'BAD_HEADER'
  /** L above the 200 bytes the standard allows. */
  | 'OVERSIZED'
  /** The input ends before the frame does. */
  | 'TRUNCATED'
  | 'BAD_CHECKSUM'
  /** The byte after CS is not 16. */
  | 'BAD_END'
  /** Bytes after a complete frame where exactly one frame was expected. */
  | 'TRAILING_BYTES'
  /** A well-formed frame whose data does not decode (wrong size, not BCD). */
  | 'BAD_VALUE'
  /** A caller passed a malformed address, DI, password, time... */
  | 'INVALID_INPUT';

export class Dlt645Error extends Error {
  constructor(
    readonly code: Dlt645ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'Dlt645Error';
  }
}

export function invalidInput(message: string): Dlt645Error {
  return new Dlt645Error('INVALID_INPUT', message);
}
