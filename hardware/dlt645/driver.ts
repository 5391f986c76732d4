import type {
  FrameExchange,
  MeterDriver,
  MeterFailure,
  MeterTarget,
  RelayCommand,
  RelayResult,
  SwitchRelayOptions,
} from '../driver';
import { MeterDriverError } from '../driver';
import { toSpacedHex } from '../hex';
import { LineError } from '../transport/errors';
import type { LineTimeouts, MeterLine } from '../transport/meter-line';
import { DataIdentifier, type DataValue } from './data-identifiers';
import { type CommandEncryptor, PlainTextEncryptor } from './encryptor';
import { Dlt645Error, invalidInput } from './errors';
import { type ReplyMeaning, interpretReply } from './interpret';
import { meterLocalTimeToDate, toMeterLocalTime } from './meter-time';
import { readAddress, readData, remoteControl } from './requests';
import type { StatusWord3 } from './status-word-3';

export interface Dlt645DriverOptions {
  /** How 0x1C commands are protected; plain text by default. */
  encryptor?: CommandEncryptor;
  /** Tries per read. Reads are safe to repeat; commands are never repeated. Default 3. */
  readAttempts?: number;
  /** Per-request timeouts; the line's defaults when omitted. */
  timeouts?: Partial<LineTimeouts>;
  /** Defaults for switchRelay options. */
  confirmTimeoutMs?: number;
  pollIntervalMs?: number;
}

const DEFAULT_VALIDITY_MS = 5 * 60_000;
const DEFAULT_CONFIRM_TIMEOUT_MS = 30_000;
const DEFAULT_POLL_INTERVAL_MS = 1_000;

/** What status word 3 shows once each command has taken effect. */
const CONFIRMED_BY: Record<RelayCommand, (status: StatusWord3) => boolean> = {
  trip: (status) => status.relayOpen,
  'direct-close': (status) => !status.relayOpen,
  // The relay itself may stay open until the customer presses the button.
  'close-allowed': (status) => !status.relayCommandTripped,
};

type Outcome<T> = { ok: true; value: T } | { ok: false; failure: MeterFailure };

export function createDlt645Driver(line: MeterLine, options: Dlt645DriverOptions = {}): MeterDriver {
  return new Dlt645Driver(line, options);
}

class Dlt645Driver implements MeterDriver {
  private readonly encryptor: CommandEncryptor;
  private readonly readAttempts: number;

  constructor(
    private readonly line: MeterLine,
    private readonly options: Dlt645DriverOptions,
  ) {
    this.encryptor = options.encryptor ?? new PlainTextEncryptor();
    this.readAttempts = options.readAttempts ?? 3;
  }

  async switchRelay(target: MeterTarget, command: RelayCommand, options: SwitchRelayOptions = {}): Promise<RelayResult> {
    assertTarget(target);
    if (!Object.hasOwn(CONFIRMED_BY, command)) throw invalidInput(`unknown relay command "${command}"`);
    const exchanges: FrameExchange[] = [];
    const deadline = options.deadline ?? new Date(Date.now() + DEFAULT_VALIDITY_MS);
    const { address, passwordLevel, password, operatorCode } = target;
    const frame = await remoteControl(
      { address, passwordLevel, password, operatorCode, command, deadline: toMeterLocalTime(deadline) },
      { encryptor: this.encryptor },
    );

    const sent = await this.exchange(frame, exchanges, options.signal);
    if (!sent.ok) return unconfirmed(sent.failure, exchanges);
    const reply = sent.value;
    if (reply.kind === 'control-error') {
      return unconfirmed({ code: 'METER_REFUSED', message: `meter refused ${command}: ${reply.errors.join(', ') || 'error byte 0'}` }, exchanges);
    }
    if (reply.kind === 'control-security-error') {
      return unconfirmed({ code: 'METER_REFUSED', message: `meter refused ${command}: security error word 0x${hex16(reply.errorWord)}` }, exchanges);
    }
    if (reply.kind !== 'control-accepted') {
      return unconfirmed({ code: 'BAD_REPLY', message: `unexpected reply to ${command}: ${reply.kind}` }, exchanges);
    }
    return this.confirm(target, command, options, exchanges);
  }

  async readStatusWord3(target: MeterTarget) {
    assertTarget(target);
    const exchanges: FrameExchange[] = [];
    const status = orThrow(await this.readStatus(target, exchanges), exchanges);
    return { statusWord3: status.raw, relayOpen: status.relayOpen, exchanges };
  }

  async readEnergy(target: MeterTarget) {
    assertTarget(target);
    const exchanges: FrameExchange[] = [];
    const value = orThrow(await this.readValue(target.address, DataIdentifier.ForwardActiveEnergyTotal, exchanges), exchanges);
    if (value.type !== 'energy') throw new MeterDriverError('BAD_REPLY', `expected energy, got ${value.type}`, exchanges);
    return { kWh: value.kWh, exchanges };
  }

  async readLastTripTime(target: MeterTarget) {
    assertTarget(target);
    const exchanges: FrameExchange[] = [];
    const value = orThrow(await this.readValue(target.address, DataIdentifier.LastTripRecord, exchanges), exchanges);
    if (value.type !== 'trip-record') throw new MeterDriverError('BAD_REPLY', `expected a trip record, got ${value.type}`, exchanges);
    return { at: value.at ? meterLocalTimeToDate(value.at).toISOString() : null, exchanges };
  }

  async readAddress() {
    const exchanges: FrameExchange[] = [];
    const address = orThrow(
      await this.withRetries(readAddress(), exchanges, (reply) => (reply.kind === 'address' ? reply.address : undefined)),
      exchanges,
    );
    return { address, exchanges };
  }

  /** Polls status word 3 until it shows the command took effect or time runs out. */
  private async confirm(
    target: MeterTarget,
    command: RelayCommand,
    options: SwitchRelayOptions,
    exchanges: FrameExchange[],
  ): Promise<RelayResult> {
    const confirmTimeoutMs = options.confirmTimeoutMs ?? this.options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
    const pollIntervalMs = options.pollIntervalMs ?? this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const giveUpAt = Date.now() + confirmTimeoutMs;
    let last: StatusWord3 | null = null;
    for (;;) {
      const read = await this.readStatus(target, exchanges);
      if (read.ok) {
        last = read.value;
        if (CONFIRMED_BY[command](last)) {
          const confirmedAt = new Date().toISOString();
          const meterTime = await this.readMeterTime(target, exchanges);
          return { confirmed: true, relayOpen: last.relayOpen, statusWord3: last.raw, exchanges, confirmedAt, ...(meterTime ? { meterTime } : {}) };
        }
      }
      const remaining = giveUpAt - Date.now();
      if (remaining <= 0) break;
      await sleep(Math.min(pollIntervalMs, remaining));
    }
    const message = last
      ? `${command} accepted but status word 3 is still 0x${hex16(last.raw)} after ${confirmTimeoutMs} ms`
      : `${command} accepted but status word 3 could not be read within ${confirmTimeoutMs} ms`;
    return {
      confirmed: false,
      relayOpen: last?.relayOpen ?? null,
      statusWord3: last?.raw ?? null,
      failure: { code: 'NOT_CONFIRMED', message },
      exchanges,
    };
  }

  /**
   * The meter's clock (date, then time), as the time the relay moved. A meter that will not
   * tell leaves it undefined: the command still counts as confirmed.
   */
  private async readMeterTime(target: MeterTarget, exchanges: FrameExchange[]): Promise<string | undefined> {
    const date = await this.readValue(target.address, DataIdentifier.Date, exchanges);
    if (!date.ok || date.value.type !== 'date') return undefined;
    const time = await this.readValue(target.address, DataIdentifier.Time, exchanges);
    if (!time.ok || time.value.type !== 'time') return undefined;
    const { year, month, day } = date.value.date;
    return meterLocalTimeToDate({ year, month, day, ...time.value.time }).toISOString();
  }

  private async readStatus(target: MeterTarget, exchanges: FrameExchange[]): Promise<Outcome<StatusWord3>> {
    const read = await this.readValue(target.address, DataIdentifier.StatusWord3, exchanges);
    if (!read.ok) return read;
    if (read.value.type !== 'status-word-3') return { ok: false, failure: { code: 'BAD_REPLY', message: 'not a status word' } };
    return { ok: true, value: read.value.status };
  }

  private readValue(address: string, di: string, exchanges: FrameExchange[]): Promise<Outcome<DataValue>> {
    return this.withRetries(readData(address, di), exchanges, (reply) =>
      reply.kind === 'read-data' && reply.di === di ? reply.value : undefined,
    );
  }

  /**
   * Sends a read up to readAttempts times while it times out or comes back garbled. A
   * clear refusal from the meter is final: asking again would get the same answer.
   */
  private async withRetries<T>(
    frame: Buffer,
    exchanges: FrameExchange[],
    accept: (reply: ReplyMeaning) => T | undefined,
  ): Promise<Outcome<T>> {
    let failure: MeterFailure = { code: 'NO_REPLY', message: 'not attempted' };
    for (let attempt = 1; attempt <= this.readAttempts; attempt++) {
      const sent = await this.exchange(frame, exchanges);
      if (!sent.ok) {
        failure = sent.failure;
        continue;
      }
      const reply = sent.value;
      const value = accept(reply);
      if (value !== undefined) return { ok: true, value };
      if (reply.kind === 'read-error') {
        return { ok: false, failure: { code: 'METER_REFUSED', message: `meter refused the read: ${reply.errors.join(', ')}` } };
      }
      failure = { code: 'BAD_REPLY', message: `unexpected reply: ${reply.kind}` };
      noteLast(exchanges, failure.message);
    }
    return { ok: false, failure };
  }

  /** One frame out, one reply in, recorded whatever happens. */
  private async exchange(frame: Buffer, exchanges: FrameExchange[], signal?: AbortSignal): Promise<Outcome<ReplyMeaning>> {
    const record: FrameExchange = { sentHex: toSpacedHex(frame), receivedHex: null, at: new Date().toISOString() };
    exchanges.push(record);
    try {
      const reply = await this.line.request(frame, { ...this.options.timeouts, signal });
      record.receivedHex = toSpacedHex(reply.received);
      const meaning = interpretReply(reply.frame);
      if (meaning.kind === 'control-error' || meaning.kind === 'read-error') record.note = `refused: ${meaning.errors.join(', ')}`;
      return { ok: true, value: meaning };
    } catch (error) {
      if (error instanceof LineError && error.code !== 'LINE_CLOSED' && error.code !== 'CANCELLED') {
        if (error.received.length > 0) record.receivedHex = toSpacedHex(error.received);
        record.note = error.message;
        const code = error.code === 'REPLY_TIMEOUT' ? 'NO_REPLY' : 'BAD_REPLY';
        return { ok: false, failure: { code, message: error.message } };
      }
      if (error instanceof Dlt645Error) {
        record.note = error.message;
        return { ok: false, failure: { code: 'BAD_REPLY', message: error.message } };
      }
      throw error;
    }
  }
}

function assertTarget(target: MeterTarget): void {
  if (target.protocol !== 'dlt645-2007') throw invalidInput(`the DL/T 645-2007 driver cannot serve ${target.protocol}`);
  if (!/^\d{12}$/.test(target.address)) throw invalidInput(`meter address must be 12 digits, got "${target.address}"`);
}

function noteLast(exchanges: FrameExchange[], note: string): void {
  const last = exchanges.at(-1);
  if (last) last.note = note;
}

function unconfirmed(failure: MeterFailure, exchanges: FrameExchange[]): RelayResult {
  return { confirmed: false, relayOpen: null, statusWord3: null, failure, exchanges };
}

function orThrow<T>(outcome: Outcome<T>, exchanges: FrameExchange[]): T {
  if (!outcome.ok) throw new MeterDriverError(outcome.failure.code, outcome.failure.message, exchanges);
  return outcome.value;
}

function hex16(word: number): string {
  return word.toString(16).toUpperCase().padStart(4, '0');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
