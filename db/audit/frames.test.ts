import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHex } from '../../hardware/hex';
import { decodeExchanges, decodeOneFrame, decodeReceived } from './frames';

interface Vector {
  name: string;
  direction: 'master' | 'meter';
  hex: string;
}

const vectors: Vector[] = JSON.parse(readFileSync(path.resolve(__dirname, '../../hardware/dlt645/fixtures/vectors.json'), 'utf8')).vectors;
const decode = (v: Vector) => (v.direction === 'master' ? decodeOneFrame(parseHex(v.hex)) : decodeReceived(parseHex(v.hex)).frames[0]!);

/** What an auditor must read from each reference frame, in the UI's terms (codes and plain values). */
const EXPECTED: Record<string, object> = {
  read_forward_active_total: { direction: 'to-meter', function: 'read-data', meaning: 'read-item', params: { di: '00010000', item: 'energy-forward' }, dataIdentifier: { di: '00010000', item: 'energy-forward' } },
  reply_forward_active_1234_56: { direction: 'from-meter', function: 'read-data', meaning: 'value', params: { di: '00010000', item: 'energy-forward', kWh: 1234.56 } },
  reply_forward_active_112280_26: { direction: 'from-meter', meaning: 'value', params: { di: '00010000', item: 'energy-forward', kWh: 112280.26 } },
  trip: {
    direction: 'to-meter',
    address: '000000000001',
    control: '1C',
    function: 'remote-control',
    meaning: 'trip',
    params: { commandCode: '0x1A', passwordLevel: '0x02', operatorCode: '00000000', deadline: '2025-06-30T23:59:59' },
  },
  close_allowed: { function: 'remote-control', meaning: 'close-allowed', params: expect.objectContaining({ commandCode: '0x1B' }) },
  direct_close: { function: 'remote-control', meaning: 'direct-close', params: expect.objectContaining({ commandCode: '0x1C' }) },
  reply_control_ok: { direction: 'from-meter', control: '9C', function: 'remote-control', meaning: 'control-accepted', flags: [] },
  reply_control_password_error: { direction: 'from-meter', control: 'DC', meaning: 'control-refused', params: { errorByte: '0x04' }, flags: ['error-unauthorized'] },
  read_status_word_3: { direction: 'to-meter', meaning: 'read-item', params: { di: '04000503', item: 'status-word-3' } },
  reply_status_word_3_relay_off: { meaning: 'relay-open', params: expect.objectContaining({ raw: '0x0010', meterType: 'not-prepaid' }), flags: ['relay-commanded-close'] },
  reply_status_word_3_relay_on: { meaning: 'relay-closed', params: expect.objectContaining({ raw: '0x0000' }), flags: ['relay-commanded-close'] },
  read_address_wildcard: { direction: 'to-meter', address: 'AAAAAAAAAAAA', function: 'read-address', meaning: 'read-address' },
  reply_address: { direction: 'from-meter', function: 'read-address', meaning: 'address', params: { address: '000000000001' } },
  read_other_address: { direction: 'to-meter', address: '202208310002', meaning: 'read-other', params: { di: '028022FF' }, dataIdentifier: { di: '028022FF', item: null } },
};

describe('every reference frame decodes into the auditor\'s terms', () => {
  it('has an expectation for each vector in the file', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(vectors.map((v) => v.name).sort());
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (name, vector) => {
    const frame = decode(vector);
    expect(frame).toMatchObject({ fault: null, ...EXPECTED[name] });
    // The frame's own bytes, without the wake-up preamble.
    expect(parseHex(vector.hex).toString('hex').toUpperCase()).toContain(frame.hex.replace(/ /g, ''));
    expect(frame.hex.startsWith('68')).toBe(true);
  });
});

describe('replies as lines deliver them', () => {
  it('skips wake-up bytes and counts noise, finding the frame inside', () => {
    const { frames, noiseBytes } = decodeReceived(parseHex('FE FE 00 11 68 01 00 00 00 00 00 68 9C 00 6D 16'));
    expect(frames.map((f) => f.meaning)).toEqual(['control-accepted']);
    expect(noiseBytes).toBe(2);
  });

  it('names why bytes are no frame (a corrupted checksum)', () => {
    const { frames } = decodeReceived(parseHex('68 01 00 00 00 00 00 68 9C 00 6E 16'));
    expect(frames).toEqual([expect.objectContaining({ meaning: 'undecodable', fault: 'BAD_CHECKSUM' })]);
  });

  it('marks a keep-power status and a meter type from status word 3', () => {
    // 0x1150: relay open, trip commanded, keep-power, energy-prepaid.
    const data = Buffer.from([0x03, 0x05, 0x00, 0x04, 0x50, 0x11].map((b) => (b + 0x33) & 0xff));
    const body = Buffer.concat([Buffer.from([0x68, 1, 0, 0, 0, 0, 0, 0x68, 0x91, data.length]), data]);
    const cs = body.reduce((sum, b) => (sum + b) & 0xff, 0);
    const frame = decodeReceived(Buffer.concat([body, Buffer.from([cs, 0x16])])).frames[0]!;
    expect(frame).toMatchObject({ meaning: 'relay-open', params: { raw: '0x1150', meterType: 'energy-prepaid' }, flags: ['relay-commanded-trip', 'keep-power'] });
  });
});

describe('a command\'s exchanges', () => {
  it('decodes each frame beside its hex, with offsets, gaps and the time on the wire', () => {
    const hex = (name: string) => vectors.find((v) => v.name === name)!.hex;
    const decoded = decodeExchanges([
      { sentHex: hex('trip'), receivedHex: hex('reply_control_ok'), at: '2026-01-05T02:00:00.000Z' },
      { sentHex: hex('read_status_word_3'), receivedHex: hex('reply_status_word_3_relay_off'), at: '2026-01-05T02:00:00.420Z' },
      { sentHex: hex('read_status_word_3'), receivedHex: null, at: '2026-01-05T02:00:01.000Z', note: 'no reply' },
    ]);
    expect(decoded.map((d) => [d.sent.meaning, d.received.map((r) => r.meaning), d.offsetMs, d.untilNextMs, d.note])).toEqual([
      ['trip', ['control-accepted'], 0, 420, null],
      ['read-item', ['relay-open'], 420, 580, null],
      ['read-item', [], 1000, null, 'no reply'],
    ]);
    // 32 bytes at 2400 baud, 11 bits each.
    expect(decoded[0]!.timing).toEqual({ baud: 2400, sentBytes: 32, receivedBytes: 12, sentWireMs: 146.7, receivedWireMs: 55 });
  });
});
