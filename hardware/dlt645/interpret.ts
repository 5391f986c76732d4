import { decodeAddress } from './address';
import { type DataValue, decodeDataIdentifier, decodeDataValue, describeDataIdentifier } from './data-identifiers';
import { Dlt645Error } from './errors';
import type { Frame } from './frame';
import { FunctionCode } from './function-codes';
import { type MeterErrorFlag, meterErrorFlags } from './meter-errors';
import { type MeterLocalTime, decodeMeterTime } from './meter-time';
import { type ParsedRemoteControl, parseRemoteControlPlaintext } from './remote-control';
import { toSpacedHex } from '../hex';

export type ReplyMeaning =
  | { kind: 'read-data'; di: string; label: string | undefined; value: DataValue; moreFollows: boolean }
  | { kind: 'read-error'; errorByte: number; errors: MeterErrorFlag[] }
  | { kind: 'address'; address: string }
  | { kind: 'control-accepted' }
  | { kind: 'control-error'; errorByte: number; errors: MeterErrorFlag[] }
  /** Prepaid meters answer a failed encrypted command with a 2-byte security error word. */
  | { kind: 'control-security-error'; errorWord: number }
  | { kind: 'unknown'; func: number; abnormal: boolean; dataHex: string };

export type RequestMeaning =
  | { kind: 'read-data-request'; di: string; label: string | undefined }
  | { kind: 'read-address-request' }
  | { kind: 'broadcast-time'; time: MeterLocalTime }
  | ({ kind: 'remote-control' } & ParsedRemoteControl)
  /** Not 16 plain-text bytes: an encrypted command this codec cannot read. */
  | { kind: 'remote-control-encrypted'; passwordLevel: number; dataHex: string }
  | { kind: 'unknown-request'; func: number; dataHex: string };

/** What a meter's reply says. Throws BAD_VALUE when a known reply carries undecodable data. */
export function interpretReply(frame: Frame): ReplyMeaning {
  const { control, data } = frame;
  if (!control.fromMeter) throw new Dlt645Error('INVALID_INPUT', 'not a meter reply (direction bit clear)');
  switch (control.func) {
    case FunctionCode.ReadData:
      if (control.abnormal && data.length === 1) return { kind: 'read-error', ...errorByte(data) };
      if (!control.abnormal && data.length >= 4) {
        const di = decodeDataIdentifier(data.subarray(0, 4));
        return {
          kind: 'read-data',
          di,
          label: describeDataIdentifier(di),
          value: decodeDataValue(di, data.subarray(4)),
          moreFollows: control.moreFollows,
        };
      }
      break;
    case FunctionCode.ReadAddress:
      if (!control.abnormal && data.length === 6) return { kind: 'address', address: decodeAddress(data) };
      break;
    case FunctionCode.RemoteControl:
      if (!control.abnormal && data.length === 0) return { kind: 'control-accepted' };
      if (control.abnormal && data.length === 1) return { kind: 'control-error', ...errorByte(data) };
      if (control.abnormal && data.length === 2) return { kind: 'control-security-error', errorWord: data.readUInt16LE(0) };
      break;
  }
  return { kind: 'unknown', func: control.func, abnormal: control.abnormal, dataHex: toSpacedHex(data) };
}

/** What a master asks for; used by the meter simulator and the frame decoder. */
export function interpretRequest(frame: Frame): RequestMeaning {
  const { control, data } = frame;
  if (control.fromMeter) throw new Dlt645Error('INVALID_INPUT', 'not a master request (direction bit set)');
  try {
    switch (control.func) {
      case FunctionCode.ReadData:
        if (data.length >= 4) {
          const di = decodeDataIdentifier(data.subarray(0, 4));
          return { kind: 'read-data-request', di, label: describeDataIdentifier(di) };
        }
        break;
      case FunctionCode.ReadAddress:
        return { kind: 'read-address-request' };
      case FunctionCode.BroadcastTime:
        return { kind: 'broadcast-time', time: decodeMeterTime(data) };
      case FunctionCode.RemoteControl:
        if (data.length === 16) return { kind: 'remote-control', ...parseRemoteControlPlaintext(data) };
        if (data.length > 0) return { kind: 'remote-control-encrypted', passwordLevel: data.readUInt8(0), dataHex: toSpacedHex(data) };
        break;
    }
  } catch (error) {
    if (!(error instanceof Dlt645Error)) throw error;
    throw new Dlt645Error('BAD_VALUE', error.message);
  }
  return { kind: 'unknown-request', func: control.func, dataHex: toSpacedHex(data) };
}

export function interpretFrame(frame: Frame): ReplyMeaning | RequestMeaning {
  return frame.control.fromMeter ? interpretReply(frame) : interpretRequest(frame);
}

function errorByte(data: Buffer): { errorByte: number; errors: MeterErrorFlag[] } {
  const value = data.readUInt8(0);
  return { errorByte: value, errors: meterErrorFlags(value) };
}
