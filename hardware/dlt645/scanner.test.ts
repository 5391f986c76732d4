import { parseHex } from '../hex';
import { Dlt645Error, FrameScanner, type ScanEvent, decodeFrame } from '.';

const STATUS_REPLY = parseHex('68 01 00 00 00 00 00 68 91 06 36 38 33 37 43 33 B6 16');
const CONTROL_OK = parseHex('68 01 00 00 00 00 00 68 9C 00 6D 16');

function frames(events: ScanEvent[]): Buffer[] {
  return events.flatMap((event) => (event.type === 'frame' ? [event.raw] : []));
}

function rejections(events: ScanEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'rejected' ? [event.error.code] : []));
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof Dlt645Error) return error.code;
    throw error;
  }
  throw new Error('expected a Dlt645Error');
}

describe('FrameScanner', () => {
  it('skips the FE preamble', () => {
    const events = new FrameScanner().push(Buffer.concat([parseHex('FE FE FE FE'), STATUS_REPLY]));
    expect(frames(events)).toEqual([STATUS_REPLY]);
    expect(rejections(events)).toEqual([]);
  });

  it('skips leading noise', () => {
    const events = new FrameScanner().push(Buffer.concat([parseHex('00 13 FF 42 16'), STATUS_REPLY]));
    expect(frames(events)).toEqual([STATUS_REPLY]);
  });

  it('finds two frames back to back', () => {
    const events = new FrameScanner().push(Buffer.concat([STATUS_REPLY, parseHex('FE FE'), CONTROL_OK]));
    expect(frames(events)).toEqual([STATUS_REPLY, CONTROL_OK]);
  });

  it('assembles a frame split into single bytes', () => {
    const scanner = new FrameScanner();
    const events = [...parseHex('FE FE'), ...STATUS_REPLY].flatMap((byte) => scanner.push(Buffer.from([byte])));
    expect(frames(events)).toEqual([STATUS_REPLY]);
  });

  it('waits for the rest of a frame from L, whatever the pauses', () => {
    const scanner = new FrameScanner();
    expect(scanner.push(STATUS_REPLY.subarray(0, 9))).toEqual([]);
    expect(scanner.push(STATUS_REPLY.subarray(9, 15))).toEqual([]);
    expect(scanner.pending).toEqual(STATUS_REPLY.subarray(0, 15));
    expect(frames(scanner.push(STATUS_REPLY.subarray(15)))).toEqual([STATUS_REPLY]);
  });

  it('rejects a bad checksum and still finds the next frame', () => {
    const corrupted = Buffer.from(STATUS_REPLY);
    corrupted[16] = 0xb7;
    const events = new FrameScanner().push(Buffer.concat([corrupted, CONTROL_OK]));
    expect(rejections(events)).toContain('BAD_CHECKSUM');
    expect(frames(events)).toEqual([CONTROL_OK]);
  });

  it('rejects a frame without the closing 16', () => {
    const unterminated = Buffer.from(CONTROL_OK);
    unterminated[11] = 0x00;
    const events = new FrameScanner().push(Buffer.concat([unterminated, STATUS_REPLY]));
    expect(rejections(events)).toContain('BAD_END');
    expect(frames(events)).toEqual([STATUS_REPLY]);
  });

  it('rejects L above 200 instead of waiting for it', () => {
    const events = new FrameScanner().push(parseHex('68 01 00 00 00 00 00 68 91 C9'));
    expect(rejections(events)).toEqual(['OVERSIZED']);
  });

  it('resyncs when a 68 is not followed by a second 68 seven bytes later', () => {
    const events = new FrameScanner().push(Buffer.concat([parseHex('68 11 22 33 44 55 66 77 88'), STATUS_REPLY]));
    expect(rejections(events)).toEqual(['BAD_HEADER']);
    expect(frames(events)).toEqual([STATUS_REPLY]);
  });

  it('drops a stray start whose announced length would swallow a complete frame', () => {
    // A noise 68 with a plausible header announcing 0x40 data bytes, then a real frame.
    const noise = parseHex('68 01 02 03 04 05 06 68 11 40');
    const events = new FrameScanner().push(Buffer.concat([noise, CONTROL_OK]));
    expect(frames(events)).toEqual([CONTROL_OK]);
    expect(rejections(events)).toEqual(['TRUNCATED']);
  });

  it('keeps nothing from pure noise', () => {
    const scanner = new FrameScanner();
    expect(scanner.push(parseHex('00 11 22 FE FE'))).toEqual([]);
    expect(scanner.pending).toHaveLength(0);
  });
});

describe('decodeFrame on broken input', () => {
  it.each([
    ['empty input', 'NO_FRAME', ''],
    ['only preamble', 'NO_FRAME', 'FE FE FE FE'],
    ['noise before the frame', 'NO_FRAME', '00 68 01 00 00 00 00 00 68 9C 00 6D 16'],
    ['truncated', 'TRUNCATED', '68 01 00 00 00 00 00 68 91 06 36 38 33'],
    ['bad checksum', 'BAD_CHECKSUM', '68 01 00 00 00 00 00 68 9C 00 6E 16'],
    ['missing 16', 'BAD_END', '68 01 00 00 00 00 00 68 9C 00 6D 00'],
    ['oversized', 'OVERSIZED', '68 01 00 00 00 00 00 68 91 FF'],
    ['no second 68', 'BAD_HEADER', '68 01 00 00 00 00 00 00 9C 00 6D 16'],
    ['trailing bytes', 'TRAILING_BYTES', '68 01 00 00 00 00 00 68 9C 00 6D 16 00'],
  ])('%s -> %s', (_case, code, hex) => {
    expect(codeOf(() => decodeFrame(parseHex(hex)))).toBe(code);
  });

  it('accepts the preamble a meter may send', () => {
    expect(decodeFrame(Buffer.concat([parseHex('FE FE'), CONTROL_OK])).control.raw).toBe(0x9c);
  });
});
