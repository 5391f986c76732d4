import { decodeAddress } from './address';
import { digitsToWireBytes, wireBytesToDigits } from './bcd';
import {
  type MeterClock,
  type MeterDate,
  type Phases,
  decodeCurrents,
  decodeEnergy,
  decodeMeterClock,
  decodeMeterDate,
  decodeVoltages,
} from './data-values';
import { Dlt645Error, invalidInput } from './errors';
import { type MeterLocalTime, decodeMeterTime } from './meter-time';
import { type StatusWord3, decodeStatusWord3 } from './status-word-3';
import { toSpacedHex } from '../hex';

/** Data identifiers (DI3 DI2 DI1 DI0, as written in the standard's tables). */
export const DataIdentifier = {
  CombinedActiveEnergyTotal: '00000000',
  ForwardActiveEnergyTotal: '00010000',
  Voltages: '0201FF00',
  Currents: '0202FF00',
  Date: '04000101',
  Time: '04000102',
  Address: '04000401',
  StatusWord3: '04000503',
  /**
   * (上1次)跳闸记录, the meter's record of its last trip (DL/T 645-2007 event records, 1D00xxxx):
   * the moment it happened (YYMMDDhhmmss, sent ss mm hh DD MM YY) first, then the operator
   * and energy fields. All zeros: the meter has never tripped.
   */
  LastTripRecord: '1D000101',
} as const;

export type DataValue =
  | { type: 'energy'; kWh: number }
  | { type: 'voltages'; volts: Phases }
  | { type: 'currents'; amps: Phases }
  | { type: 'date'; date: MeterDate }
  | { type: 'time'; time: MeterClock }
  | { type: 'address'; address: string }
  | { type: 'status-word-3'; status: StatusWord3 }
  /** When the meter last tripped, by its own clock; null when it never has. `restHex`: the record's other fields. */
  | { type: 'trip-record'; at: MeterLocalTime | null; restHex: string }
  /** A DI this codec has no format for. */
  | { type: 'raw'; hex: string };

interface KnownIdentifier {
  label: string;
  decode(bytes: Buffer): DataValue;
}

const KNOWN_IDENTIFIERS: Record<string, KnownIdentifier> = {
  [DataIdentifier.CombinedActiveEnergyTotal]: {
    label: 'combined active energy total',
    decode: (bytes) => ({ type: 'energy', kWh: decodeEnergy(expectLength(bytes, 4), true) }),
  },
  [DataIdentifier.ForwardActiveEnergyTotal]: {
    label: 'forward active energy total',
    decode: (bytes) => ({ type: 'energy', kWh: decodeEnergy(expectLength(bytes, 4), false) }),
  },
  [DataIdentifier.Voltages]: { label: 'voltages A, B, C', decode: (bytes) => ({ type: 'voltages', volts: decodeVoltages(bytes) }) },
  [DataIdentifier.Currents]: { label: 'currents A, B, C', decode: (bytes) => ({ type: 'currents', amps: decodeCurrents(bytes) }) },
  [DataIdentifier.Date]: { label: 'date and weekday', decode: (bytes) => ({ type: 'date', date: decodeMeterDate(bytes) }) },
  [DataIdentifier.Time]: { label: 'time', decode: (bytes) => ({ type: 'time', time: decodeMeterClock(bytes) }) },
  [DataIdentifier.Address]: {
    label: 'meter address',
    decode: (bytes) => ({ type: 'address', address: decodeAddress(expectLength(bytes, 6)) }),
  },
  [DataIdentifier.StatusWord3]: {
    label: 'running status word 3',
    decode: (bytes) => ({ type: 'status-word-3', status: decodeStatusWord3(expectLength(bytes, 2).readUInt16LE(0)) }),
  },
  [DataIdentifier.LastTripRecord]: {
    label: 'last trip record',
    decode: (bytes) => {
      if (bytes.length < 6) throw invalidInput(`a trip record starts with its 6-byte time, got ${bytes.length} bytes`);
      const time = bytes.subarray(0, 6);
      return { type: 'trip-record', at: time.every((byte) => byte === 0) ? null : decodeMeterTime(time), restHex: toSpacedHex(bytes.subarray(6)) };
    },
  },
};

export function describeDataIdentifier(di: string): string | undefined {
  return KNOWN_IDENTIFIERS[di.toUpperCase()]?.label;
}

export function decodeDataValue(di: string, bytes: Buffer): DataValue {
  const known = KNOWN_IDENTIFIERS[di.toUpperCase()];
  if (!known) return { type: 'raw', hex: toSpacedHex(bytes) };
  try {
    return known.decode(bytes);
  } catch (error) {
    if (!(error instanceof Dlt645Error)) throw error;
    throw new Dlt645Error('BAD_VALUE', `DI ${di} (${known.label}): ${error.message}`);
  }
}

/** "04000503" -> 03 05 00 04, DI0 first as on the wire. */
export function encodeDataIdentifier(di: string): Buffer {
  if (!/^[0-9a-fA-F]{8}$/.test(di)) throw invalidInput(`a data identifier is 8 hex digits, got "${di}"`);
  return digitsToWireBytes(di);
}

export function decodeDataIdentifier(wireBytes: Uint8Array): string {
  return wireBytesToDigits(wireBytes);
}

function expectLength(bytes: Buffer, length: number): Buffer {
  if (bytes.length !== length) throw invalidInput(`expected ${length} bytes, got ${bytes.length}`);
  return bytes;
}
