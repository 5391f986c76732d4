import { ApplicationFailure } from '@temporalio/common';
import { MeterDriver, MeterDriverError, MeterTarget, RelayCommand, RelayResult } from '../hardware/driver';

/**
 * Activities of a hardware worker: they run at a site, on the task queue of that site,
 * and reach meters only through the lines the site owns.
 */
export interface SiteLines {
  site: string;
  /** A driver for each line name in the site's configuration. */
  driverFor(line: string, protocol: MeterTarget['protocol']): MeterDriver | undefined;
}

export interface SwitchRelayInput {
  meter: MeterTarget & { line: string };
  command: RelayCommand;
  /** How long the meter should accept the command; the frame carries the deadline. */
  validityMinutes: number;
}

export interface SwitchRelayResult extends RelayResult {
  site: string;
  line: string;
}

export function createMeterActivities(lines: SiteLines) {
  function driver(line: string, protocol: MeterTarget['protocol']): MeterDriver {
    const found = lines.driverFor(line, protocol);
    if (!found) {
      // Configuration error: no retry on this site will find the line.
      throw ApplicationFailure.nonRetryable(`site ${lines.site} has no line "${line}" for ${protocol}`, 'UnknownLine');
    }
    return found;
  }

  return {
    /** Sends one relay command and waits for status word 3 to confirm it. Never resends it. */
    async switchRelay(input: SwitchRelayInput): Promise<SwitchRelayResult> {
      const deadline = new Date(Date.now() + input.validityMinutes * 60_000);
      const result = await driver(input.meter.line, input.meter.protocol).switchRelay(input.meter, input.command, { deadline });
      return { ...result, site: lines.site, line: input.meter.line };
    },

    async readRelayStatus(input: { meter: MeterTarget & { line: string } }) {
      return keepMeterFailure(() => driver(input.meter.line, input.meter.protocol).readStatusWord3(input.meter));
    },

    async readEnergy(input: { meter: MeterTarget & { line: string } }) {
      return keepMeterFailure(() => driver(input.meter.line, input.meter.protocol).readEnergy(input.meter));
    },
  };
}

export type MeterActivities = ReturnType<typeof createMeterActivities>;

/**
 * A failed reading crosses to the workflow with its code and frames (a plain error would
 * keep only its message); reads may be retried, so the failure stays retryable.
 */
async function keepMeterFailure<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof MeterDriverError)) throw err;
    throw ApplicationFailure.create({ type: err.code, message: err.message, details: [err.exchanges] });
  }
}
