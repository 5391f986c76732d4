/**
 * Meter frames as an auditor reads them: each frame a meter command exchanged, decoded with
 * the project's own DL/T 645-2007 codec (hardware/dlt645) into codes and plain parameters the
 * UI words from its catalogs (app.audit.frame.*). No I/O: the hex in, the meaning out.
 * (Not in domain/: the back office type-checks domain/ without Node's Buffer, which the codec uses.)
 */
import { decodeFrame, type Frame, FrameScanner, FunctionCode, interpretReply, interpretRequest } from '../../hardware/dlt645';
import { DataIdentifier, type DataValue } from '../../hardware/dlt645/data-identifiers';
import { Dlt645Error } from '../../hardware/dlt645/errors';
import type { MeterErrorFlag } from '../../hardware/dlt645/meter-errors';
import { formatMeterLocalTime } from '../../hardware/dlt645/meter-time';
import type { StatusWord3 } from '../../hardware/dlt645/status-word-3';
import { parseHex, toSpacedHex } from '../../hardware/hex';
import type { DecodedExchange, DecodedFrame } from '../../domain/contracts/audit';
import type { FrameExchange } from '../../domain/contracts/events';
import type { DataItem, FrameFault, FrameFlag, FrameFunction } from '../../domain/audit/codes';

/** The meters table's default line speed (DL/T 645 meters default to 2400 baud). */
export const DEFAULT_BAUD = 2400;
/** 8E1: start bit, 8 data bits, even parity, stop bit. */
const BITS_PER_BYTE = 11;
const PREAMBLE_BYTE = 0xfe;

const ITEMS: Record<string, DataItem> = {
  [DataIdentifier.CombinedActiveEnergyTotal]: 'energy-combined',
  [DataIdentifier.ForwardActiveEnergyTotal]: 'energy-forward',
  [DataIdentifier.Voltages]: 'voltages',
  [DataIdentifier.Currents]: 'currents',
  [DataIdentifier.Date]: 'date',
  [DataIdentifier.Time]: 'time',
  [DataIdentifier.Address]: 'meter-address',
  [DataIdentifier.StatusWord3]: 'status-word-3',
  [DataIdentifier.LastTripRecord]: 'last-trip-record',
};

const FUNCTIONS: Record<number, FrameFunction> = {
  [FunctionCode.ReadData]: 'read-data',
  [FunctionCode.ReadAddress]: 'read-address',
  [FunctionCode.BroadcastTime]: 'broadcast-time',
  [FunctionCode.RemoteControl]: 'remote-control',
};

const hexByte = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
const errorFlags = (errors: MeterErrorFlag[]): FrameFlag[] => errors.map((e) => `error-${e}` as FrameFlag);
const itemOf = (di: string) => ({ di, item: ITEMS[di.toUpperCase()] ?? null });

/** Plain parameters of a value read: numbers and ISO-like texts, no words. */
function valueParams(value: DataValue): Record<string, string | number> {
  switch (value.type) {
    case 'energy':
      return { kWh: value.kWh };
    case 'voltages':
      return { a: value.volts.a, b: value.volts.b, c: value.volts.c, unit: 'V' };
    case 'currents':
      return { a: value.amps.a, b: value.amps.b, c: value.amps.c, unit: 'A' };
    case 'date':
      return { date: `${value.date.year}-${String(value.date.month).padStart(2, '0')}-${String(value.date.day).padStart(2, '0')}`, weekday: value.date.weekday };
    case 'time':
      return { time: [value.time.hour, value.time.minute, value.time.second].map((n) => String(n).padStart(2, '0')).join(':') };
    case 'address':
      return { address: value.address };
    case 'status-word-3':
      return { raw: `0x${value.status.raw.toString(16).toUpperCase().padStart(4, '0')}`, meterType: value.status.meterType };
    case 'trip-record':
      return { time: value.at ? formatMeterLocalTime(value.at) : '—' };
    case 'raw':
      return { hex: value.hex };
  }
}

function statusFlags(status: StatusWord3): FrameFlag[] {
  const flags: FrameFlag[] = [status.relayCommandTripped ? 'relay-commanded-trip' : 'relay-commanded-close'];
  if (status.keepPower) flags.push('keep-power');
  if (status.preTripAlarm) flags.push('pre-trip-alarm');
  return flags;
}

type Meaning = Pick<DecodedFrame, 'meaning' | 'params' | 'dataIdentifier' | 'flags'>;

function requestMeaning(frame: Frame): Meaning {
  const asked = interpretRequest(frame);
  switch (asked.kind) {
    case 'remote-control':
      return {
        meaning: asked.command ?? 'remote-control-other',
        params: { commandCode: `0x${hexByte(asked.commandCode)}`, passwordLevel: `0x${hexByte(asked.passwordLevel)}`, operatorCode: asked.operatorCode, deadline: formatMeterLocalTime(asked.deadline) },
        dataIdentifier: null,
        flags: [],
      };
    case 'remote-control-encrypted':
      return { meaning: 'remote-control-encrypted', params: { passwordLevel: `0x${hexByte(asked.passwordLevel)}` }, dataIdentifier: null, flags: [] };
    case 'read-data-request': {
      const dataIdentifier = itemOf(asked.di);
      return { meaning: dataIdentifier.item ? 'read-item' : 'read-other', params: { di: asked.di, ...(dataIdentifier.item ? { item: dataIdentifier.item } : {}) }, dataIdentifier, flags: [] };
    }
    case 'read-address-request':
      return { meaning: 'read-address', params: {}, dataIdentifier: null, flags: [] };
    case 'broadcast-time':
      return { meaning: 'broadcast-time', params: { time: formatMeterLocalTime(asked.time) }, dataIdentifier: null, flags: [] };
    case 'unknown-request':
      return { meaning: 'unknown-request', params: { func: `0x${hexByte(asked.func)}`, data: asked.dataHex }, dataIdentifier: null, flags: [] };
  }
}

function replyMeaning(frame: Frame): Meaning {
  const answer = interpretReply(frame);
  switch (answer.kind) {
    case 'read-data': {
      const dataIdentifier = itemOf(answer.di);
      const more: FrameFlag[] = answer.moreFollows ? ['more-follows'] : [];
      const item: Record<string, string> = dataIdentifier.item ? { item: dataIdentifier.item } : {};
      if (answer.value.type === 'status-word-3') {
        const status = answer.value.status;
        return { meaning: status.relayOpen ? 'relay-open' : 'relay-closed', params: { di: answer.di, ...item, ...valueParams(answer.value) }, dataIdentifier, flags: [...statusFlags(status), ...more] };
      }
      return { meaning: answer.value.type === 'raw' ? 'raw-value' : 'value', params: { di: answer.di, ...item, ...valueParams(answer.value) }, dataIdentifier, flags: more };
    }
    case 'read-error':
      return { meaning: 'read-refused', params: { errorByte: `0x${hexByte(answer.errorByte)}` }, dataIdentifier: null, flags: errorFlags(answer.errors) };
    case 'address':
      return { meaning: 'address', params: { address: answer.address }, dataIdentifier: null, flags: [] };
    case 'control-accepted':
      return { meaning: 'control-accepted', params: {}, dataIdentifier: null, flags: [] };
    case 'control-error':
      return { meaning: 'control-refused', params: { errorByte: `0x${hexByte(answer.errorByte)}` }, dataIdentifier: null, flags: errorFlags(answer.errors) };
    case 'control-security-error':
      return { meaning: 'control-security-error', params: { errorWord: `0x${answer.errorWord.toString(16).toUpperCase().padStart(4, '0')}` }, dataIdentifier: null, flags: [] };
    case 'unknown':
      return { meaning: 'unknown-reply', params: { func: `0x${hexByte(answer.func)}`, data: answer.dataHex }, dataIdentifier: null, flags: answer.abnormal ? ['error-other'] : [] };
  }
}

const faultOf = (error: unknown): FrameFault => {
  if (error instanceof Dlt645Error) return error.code;
  throw error;
};

function undecodable(bytes: Buffer, fault: FrameFault, partial?: Frame): DecodedFrame {
  return {
    direction: partial ? (partial.control.fromMeter ? 'from-meter' : 'to-meter') : null,
    address: partial?.address ?? null,
    control: partial ? hexByte(partial.control.raw) : null,
    function: partial ? (FUNCTIONS[partial.control.func] ?? 'unknown') : null,
    meaning: 'undecodable',
    params: {},
    dataIdentifier: null,
    flags: [],
    fault,
    hex: toSpacedHex(bytes),
  };
}

/** One decoded frame: direction, address, function, what it asks or answers. */
export function describeFrame(frame: Frame, raw: Buffer): DecodedFrame {
  const base = {
    direction: frame.control.fromMeter ? ('from-meter' as const) : ('to-meter' as const),
    address: frame.address,
    control: hexByte(frame.control.raw),
    function: FUNCTIONS[frame.control.func] ?? ('unknown' as const),
    hex: toSpacedHex(raw),
  };
  try {
    return { ...base, ...(frame.control.fromMeter ? replyMeaning(frame) : requestMeaning(frame)), fault: null };
  } catch (error) {
    // A well-formed frame whose data does not decode (BAD_VALUE): its header still says much.
    return { ...undecodable(raw, faultOf(error), frame), hex: base.hex };
  }
}

/** Exactly one frame (after FE wake-up bytes), as a master sends it. */
export function decodeOneFrame(bytes: Buffer): DecodedFrame {
  let start = 0;
  while (start < bytes.length && bytes[start] === PREAMBLE_BYTE) start++;
  try {
    return describeFrame(decodeFrame(bytes), bytes.subarray(start));
  } catch (error) {
    return undecodable(bytes.subarray(start), faultOf(error));
  }
}

/** Every frame in what a line delivered (wake-up bytes, noise and all), and how many bytes were neither. */
export function decodeReceived(bytes: Buffer): { frames: DecodedFrame[]; noiseBytes: number } {
  const scanner = new FrameScanner();
  const frames: DecodedFrame[] = [];
  let framed = 0;
  for (const event of scanner.push(bytes)) {
    if (event.type === 'frame') {
      frames.push(describeFrame(event.frame, event.raw));
      framed += event.raw.length;
    }
  }
  const preamble = bytes.filter((byte) => byte === PREAMBLE_BYTE).length;
  // Bytes that came but made no frame: shown as one undecodable entry, so nothing is hidden.
  if (frames.length === 0 && bytes.length > preamble) {
    const fault = (() => {
      try {
        decodeFrame(bytes);
        return 'NO_FRAME' as const;
      } catch (error) {
        return faultOf(error);
      }
    })();
    return { frames: [undecodable(bytes, fault)], noiseBytes: bytes.length - preamble };
  }
  return { frames, noiseBytes: Math.max(0, bytes.length - framed - preamble) };
}

const wireMs = (bytes: number, baud: number) => Math.round(((bytes * BITS_PER_BYTE * 1000) / baud) * 10) / 10;

/** A meter command's exchanges (event data.exchanges), each decoded beside its hex, with timings. */
export function decodeExchanges(exchanges: readonly FrameExchange[], baud = DEFAULT_BAUD): DecodedExchange[] {
  const times = exchanges.map((e) => Date.parse(e.at));
  const first = times[0] ?? 0;
  return exchanges.map((exchange, index) => {
    const sentBytes = safeHex(exchange.sentHex);
    const receivedBytes = exchange.receivedHex === null ? null : safeHex(exchange.receivedHex);
    const received = receivedBytes ? decodeReceived(receivedBytes) : { frames: [], noiseBytes: 0 };
    const next = times[index + 1];
    return {
      at: exchange.at,
      offsetMs: Math.max(0, (times[index] ?? first) - first),
      untilNextMs: next === undefined ? null : Math.max(0, next - (times[index] ?? next)),
      sentHex: exchange.sentHex,
      receivedHex: exchange.receivedHex,
      note: exchange.note ?? null,
      sent: decodeOneFrame(sentBytes),
      received: received.frames,
      noiseBytes: received.noiseBytes,
      timing: {
        baud,
        sentBytes: sentBytes.length,
        receivedBytes: receivedBytes?.length ?? 0,
        sentWireMs: wireMs(sentBytes.length, baud),
        receivedWireMs: wireMs(receivedBytes?.length ?? 0, baud),
      },
    };
  });
}

/** Hex as recorded; a record that is no hex at all decodes as no bytes (shown undecodable). */
function safeHex(text: string): Buffer {
  try {
    return parseHex(text);
  } catch {
    return Buffer.alloc(0);
  }
}
