import { parseArgs } from 'node:util';
import {
  Dlt645Error,
  type RemoteControlCommand,
  decodeFrame,
  interpretFrame,
  parseMeterLocalTime,
  remoteControl,
} from './dlt645';
import { parseHex, toSpacedHex } from './hex';
import { auditMain } from '../db/audit/cli';
import { AUDIT_USAGE } from '../db/audit/usage';

const USAGE = `Usage:
  gridflow frame decode <hex>
      Decode a DL/T 645 frame (spaces and FE preamble allowed) and print it as JSON.
  gridflow frame trip --address <A> --password <P> --operator <O> --deadline <time>
  gridflow frame close --address <A> --password <P> --operator <O> --deadline <time> [--allowed]
      Print a remote-control frame (0x1C) as hex. "close" is a direct close (N1=1C);
      with --allowed it only allows the customer to close (N1=1B).
        --address   12-digit meter address, e.g. 000000000001
        --password  8 hex digits: password level PA, then the 6-digit password, e.g. 02000000
        --operator  8-digit operator code
        --deadline  ISO time the meter must refuse the command after; without an offset it
                    is the meter's own clock (China time), e.g. 2025-06-30T23:59:59
${AUDIT_USAGE}  gridflow --help
`;

const EXIT_OK = 0;
const EXIT_BAD_FRAME = 1;
const EXIT_USAGE = 2;

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

class UsageError extends Error {}

export async function main(argv: string[], output: CliOutput = processOutput): Promise<number> {
  try {
    const [group, action, ...rest] = argv;
    if (group === undefined || group === '--help' || group === '-h' || group === 'help') {
      output.out(USAGE);
      return EXIT_OK;
    }
    if (group === 'audit') return auditMain([action, ...rest].filter((a) => a !== undefined), output);
    if (group !== 'frame') throw new UsageError(`unknown command "${group}"`);
    if (action === 'decode') return decode(rest, output);
    if (action === 'trip' || action === 'close') {
      output.out(`${await buildControlFrame(action, rest)}\n`);
      return EXIT_OK;
    }
    throw new UsageError(action === undefined ? 'missing frame action' : `unknown frame action "${action}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`gridflow: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function decode(args: string[], output: CliOutput): number {
  // Unquoted hex arrives as many arguments: "decode 68 01 00 ...".
  if (args.length === 0) throw new UsageError('frame decode needs the frame as hex');
  let bytes: Buffer;
  try {
    bytes = parseHex(args.join(' '));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  try {
    const frame = decodeFrame(bytes);
    const control = { ...frame.control, raw: toSpacedHex([frame.control.raw]), func: toSpacedHex([frame.control.func]) };
    const decoded = { address: frame.address, control, length: frame.length, data: toSpacedHex(frame.data), meaning: interpretFrame(frame) };
    output.out(`${JSON.stringify(decoded, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof Dlt645Error)) throw error;
    output.err(`gridflow: bad frame: ${error.code}: ${error.message}\n`);
    return EXIT_BAD_FRAME;
  }
}

async function buildControlFrame(action: 'trip' | 'close', args: string[]): Promise<string> {
  const { values, positionals } = parseOptions(args);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.allowed && action === 'trip') throw new UsageError('--allowed only applies to close');
  const address = required(values.address, '--address');
  const password = required(values.password, '--password');
  const operatorCode = required(values.operator, '--operator');
  const deadlineText = required(values.deadline, '--deadline');
  if (!/^\d{12}$/.test(address)) throw new UsageError('--address must be 12 digits');
  if (!/^[0-9a-fA-F]{8}$/.test(password)) throw new UsageError('--password must be 8 hex digits: level PA then the 6-digit password');
  if (!/^\d{8}$/.test(operatorCode)) throw new UsageError('--operator must be 8 digits');

  const command: RemoteControlCommand = action === 'trip' ? 'trip' : values.allowed ? 'close-allowed' : 'direct-close';
  try {
    const frame = await remoteControl({
      address,
      passwordLevel: parseInt(password.slice(0, 2), 16),
      password: password.slice(2),
      operatorCode,
      command,
      deadline: parseMeterLocalTime(deadlineText),
    });
    return toSpacedHex(frame);
  } catch (error) {
    if (error instanceof Dlt645Error) throw new UsageError(error.message);
    throw error;
  }
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        address: { type: 'string' },
        password: { type: 'string' },
        operator: { type: 'string' },
        deadline: { type: 'string' },
        allowed: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${name}`);
  return value;
}
