import { digitsToWireBytes } from '../dlt645/bcd';
import { DataIdentifier, encodeDataIdentifier } from '../dlt645/data-identifiers';
import { type Phases, encodeCurrents, encodeEnergy, encodeMeterClock, encodeMeterDate, encodeVoltages } from '../dlt645/data-values';
import { type Frame, FRAME_START, encodeFrame } from '../dlt645/frame';
import { ABNORMAL_BIT, FunctionCode, REPLY_BIT } from '../dlt645/function-codes';
import { type RequestMeaning, interpretRequest } from '../dlt645/interpret';
import { MeterErrorByte } from '../dlt645/meter-errors';
import { encodeMeterTime, meterLocalTimeToDate, toMeterLocalTime } from '../dlt645/meter-time';
import type { ParsedRemoteControl, RemoteControlCommand } from '../dlt645/remote-control';
import { type MeterType, encodeStatusWord3 } from '../dlt645/status-word-3';

export interface SimulatedMeterConfig {
  address: string;
  /** Relay open = customer without power. Default false. */
  relayOpen?: boolean;
  energyKWh?: number;
  meterType?: MeterType;
  /** The plain-text password level and password the meter accepts. Default 02 / "000000". */
  passwordLevel?: number;
  password?: string;
  /** Operator codes the meter accepts; any when omitted. */
  acceptedOperators?: string[];
  /** How far the meter's clock is ahead of (or behind, negative) the host clock. */
  clockOffsetMs?: number;
  /** Pause before the reply; real meters take 20-500 ms. Default 20. */
  replyLatencyMs?: number;
  /** FE bytes before each reply (meters send 0-4). Default 0. */
  replyPreamble?: number;
  /** How long the relay takes to move after an accepted command. Default 0. */
  relayDelayMs?: number;
  voltages?: Phases;
  currents?: Phases;
  /** Whether it keeps a record of its trips (1D000101); one that does not refuses the read with "no data". Default true. */
  keepsTripRecords?: boolean;
}

/**
 * Misbehaviour to inject. `silence`: no reply, nothing done. `garbage`: random bytes
 * instead of a reply, nothing done. `stuckRelay`: commands are accepted but the relay
 * never moves. `{ errorReply }`: the meter refuses with that error byte.
 */
export type MeterFault = 'silence' | 'garbage' | 'stuckRelay' | { errorReply: number };

export interface ReceivedFrame {
  frame: Frame;
  /** Null when the request could not be read (e.g. an encrypted command). */
  meaning: RequestMeaning | null;
  at: Date;
}

type FrameListener = (frame: Frame, at: Date) => void;

/** One DL/T 645 meter: its state, its rules for accepting commands, and injectable faults. */
export class SimulatedMeter {
  readonly address: string;
  readonly replyLatencyMs: number;
  readonly received: ReceivedFrame[] = [];
  energyKWh: number;
  meterType: MeterType;
  relayCommandTripped: boolean;
  preTripAlarm = false;
  keepPower = false;
  clockOffsetMs: number;
  /** Its last trip as its record keeps it: its own clock then, and who commanded it. */
  lastTrip: { at: Date; operatorCode: string } | null = null;
  private fault: MeterFault | null = null;

  private relay: { open: boolean; pending?: { open: boolean; at: number } };
  private readonly commandFaults: MeterFault[] = [];
  private readonly listeners = new Set<FrameListener>();

  constructor(private readonly config: SimulatedMeterConfig) {
    this.address = config.address;
    this.replyLatencyMs = config.replyLatencyMs ?? 20;
    this.energyKWh = config.energyKWh ?? 0;
    this.meterType = config.meterType ?? 'not-prepaid';
    this.clockOffsetMs = config.clockOffsetMs ?? 0;
    this.relay = { open: config.relayOpen ?? false };
    this.relayCommandTripped = this.relay.open;
  }

  /** Bit 4 of status word 3: the relay as it physically is now. */
  get relayOpen(): boolean {
    const { pending } = this.relay;
    if (pending && Date.now() >= pending.at) this.relay = { open: pending.open };
    return this.relay.open;
  }

  set relayOpen(open: boolean) {
    this.relay = { open };
  }

  get statusWord3(): number {
    const { relayOpen, relayCommandTripped, preTripAlarm, meterType, keepPower } = this;
    return encodeStatusWord3({ relayOpen, relayCommandTripped, preTripAlarm, meterType, keepPower });
  }

  get clock(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /** A fault for every frame from now on; null clears it. */
  setFault(fault: MeterFault | null): void {
    this.fault = fault;
  }

  /** A fault for only the next `count` remote-control commands, e.g. fail, fail, then succeed. */
  failNextCommands(count: number, fault: MeterFault): void {
    for (let i = 0; i < count; i++) this.commandFaults.push(fault);
  }

  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The remote-control commands that reached this meter, in order. */
  commandsReceived(): { command: RemoteControlCommand | undefined; at: Date }[] {
    return this.received.flatMap(({ meaning, at }) => (meaning?.kind === 'remote-control' ? [{ command: meaning.command, at }] : []));
  }

  /** The customer presses the button after "close allowed" (bit 6 cleared). */
  pressButton(): boolean {
    if (this.relayCommandTripped) return false;
    this.relay = { open: false };
    return true;
  }

  /** Acts on a frame addressed to this meter; returns the bytes to send back, if any. */
  handle(frame: Frame, at: Date = new Date()): Buffer | null {
    const meaning = safeInterpret(frame);
    this.received.push({ frame, meaning, at });
    for (const listener of [...this.listeners]) listener(frame, at);

    const isCommand = frame.control.func === FunctionCode.RemoteControl;
    const fault = (isCommand ? this.commandFaults.shift() : undefined) ?? this.fault;
    if (fault === 'silence') return null;
    if (fault === 'garbage') return garbage();
    if (fault !== null && typeof fault === 'object') return this.errorReply(frame, fault.errorReply);

    switch (meaning?.kind) {
      case 'read-data-request':
        return this.readData(frame, meaning.di);
      case 'read-address-request':
        return this.reply(frame, digitsToWireBytes(this.address));
      case 'broadcast-time':
        this.clockOffsetMs = meterLocalTimeToDate(meaning.time).getTime() - Date.now();
        return null;
      case 'remote-control':
        return this.remoteControl(frame, meaning, fault === 'stuckRelay');
      case 'remote-control-encrypted':
        // Needs the utility's encryption machine; this simulator speaks plain text only.
        return this.errorReply(frame, MeterErrorByte.Unauthorized);
      default:
        return this.errorReply(frame, MeterErrorByte.Other);
    }
  }

  private readData(request: Frame, di: string): Buffer {
    const value = this.dataValue(di);
    if (!value) return this.errorReply(request, MeterErrorByte.NoData);
    return this.reply(request, Buffer.concat([encodeDataIdentifier(di), value]));
  }

  private dataValue(di: string): Buffer | undefined {
    const now = toMeterLocalTime(this.clock);
    switch (di.toUpperCase()) {
      case DataIdentifier.CombinedActiveEnergyTotal:
        return encodeEnergy(this.energyKWh, true);
      case DataIdentifier.ForwardActiveEnergyTotal:
        return encodeEnergy(Math.max(0, this.energyKWh), false);
      case DataIdentifier.Voltages:
        return encodeVoltages(this.config.voltages ?? { a: 220, b: 220, c: 220 });
      case DataIdentifier.Currents:
        return encodeCurrents(this.config.currents ?? { a: 0, b: 0, c: 0 });
      case DataIdentifier.Date:
        return encodeMeterDate({ ...now, weekday: meterLocalTimeToDate({ ...now, hour: 12 }).getUTCDay() });
      case DataIdentifier.Time:
        return encodeMeterClock(now);
      case DataIdentifier.Address:
        return digitsToWireBytes(this.address);
      case DataIdentifier.StatusWord3: {
        const word = Buffer.alloc(2);
        word.writeUInt16LE(this.statusWord3);
        return word;
      }
      case DataIdentifier.LastTripRecord: {
        if (this.config.keepsTripRecords === false) return undefined;
        // The time, then the operator code; never tripped: all zeros.
        if (!this.lastTrip) return Buffer.alloc(10);
        return Buffer.concat([encodeMeterTime(toMeterLocalTime(this.lastTrip.at)), digitsToWireBytes(this.lastTrip.operatorCode)]);
      }
      default:
        return undefined;
    }
  }

  private remoteControl(request: Frame, command: ParsedRemoteControl, relayStuck: boolean): Buffer {
    const authorised =
      command.passwordLevel === (this.config.passwordLevel ?? 0x02) &&
      command.password === (this.config.password ?? '000000').toUpperCase() &&
      (this.config.acceptedOperators?.includes(command.operatorCode) ?? true);
    // Meters report an expired deadline with the same "unauthorised" bit.
    const expired = meterLocalTimeToDate(command.deadline).getTime() < this.clock.getTime();
    if (!authorised || expired) return this.errorReply(request, MeterErrorByte.Unauthorized);

    switch (command.command) {
      case 'trip':
        if (this.keepPower) return this.errorReply(request, MeterErrorByte.Other);
        this.relayCommandTripped = true;
        if (!relayStuck) {
          this.moveRelay(true);
          this.lastTrip = { at: this.clock, operatorCode: command.operatorCode };
        }
        break;
      case 'direct-close':
        this.relayCommandTripped = false;
        if (!relayStuck) this.moveRelay(false);
        break;
      case 'close-allowed':
        // The relay stays open until the customer presses the button.
        this.relayCommandTripped = false;
        break;
      case 'alarm-on':
      case 'alarm-off':
        this.preTripAlarm = command.command === 'alarm-on';
        break;
      case 'keep-power-on':
      case 'keep-power-off':
        this.keepPower = command.command === 'keep-power-on';
        break;
      default:
        return this.errorReply(request, MeterErrorByte.Other);
    }
    return this.reply(request, Buffer.alloc(0));
  }

  private moveRelay(open: boolean): void {
    const delayMs = this.config.relayDelayMs ?? 0;
    this.relay = delayMs > 0 ? { open: this.relayOpen, pending: { open, at: Date.now() + delayMs } } : { open };
  }

  private reply(request: Frame, data: Buffer): Buffer {
    return this.encode(request.control.func | REPLY_BIT, data);
  }

  private errorReply(request: Frame, errorByte: number): Buffer {
    return this.encode(request.control.func | REPLY_BIT | ABNORMAL_BIT, Buffer.from([errorByte]));
  }

  private encode(control: number, data: Buffer): Buffer {
    return encodeFrame({ address: this.address, control, data }, { preamble: this.config.replyPreamble ?? 0 });
  }
}

function safeInterpret(frame: Frame): RequestMeaning | null {
  try {
    return interpretRequest(frame);
  } catch {
    return null;
  }
}

/** Random bytes without a 68, so they can never be mistaken for a frame. */
function garbage(): Buffer {
  const length = 8 + Math.floor(Math.random() * 16);
  return Buffer.from(Array.from({ length }, () => {
    const byte = Math.floor(Math.random() * 255);
    return byte >= FRAME_START ? byte + 1 : byte;
  }));
}
