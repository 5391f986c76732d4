import { WILDCARD_ADDRESS } from '../dlt645/address';
import { type Frame, decodeFrame } from '../dlt645/frame';
import { FrameScanner } from '../dlt645/scanner';
import type { ByteChannel } from './byte-channel';
import { LineError } from './errors';

export interface LineTimeouts {
  /** From the end of our write to the first byte of the reply. */
  replyTimeoutMs: number;
  /** Longest pause allowed inside a reply (the standard allows meters 500 ms). */
  interByteTimeoutMs: number;
}

export interface RequestOptions extends Partial<LineTimeouts> {
  /** False for broadcasts: the promise resolves once the frame has been sent. */
  expectReply?: boolean;
  /**
   * Aborted before the request's turn on the line, the request is dropped unsent (CANCELLED).
   * A frame already on the wire still gets its reply: half an exchange helps nobody.
   */
  signal?: AbortSignal;
}

export interface LineReply {
  frame: Frame;
  /** The reply frame's own bytes. */
  raw: Buffer;
  /** Everything the line delivered during the exchange: preamble, noise and the frame. */
  received: Buffer;
}

export const DEFAULT_LINE_TIMEOUTS: LineTimeouts = { replyTimeoutMs: 1500, interByteTimeoutMs: 500 };

/** No reply needs more: preamble, the largest frame and some noise. */
const MAX_REPLY_BYTES = 512;

/**
 * One RS-485 line: half duplex, so exactly one request is in flight and callers queue in
 * order. Bytes that arrive while no request is waiting (a late reply to a request that
 * already timed out, noise) are dropped.
 */
export class MeterLine {
  private queue: Promise<unknown> = Promise.resolve();
  private receiver: ((chunk: Buffer) => void) | undefined;
  private abortExchange: ((error: LineError) => void) | undefined;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly timeouts: LineTimeouts;

  constructor(
    private readonly channel: ByteChannel,
    timeouts: Partial<LineTimeouts> = {},
  ) {
    this.timeouts = { ...DEFAULT_LINE_TIMEOUTS, ...timeouts };
    this.unsubscribe = channel.onData((chunk) => this.receiver?.(chunk));
  }

  request(frame: Buffer, options: RequestOptions & { expectReply: false }): Promise<null>;
  request(frame: Buffer, options?: RequestOptions): Promise<LineReply>;
  async request(frame: Buffer, options: RequestOptions = {}): Promise<LineReply | null> {
    const request = decodeFrame(frame);
    const turn = this.queue.then(() => this.exchange(frame, request, options));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Fails the request in flight and every queued one with LINE_CLOSED, then closes the channel. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.abortExchange?.(new LineError('LINE_CLOSED', 'line closed while waiting for a reply'));
    await this.channel.close();
  }

  private async exchange(bytes: Buffer, request: Frame, options: RequestOptions): Promise<LineReply | null> {
    if (this.closed) throw new LineError('LINE_CLOSED', 'line is closed');
    if (options.signal?.aborted) throw new LineError('CANCELLED', 'request cancelled before it was sent');
    if (options.expectReply === false) {
      await this.channel.write(bytes);
      return null;
    }
    const replyTimeoutMs = options.replyTimeoutMs ?? this.timeouts.replyTimeoutMs;
    const interByteTimeoutMs = options.interByteTimeoutMs ?? this.timeouts.interByteTimeoutMs;

    return new Promise<LineReply>((resolve, reject) => {
      const scanner = new FrameScanner();
      const chunks: Buffer[] = [];
      let receivedLength = 0;
      let sent = false;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;

      const received = () => Buffer.concat(chunks);
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.receiver = undefined;
        this.abortExchange = undefined;
        outcome();
      };
      const fail = (error: Error) => settle(() => reject(error));
      const waitAtMost = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          fail(
            receivedLength === 0
              ? new LineError('REPLY_TIMEOUT', `no reply within ${replyTimeoutMs} ms`)
              : new LineError('INTER_BYTE_TIMEOUT', `${receivedLength} bytes but no reply frame; line quiet for ${interByteTimeoutMs} ms`, received()),
          );
        }, ms);
      };

      this.receiver = (chunk) => {
        chunks.push(chunk);
        receivedLength += chunk.length;
        for (const event of scanner.push(chunk)) {
          if (event.type === 'frame' && isReplyTo(request, event.frame)) {
            return settle(() => resolve({ frame: event.frame, raw: event.raw, received: received() }));
          }
        }
        if (receivedLength > MAX_REPLY_BYTES) {
          return fail(new LineError('GARBLED_REPLY', `${receivedLength} bytes without a reply frame`, received()));
        }
        if (sent) waitAtMost(interByteTimeoutMs);
      };
      this.abortExchange = fail;

      this.channel.write(bytes).then(
        () => {
          sent = true;
          if (!settled) waitAtMost(replyTimeoutMs);
        },
        (error: Error) => fail(error),
      );
    });
  }
}

/**
 * Our own frame echoed by an adapter, or another meter's traffic on the bus, is not the
 * reply: it must come from the addressed meter and answer the same function.
 */
function isReplyTo(request: Frame, candidate: Frame): boolean {
  return (
    candidate.control.fromMeter &&
    candidate.control.func === request.control.func &&
    (request.address === WILDCARD_ADDRESS || candidate.address === request.address)
  );
}
