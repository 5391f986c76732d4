import { encodeCurrents, encodeEnergy, encodeMeterClock, encodeMeterDate, encodeVoltages } from './data-values';
import {
  DataIdentifier,
  Dlt645Error,
  type Frame,
  FunctionCode,
  decodeFrame,
  encodeDataIdentifier,
  encodeFrame,
  encodeStatusWord3,
  interpretReply,
  interpretRequest,
  parseControl,
  remoteControl,
} from '.';

const METER = '000000000001';

function meterReply(control: number, data: Buffer): Frame {
  return decodeFrame(encodeFrame({ address: METER, control, data }, { preamble: 0 }));
}

function readReply(di: string, value: Buffer) {
  return interpretReply(meterReply(0x91, Buffer.concat([encodeDataIdentifier(di), value])));
}

describe('interpretReply', () => {
  it('keeps the sign of combined active energy', () => {
    expect(readReply(DataIdentifier.CombinedActiveEnergyTotal, encodeEnergy(-12.34, true))).toMatchObject({
      value: { type: 'energy', kWh: -12.34 },
    });
    expect(encodeEnergy(-12.34, true)).toEqual(Buffer.from([0x34, 0x12, 0x00, 0x80]));
  });

  it('decodes voltages and signed currents per phase', () => {
    expect(readReply(DataIdentifier.Voltages, encodeVoltages({ a: 220.1, b: 219.9, c: 0 })).kind).toBe('read-data');
    expect(readReply(DataIdentifier.Voltages, encodeVoltages({ a: 220.1, b: 219.9, c: 0 }))).toMatchObject({
      value: { volts: { a: 220.1, b: 219.9, c: 0 } },
    });
    expect(readReply(DataIdentifier.Currents, encodeCurrents({ a: 5.123, b: -0.5, c: 0.001 }))).toMatchObject({
      value: { amps: { a: 5.123, b: -0.5, c: 0.001 } },
    });
  });

  it('decodes the meter date and time', () => {
    expect(readReply(DataIdentifier.Date, encodeMeterDate({ year: 2025, month: 6, day: 30, weekday: 1 }))).toMatchObject({
      value: { type: 'date', date: { year: 2025, month: 6, day: 30, weekday: 1 } },
    });
    expect(readReply(DataIdentifier.Time, encodeMeterClock({ hour: 23, minute: 5, second: 9 }))).toMatchObject({
      value: { type: 'time', time: { hour: 23, minute: 5, second: 9 } },
    });
  });

  it('names every bit of status word 3', () => {
    const word = encodeStatusWord3({ relayOpen: true, relayCommandTripped: true, preTripAlarm: true, meterType: 'money-prepaid', keepPower: true });
    expect(word).toBe(0x12d0);
    const reply = readReply(DataIdentifier.StatusWord3, Buffer.from([word & 0xff, word >> 8]));
    expect(reply).toMatchObject({
      value: { status: { raw: 0x12d0, relayOpen: true, relayCommandTripped: true, preTripAlarm: true, meterType: 'money-prepaid', keepPower: true } },
    });
  });

  it('reports an unknown DI as raw hex', () => {
    expect(readReply('02800001', Buffer.from([0x01, 0x02]))).toMatchObject({ di: '02800001', value: { type: 'raw', hex: '01 02' } });
  });

  it('refuses values that are not BCD', () => {
    expect(() => readReply(DataIdentifier.ForwardActiveEnergyTotal, Buffer.from([0xaa, 0, 0, 0]))).toThrow(
      expect.objectContaining({ code: 'BAD_VALUE' }),
    );
  });

  it('decodes a read error and a security error word', () => {
    expect(interpretReply(meterReply(0xd1, Buffer.from([0x02])))).toEqual({ kind: 'read-error', errorByte: 2, errors: ['no-data'] });
    expect(interpretReply(meterReply(0xdc, Buffer.from([0x05])))).toEqual({
      kind: 'control-error',
      errorByte: 5,
      errors: ['other', 'unauthorized'],
    });
    expect(interpretReply(meterReply(0xdc, Buffer.from([0x08, 0x01])))).toEqual({ kind: 'control-security-error', errorWord: 0x0108 });
  });

  it('flags more-follows read replies', () => {
    const frame = meterReply(0xb1, Buffer.concat([encodeDataIdentifier('00010000'), encodeEnergy(1, false)]));
    expect(interpretReply(frame)).toMatchObject({ moreFollows: true, value: { kWh: 1 } });
  });

  it('does not interpret master frames as replies', () => {
    expect(() => interpretReply(meterReply(0x11, encodeDataIdentifier('00010000')))).toThrow(Dlt645Error);
  });
});

describe('interpretRequest', () => {
  it('reads back a plain-text remote control', async () => {
    const frame = decodeFrame(
      await remoteControl({
        address: METER,
        passwordLevel: 0x03,
        password: '123456',
        operatorCode: '87654321',
        command: 'direct-close',
        deadline: { year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5 },
      }),
    );
    expect(frame.data.subarray(0, 8)).toEqual(Buffer.from([0x03, 0x56, 0x34, 0x12, 0x21, 0x43, 0x65, 0x87]));
    expect(interpretRequest(frame)).toEqual({
      kind: 'remote-control',
      passwordLevel: 0x03,
      password: '123456',
      operatorCode: '87654321',
      command: 'direct-close',
      commandCode: 0x1c,
      deadline: { year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5 },
    });
  });

  it('parses the control byte bits', () => {
    expect(parseControl(0xf1)).toEqual({ raw: 0xf1, fromMeter: true, abnormal: true, moreFollows: true, func: FunctionCode.ReadData });
  });
});
