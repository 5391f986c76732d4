import { Dlt645Error } from './errors';
import { FRAME_START, type Frame, parseFrameAt } from './frame';

export type ScanEvent =
  | { type: 'frame'; frame: Frame; raw: Buffer }
  /** A 68 that did not start a valid frame; scanning went on from the next 68. */
  | { type: 'rejected'; error: Dlt645Error; candidate: Buffer };

/**
 * Finds frames in a byte stream that arrives in arbitrary chunks. Preamble and noise
 * before a 68 are dropped; a bad candidate costs one byte and scanning resumes at the
 * next 68, so one corrupted frame does not hide the next good one.
 */
export class FrameScanner {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): ScanEvent[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const events: ScanEvent[] = [];
    for (;;) {
      const start = this.buffer.indexOf(FRAME_START);
      if (start < 0) {
        this.buffer = Buffer.alloc(0);
        return events;
      }
      const parsed = parseFrameAt(this.buffer, start);
      if (parsed.status === 'complete') {
        events.push({ type: 'frame', frame: parsed.frame, raw: Buffer.from(this.buffer.subarray(start, parsed.end)) });
        this.buffer = this.buffer.subarray(parsed.end);
      } else if (parsed.status === 'invalid') {
        events.push({ type: 'rejected', error: parsed.error, candidate: Buffer.from(this.buffer.subarray(start)) });
        this.buffer = this.buffer.subarray(start + 1);
      } else {
        const laterFrame = this.findCompleteFrameAfter(start);
        if (laterFrame < 0) {
          this.buffer = this.buffer.subarray(start);
          return events;
        }
        // A stray 68 announced a frame longer than what followed, yet a whole valid frame
        // is already here: the earlier candidate was noise.
        events.push({
          type: 'rejected',
          error: new Dlt645Error('TRUNCATED', 'frame start superseded by a complete frame'),
          candidate: Buffer.from(this.buffer.subarray(start, laterFrame)),
        });
        this.buffer = this.buffer.subarray(laterFrame);
      }
    }
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): Buffer {
    return Buffer.from(this.buffer);
  }

  reset(): void {
    this.buffer = Buffer.alloc(0);
  }

  private findCompleteFrameAfter(start: number): number {
    for (let at = this.buffer.indexOf(FRAME_START, start + 1); at >= 0; at = this.buffer.indexOf(FRAME_START, at + 1)) {
      if (parseFrameAt(this.buffer, at).status === 'complete') return at;
    }
    return -1;
  }
}
