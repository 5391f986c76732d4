import { digitsToWireBytes, wireBytesToDigits } from './bcd';
import { invalidInput } from './errors';
import { type MeterLocalTime, decodeMeterTime, encodeMeterTime } from './meter-time';

/** N1 of a 0x1C frame. */
export const REMOTE_CONTROL_COMMANDS = {
  trip: 0x1a,
  'close-allowed': 0x1b,
  'direct-close': 0x1c,
  'alarm-on': 0x2a,
  'alarm-off': 0x2b,
  'keep-power-on': 0x3a,
  'keep-power-off': 0x3b,
} as const;

export type RemoteControlCommand = keyof typeof REMOTE_CONTROL_COMMANDS;

export interface RemoteControlParams {
  address: string;
  /** PA: 0x02-0x04 plain text, 0x98 encrypted (needs a matching CommandEncryptor). */
  passwordLevel: number;
  /** P0-P2 as 6 hex digits the way they are printed, most significant first ("000000"). */
  password: string;
  /** C0-C3 as 8 digits, most significant first. */
  operatorCode: string;
  command: RemoteControlCommand;
  /** After this moment (meter clock) the meter must refuse the command. */
  deadline: MeterLocalTime;
}

/** The 16 bytes PA P0 P1 P2 C0..C3 N1 N2 N3..N8, before any encryption and the +33. */
export function remoteControlPlaintext(params: RemoteControlParams): Buffer {
  if (!Number.isInteger(params.passwordLevel) || params.passwordLevel < 0 || params.passwordLevel > 0xff) {
    throw invalidInput(`password level must be a byte, got ${params.passwordLevel}`);
  }
  if (!/^[0-9a-fA-F]{6}$/.test(params.password)) throw invalidInput('password must be 6 hex digits');
  if (!/^\d{8}$/.test(params.operatorCode)) throw invalidInput('operator code must be 8 digits');
  if (!Object.hasOwn(REMOTE_CONTROL_COMMANDS, params.command)) throw invalidInput(`unknown remote-control command "${params.command}"`);
  const code = REMOTE_CONTROL_COMMANDS[params.command];
  return Buffer.concat([
    Buffer.from([params.passwordLevel]),
    digitsToWireBytes(params.password),
    digitsToWireBytes(params.operatorCode),
    Buffer.from([code, 0x00]),
    encodeMeterTime(params.deadline),
  ]);
}

export interface ParsedRemoteControl {
  passwordLevel: number;
  password: string;
  operatorCode: string;
  /** Undefined for an N1 this codec does not know. */
  command: RemoteControlCommand | undefined;
  commandCode: number;
  deadline: MeterLocalTime;
}

/** Reads a plain-text command (what a meter or a frame decoder sees). */
export function parseRemoteControlPlaintext(data: Buffer): ParsedRemoteControl {
  if (data.length !== 16) throw invalidInput(`a plain-text remote control carries 16 bytes, got ${data.length}`);
  const commandCode = data.readUInt8(8);
  const command = (Object.keys(REMOTE_CONTROL_COMMANDS) as RemoteControlCommand[]).find(
    (name) => REMOTE_CONTROL_COMMANDS[name] === commandCode,
  );
  return {
    passwordLevel: data.readUInt8(0),
    password: wireBytesToDigits(data.subarray(1, 4)),
    operatorCode: wireBytesToDigits(data.subarray(4, 8)),
    command,
    commandCode,
    deadline: decodeMeterTime(data.subarray(10, 16)),
  };
}
