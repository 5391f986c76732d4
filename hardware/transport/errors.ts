export type LineErrorCode =
  /** Not a byte came back within the reply timeout. */
  | 'REPLY_TIMEOUT'
  /** A reply started but no complete frame arrived before the line went quiet. */
  | 'INTER_BYTE_TIMEOUT'
  /** More bytes than any reply could need, yet no frame: a noisy or misconfigured line. */
  | 'GARBLED_REPLY'
  | 'LINE_CLOSED'
  /** The caller gave up (e.g. its activity was cancelled) before the request's turn: nothing was sent. */
  | 'CANCELLED';

export class LineError extends Error {
  constructor(
    readonly code: LineErrorCode,
    message: string,
    /** Everything the line delivered while waiting, for the audit trail. */
    readonly received: Buffer = Buffer.alloc(0),
  ) {
    super(message);
    this.name = 'LineError';
  }
}
