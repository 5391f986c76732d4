import { BROADCAST_ADDRESS, WILDCARD_ADDRESS } from './address';
import { encodeDataIdentifier } from './data-identifiers';
import { type CommandEncryptor, PlainTextEncryptor } from './encryptor';
import { type EncodeOptions, encodeFrame } from './frame';
import { FunctionCode } from './function-codes';
import { type MeterLocalTime, encodeMeterTime, toMeterLocalTime } from './meter-time';
import { type RemoteControlParams, remoteControlPlaintext } from './remote-control';

// Master frames, ready to write to a line.

export function readData(address: string, di: string, options?: EncodeOptions): Buffer {
  return encodeFrame({ address, control: FunctionCode.ReadData, data: encodeDataIdentifier(di) }, options);
}

/** Only valid with a single meter on the line: every meter answers the wildcard. */
export function readAddress(options?: EncodeOptions): Buffer {
  return encodeFrame({ address: WILDCARD_ADDRESS, control: FunctionCode.ReadAddress }, options);
}

/** Sets every meter's clock; meters do not reply. A Date is converted to meter time (UTC+8). */
export function broadcastTime(time: Date | MeterLocalTime, options?: EncodeOptions): Buffer {
  const local = time instanceof Date ? toMeterLocalTime(time) : time;
  return encodeFrame({ address: BROADCAST_ADDRESS, control: FunctionCode.BroadcastTime, data: encodeMeterTime(local) }, options);
}

export interface RemoteControlOptions extends EncodeOptions {
  encryptor?: CommandEncryptor;
}

export async function remoteControl(params: RemoteControlParams, options: RemoteControlOptions = {}): Promise<Buffer> {
  const { encryptor = new PlainTextEncryptor(), ...encodeOptions } = options;
  const data = await encryptor.encrypt(remoteControlPlaintext(params), {
    address: params.address,
    passwordLevel: params.passwordLevel,
  });
  return encodeFrame({ address: params.address, control: FunctionCode.RemoteControl, data }, encodeOptions);
}
