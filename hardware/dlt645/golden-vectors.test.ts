import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHex, toSpacedHex } from '../hex';
import { WILDCARD_ADDRESS, decodeFrame, interpretReply, readAddress, readData, remoteControl } from '.';
import type { RemoteControlCommand } from '.';

interface Vector {
  name: string;
  direction: 'master' | 'meter';
  hex: string;
}

// The project's own copy of the reference frames (from the DL/T 645 notes), so a clone needs nothing beside it.
const VECTORS_FILE = path.resolve(__dirname, 'fixtures/vectors.json');
const vectors: Vector[] = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')).vectors;

function vector(name: string): Vector {
  const found = vectors.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`vector ${name} missing from ${VECTORS_FILE}`);
  return found;
}

function reply(name: string) {
  return interpretReply(decodeFrame(parseHex(vector(name).hex)));
}

const METER = '000000000001';
const DEADLINE = { year: 2025, month: 6, day: 30, hour: 23, minute: 59, second: 59 };

async function controlFrame(command: RemoteControlCommand): Promise<Buffer> {
  return remoteControl({ address: METER, passwordLevel: 0x02, password: '000000', operatorCode: '00000000', command, deadline: DEADLINE });
}

describe('master frames reproduce the reference vectors byte for byte', () => {
  const encoders: Record<string, () => Buffer | Promise<Buffer>> = {
    read_forward_active_total: () => readData(METER, '00010000'),
    trip: () => controlFrame('trip'),
    close_allowed: () => controlFrame('close-allowed'),
    direct_close: () => controlFrame('direct-close'),
    read_status_word_3: () => readData(METER, '04000503'),
    read_address_wildcard: () => readAddress(),
    // The only master vector without a wake-up preamble.
    read_other_address: () => readData('202208310002', '028022FF', { preamble: 0 }),
  };

  it('covers every master vector in the file', () => {
    const masterNames = vectors.filter((v) => v.direction === 'master').map((v) => v.name);
    expect(Object.keys(encoders).sort()).toEqual(masterNames.sort());
  });

  it.each(Object.keys(encoders))('%s', async (name) => {
    const encode = encoders[name]!;
    expect(toSpacedHex(await encode())).toBe(vector(name).hex);
  });
});

describe('meter frames decode to their stated meaning', () => {
  it('reads forward active energy 1234.56 kWh', () => {
    expect(reply('reply_forward_active_1234_56')).toMatchObject({
      kind: 'read-data',
      di: '00010000',
      value: { type: 'energy', kWh: 1234.56 },
    });
  });

  it('reads 112280.26 kWh captured from a real meter', () => {
    expect(reply('reply_forward_active_112280_26')).toMatchObject({ di: '00010000', value: { kWh: 112280.26 } });
  });

  it('accepts a remote control', () => {
    expect(reply('reply_control_ok')).toEqual({ kind: 'control-accepted' });
  });

  it('refuses a remote control with error bit 2, wrong password', () => {
    expect(reply('reply_control_password_error')).toEqual({ kind: 'control-error', errorByte: 0x04, errors: ['unauthorized'] });
  });

  it('reports the relay open (power off) in status word 3 = 0x0010', () => {
    expect(reply('reply_status_word_3_relay_off')).toMatchObject({
      di: '04000503',
      value: { type: 'status-word-3', status: { raw: 0x0010, relayOpen: true, relayCommandTripped: false } },
    });
  });

  it('reports the relay closed (power on) in status word 3 = 0x0000', () => {
    expect(reply('reply_status_word_3_relay_on')).toMatchObject({
      value: { status: { raw: 0, relayOpen: false, meterType: 'not-prepaid', keepPower: false } },
    });
  });

  it('answers the wildcard read with address 000000000001', () => {
    expect(reply('reply_address')).toEqual({ kind: 'address', address: METER });
  });

  it('decodes every meter frame as a meter reply from 000000000001', () => {
    for (const meterVector of vectors.filter((v) => v.direction === 'meter')) {
      const frame = decodeFrame(parseHex(meterVector.hex));
      expect(frame).toMatchObject({ address: METER, control: { fromMeter: true } });
    }
  });

  it('decodes the wildcard master frame address', () => {
    expect(decodeFrame(parseHex(vector('read_address_wildcard').hex)).address).toBe(WILDCARD_ADDRESS);
  });
});
