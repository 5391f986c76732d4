import { parseHex } from '../hex';
import { broadcastTime, decodeFrame, readData } from '../dlt645';
import { LineError, MeterLine, createInMemoryChannelPair } from '.';
import type { ByteChannel } from '.';

const STATUS_READ = readData('000000000001', '04000503');
const STATUS_REPLY = parseHex('68 01 00 00 00 00 00 68 91 06 36 38 33 37 43 33 B6 16');
const BROADCAST = broadcastTime(new Date('2025-06-30T15:59:59Z'));

let line: MeterLine;
let meterEnd: ByteChannel;

beforeEach(() => {
  const [master, meter] = createInMemoryChannelPair();
  line = new MeterLine(master, { replyTimeoutMs: 100, interByteTimeoutMs: 40 });
  meterEnd = meter;
});

afterEach(() => line.close());

/** A scripted meter: answers each request with the next scripted chunks. */
function answerWith(...replies: Buffer[][]): Buffer[] {
  const requests: Buffer[] = [];
  meterEnd.onData(async (chunk) => {
    requests.push(chunk);
    for (const part of replies.shift() ?? []) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await meterEnd.write(part);
    }
  });
  return requests;
}

function lineErrorCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof LineError ? error.code : String(error)),
  );
}

describe('MeterLine', () => {
  it('returns the decoded reply and the bytes received', async () => {
    answerWith([Buffer.concat([parseHex('FE FE'), STATUS_REPLY])]);
    const reply = await line.request(STATUS_READ);
    expect(reply.frame).toEqual(decodeFrame(STATUS_REPLY));
    expect(reply.raw).toEqual(STATUS_REPLY);
    expect(reply.received).toEqual(Buffer.concat([parseHex('FE FE'), STATUS_REPLY]));
  });

  it('puts a reply together from chunks with pauses shorter than the inter-byte timeout', async () => {
    answerWith([STATUS_REPLY.subarray(0, 5), STATUS_REPLY.subarray(5, 11), STATUS_REPLY.subarray(11)]);
    await expect(line.request(STATUS_READ)).resolves.toMatchObject({ raw: STATUS_REPLY });
  });

  it('keeps one request in flight; concurrent callers wait their turn', async () => {
    const timeline: string[] = [];
    meterEnd.onData((chunk) => {
      timeline.push(`request ${chunk.length}`);
      setTimeout(() => void meterEnd.write(STATUS_REPLY), 10);
    });
    await Promise.all(
      [1, 2, 3].map((n) => line.request(STATUS_READ).then(() => timeline.push(`reply ${n}`))),
    );
    expect(timeline).toEqual(['request 20', 'reply 1', 'request 20', 'reply 2', 'request 20', 'reply 3']);
  });

  it('fails with REPLY_TIMEOUT when the meter is silent, then serves the next caller', async () => {
    answerWith([], [STATUS_REPLY]);
    const silent = line.request(STATUS_READ);
    const next = line.request(STATUS_READ);
    expect(await lineErrorCode(silent)).toBe('REPLY_TIMEOUT');
    await expect(next).resolves.toMatchObject({ raw: STATUS_REPLY });
  });

  it('fails with INTER_BYTE_TIMEOUT and the bytes when a reply stops halfway', async () => {
    answerWith([STATUS_REPLY.subarray(0, 8)]);
    const error = await line.request(STATUS_READ).catch((e: LineError) => e);
    expect(error).toMatchObject({ code: 'INTER_BYTE_TIMEOUT', received: STATUS_REPLY.subarray(0, 8) });
  });

  it('fails with GARBLED_REPLY when noise keeps coming', async () => {
    answerWith([Buffer.alloc(300, 0x55), Buffer.alloc(300, 0x55)]);
    expect(await lineErrorCode(line.request(STATUS_READ))).toBe('GARBLED_REPLY');
  });

  it('discards stray bytes that arrived before the request', async () => {
    await meterEnd.write(STATUS_REPLY.subarray(0, 12));
    await new Promise((resolve) => setTimeout(resolve, 5));
    answerWith([STATUS_REPLY]);
    await expect(line.request(STATUS_READ)).resolves.toMatchObject({ received: STATUS_REPLY });
  });

  it('ignores an echo of its own request and frames from other meters', async () => {
    const otherMeter = Buffer.from(STATUS_REPLY);
    otherMeter[1] = 0x02;
    otherMeter[16] = 0xb7;
    answerWith([STATUS_READ, otherMeter, STATUS_REPLY]);
    await expect(line.request(STATUS_READ)).resolves.toMatchObject({ raw: STATUS_REPLY });
  });

  it('resolves a broadcast once written, without waiting for a reply', async () => {
    const requests = answerWith();
    await expect(line.request(BROADCAST, { expectReply: false })).resolves.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toEqual([BROADCAST]);
  });

  it('rejects a malformed request before touching the line', async () => {
    const requests = answerWith();
    await expect(line.request(parseHex('68 01 02'))).rejects.toMatchObject({ code: 'TRUNCATED' });
    expect(requests).toEqual([]);
  });

  it('fails the request in flight and queued ones when closed', async () => {
    answerWith();
    const inFlight = lineErrorCode(line.request(STATUS_READ));
    const queued = lineErrorCode(line.request(STATUS_READ));
    await line.close();
    expect(await inFlight).toBe('LINE_CLOSED');
    expect(await queued).toBe('LINE_CLOSED');
  });

  it('drops a queued request whose signal aborted before its turn, without touching the line', async () => {
    const requests = answerWith([STATUS_REPLY], [STATUS_REPLY]);
    const abort = new AbortController();
    const first = line.request(STATUS_READ);
    const dropped = lineErrorCode(line.request(STATUS_READ, { signal: abort.signal }));
    abort.abort();
    await expect(first).resolves.toMatchObject({ raw: STATUS_REPLY });
    expect(await dropped).toBe('CANCELLED');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toHaveLength(1);
  });
});
