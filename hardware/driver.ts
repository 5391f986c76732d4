// The one interface workflows and activities use to reach meters. Each protocol or
// vendor dialect implements it in its own driver (see registry.ts), so callers never
// change when another kind of meter arrives.

export type MeterProtocol = 'dlt645-2007';

export type RelayCommand = 'trip' | 'direct-close' | 'close-allowed';

export interface MeterTarget {
  /** 12 digits, as printed on the meter. */
  address: string;
  protocol: MeterProtocol;
  passwordLevel: number;
  /** 6 hex digits, P0..P2 as printed, high first. */
  password: string;
  /** 8 digits. */
  operatorCode: string;
}

/** One frame sent and what came back, kept for the audit trail. */
export interface FrameExchange {
  /** Spaced upper-case hex, "68 01 00 ...". */
  sentHex: string;
  /** Everything the line delivered in reply; null when nothing came. */
  receivedHex: string | null;
  /** When the frame was sent (ISO). */
  at: string;
  note?: string;
}

export type MeterFailureCode =
  /** The meter answered with an error (wrong password, expired deadline, keep-power...). */
  | 'METER_REFUSED'
  | 'NO_REPLY'
  /** Bytes came back but no valid reply frame (noise, corruption, wrong content). */
  | 'BAD_REPLY'
  /** The meter accepted the command, but status word 3 never showed the relay moving. */
  | 'NOT_CONFIRMED';

export interface MeterFailure {
  code: MeterFailureCode;
  message: string;
}

export interface RelayResult {
  confirmed: boolean;
  /** Last known relay state from status word 3; null when it could not be read. */
  relayOpen: boolean | null;
  statusWord3: number | null;
  failure?: MeterFailure;
  exchanges: FrameExchange[];
  /** When the confirming status read came back, by this host's clock. */
  confirmedAt?: string;
  /**
   * The meter's own clock right after it confirmed (ISO): the outage or restoration time
   * the manual takes from the meter. Absent when the clock could not be read.
   */
  meterTime?: string;
}

export interface SwitchRelayOptions {
  /** The meter refuses the command after this instant. Default: now + 5 minutes. */
  deadline?: Date;
  /** How long to poll status word 3 for the relay to move. */
  confirmTimeoutMs?: number;
  pollIntervalMs?: number;
  /**
   * Once aborted (the activity was cancelled), the command is not sent if it has not been
   * yet; the driver then throws a LineError CANCELLED. A command already sent is confirmed.
   */
  signal?: AbortSignal;
}

export interface MeterDriver {
  /**
   * Sends the command once, never blindly again, then polls status word 3 until the relay
   * is confirmed or the confirm timeout passes. Meter-side failures come back as
   * `confirmed: false` with a failure; it throws only on bad input or a closed line.
   */
  switchRelay(target: MeterTarget, command: RelayCommand, options?: SwitchRelayOptions): Promise<RelayResult>;
  /** These throw MeterDriverError when the meter cannot be read. */
  readStatusWord3(target: MeterTarget): Promise<{ statusWord3: number; relayOpen: boolean; exchanges: FrameExchange[] }>;
  readEnergy(target: MeterTarget): Promise<{ kWh: number; exchanges: FrameExchange[] }>;
  /** When the meter last tripped by its own record (ISO instant); null when it never has. Throws when unread or not kept. */
  readLastTripTime(target: MeterTarget): Promise<{ at: string | null; exchanges: FrameExchange[] }>;
  /** Only meaningful with a single meter on the line. */
  readAddress(): Promise<{ address: string; exchanges: FrameExchange[] }>;
}

export class MeterDriverError extends Error {
  constructor(
    readonly code: MeterFailureCode,
    message: string,
    readonly exchanges: FrameExchange[],
  ) {
    super(message);
    this.name = 'MeterDriverError';
  }
}
