import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MeterDriver, MeterDriverError, MeterTarget, RelayCommand, RelayResult } from '../hardware/driver';
import { type CommandLedger, type LedgerState, ledgerStateOf, memoryLedger } from '../hardware/ledger';
import { LineError } from '../hardware/transport/errors';

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

/** One meter's part of a batch: a failure may also be the site's own (e.g. an unknown line). */
export interface BatchRelayResult extends Omit<SwitchRelayResult, 'failure'> {
  failure?: { code: string; message: string };
}

/** Beats also while a command waits for its line, so a cancellation is heard (workers/hardware.ts throttles). */
const HEARTBEAT_EVERY_MS = 3_000;

/**
 * Why a site's command activity failed, as the auditor reads it beside a read-back (回读):
 * its worker restarted (and said so on its return), went silent (no heartbeat), never took
 * the work in time, or the activity failed some other way at the site.
 */
export type SiteFailure = 'site-worker-restarted' | 'site-worker-silent' | 'site-unreachable' | 'site-failure';

/** What a read-back found of one meter: the ledger's facts and the relay as the meter says it is now. */
export interface ReadBack {
  meter: string;
  ledger: LedgerState;
  /** From status word 3; null when the meter did not answer. */
  relayOpen: boolean | null;
  statusWord3: number | null;
  /** An open relay's last trip by the meter's own record (1D000101), when the meter keeps one and answered. */
  trippedAt?: string;
  failure?: { code: string; message: string };
}

/**
 * The site's meter activities. `ledger` records each control command's intent before its
 * frame goes on the wire and its result after (hardware/ledger.ts); without one (tests of
 * other things) the site keeps it in memory only.
 */
export function createMeterActivities(lines: SiteLines, ledger: CommandLedger = memoryLedger()) {
  /** A command of the calling activity to one meter, through the ledger: never-sent, possibly sent, answered. */
  async function commandThroughLedger(meterDriver: MeterDriver, meter: MeterTarget, command: RelayCommand, options: Parameters<MeterDriver['switchRelay']>[2]): Promise<RelayResult> {
    const info = Context.current().info;
    const key = { batch: batchOf(info), meter: meter.address, command };
    await ledger.record({ kind: 'intent', ...key, attempt: info.attempt, at: new Date().toISOString() });
    // A throw leaves the intent alone: the frame may have left, so the ledger says possibly sent.
    const result = await meterDriver.switchRelay(meter, command, options);
    await ledger.record({
      kind: 'result',
      ...key,
      attempt: info.attempt,
      at: new Date().toISOString(),
      confirmed: result.confirmed,
      relayOpen: result.relayOpen,
      ...(result.failure ? { failure: { code: result.failure.code, message: result.failure.message } } : {}),
      ...(result.meterTime ? { meterTime: result.meterTime } : {}),
      frames: result.exchanges.map((exchange) => ({ sentHex: exchange.sentHex, ...(exchange.receivedHex ? { receivedHex: exchange.receivedHex } : {}) })),
    });
    return result;
  }

  function driver(line: string, protocol: MeterTarget['protocol']): MeterDriver {
    const found = lines.driverFor(line, protocol);
    if (!found) {
      // Configuration error: no retry on this site will find the line.
      throw ApplicationFailure.nonRetryable(`site ${lines.site} has no line "${line}" for ${protocol}`, 'UnknownLine');
    }
    return found;
  }

  /**
   * One command at a time on a line: a trip, its confirming status reads and the clock read
   * are never split by another meter's frames, whichever workflow asked for them. Read-backs
   * go first: a line frees up for a reconciliation before the next meter of any batch, so a
   * restarted site worker settles what its crash left open before it commands anything new.
   */
  const lineQueues = new Map<string, { waiting: Record<LineLane, Array<() => void>> }>();
  async function onLine<T>(line: string, work: () => Promise<T>, lane: LineLane = 'command'): Promise<T> {
    const busy = lineQueues.get(line);
    if (busy) await new Promise<void>((resolve) => busy.waiting[lane].push(resolve));
    else lineQueues.set(line, { waiting: { 'read-back': [], command: [] } });
    try {
      return await work();
    } finally {
      // The line passes straight to the next in turn, read-backs first; nobody waiting frees it.
      const queue = lineQueues.get(line)!;
      const next = queue.waiting['read-back'].shift() ?? queue.waiting.command.shift();
      if (next) next();
      else lineQueues.delete(line);
    }
  }

  /**
   * An attempt of this site's activity in the ledger, begun with its task token and ended
   * however it ends: the worker's next life fails at once an attempt a crash left running
   * (workers/hardware.ts), so its workflow reconciles in seconds, not at the heartbeat timeout.
   */
  async function asLedgerAttempt<T>(work: () => Promise<T>): Promise<T> {
    const info = Context.current().info;
    const activity = batchOf(info);
    await ledger.record({ kind: 'attempt-begun', activity, activityType: info.activityType, attempt: info.attempt, taskToken: Buffer.from(info.taskToken).toString('base64'), at: new Date().toISOString() });
    try {
      return await work();
    } finally {
      // Unrecorded, the next life tries to fail an attempt that is over; the server says so, no harm.
      await ledger.record({ kind: 'attempt-ended', activity, attempt: info.attempt, at: new Date().toISOString() }).catch(() => undefined);
    }
  }

  const activities = {
    /** Sends one relay command and waits for status word 3 to confirm it. Never resends it. */
    async switchRelay(input: SwitchRelayInput): Promise<SwitchRelayResult> {
      const context = Context.current();
      const signal = context.cancellationSignal;
      const deadline = new Date(Date.now() + input.validityMinutes * 60_000);
      const meterDriver = driver(input.meter.line, input.meter.protocol);
      // A heartbeat hears of a cancellation or a timeout while the command waits for its line.
      const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        const result = await onLine(input.meter.line, () => {
          if (signal.aborted) throw new CancelledFailure(`${input.command} cancelled before it was sent`);
          return commandThroughLedger(meterDriver, input.meter, input.command, { deadline, signal });
        });
        return { ...result, site: lines.site, line: input.meter.line };
      } catch (err) {
        if (err instanceof LineError && err.code === 'CANCELLED') throw new CancelledFailure(`${input.command} cancelled before it was sent`);
        throw err;
      } finally {
        clearInterval(beat);
      }
    },

    /**
     * The same command to several meters of one line, one after another (a line carries one
     * exchange at a time anyway): one activity for a batch of a case instead of one each.
     * Never resends; each meter's own result, failure and frames come back in order.
     */
    async switchRelays(input: { meters: Array<MeterTarget & { line: string }>; command: RelayCommand; validityMinutes: number }): Promise<BatchRelayResult[]> {
      const context = Context.current();
      // Cancelled (the workflow gave up, or the heartbeat timed out and the meters went to
      // people): not one more command leaves this site, queued ones included.
      const signal = context.cancellationSignal;
      const stopIfCancelled = () => {
        if (signal.aborted) throw new CancelledFailure(`${input.command} batch cancelled after ${results.length} of ${input.meters.length} meters`);
      };
      const results: BatchRelayResult[] = [];
      // Also while waiting for the line behind another batch's command.
      const beat = setInterval(() => context.heartbeat(results.length), HEARTBEAT_EVERY_MS);
      try {
        for (const meter of input.meters) {
          stopIfCancelled();
          try {
            const meterDriver = driver(meter.line, meter.protocol);
            // The deadline counts from the command's turn on the line, not from the batch's start.
            const result = await onLine(meter.line, () => {
              stopIfCancelled();
              return commandThroughLedger(meterDriver, meter, input.command, { deadline: new Date(Date.now() + input.validityMinutes * 60_000), signal });
            });
            results.push({ ...result, site: lines.site, line: meter.line });
          } catch (err) {
            if (err instanceof CancelledFailure || (err instanceof LineError && err.code === 'CANCELLED')) stopIfCancelled();
            // A meter the site cannot reach fails alone; the rest of the batch still goes.
            const message = err instanceof Error ? err.message : String(err);
            const code = err instanceof ApplicationFailure && err.type ? err.type : 'HARDWARE_WORKER_FAILED';
            results.push({ confirmed: false, relayOpen: null, statusWord3: null, failure: { code, message }, exchanges: [], site: lines.site, line: meter.line });
          }
          context.heartbeat(results.length);
        }
      } finally {
        clearInterval(beat);
      }
      return results;
    },

    /**
     * 回读: after a batch's activity failed (a crash, a timeout, a port error), what the ledger
     * says of each meter's command in it and what the meter says of its relay now. Only reads:
     * safe to retry, and changes nothing on any meter. A meter that does not answer has a null
     * relay and its failure.
     */
    async readBackMeters(input: { batch: string; command: RelayCommand; meters: Array<MeterTarget & { line: string }> }): Promise<ReadBack[]> {
      const context = Context.current();
      const entries = await ledger.entriesOf(input.batch);
      const found: ReadBack[] = [];
      for (const meter of input.meters) {
        const ledgerState = ledgerStateOf(entries, meter.address, input.command);
        try {
          const meterDriver = driver(meter.line, meter.protocol);
          const status = await onLine(meter.line, () => meterDriver.readStatusWord3(meter), 'read-back');
          // Open: when it opened, by the meter's own trip record where it keeps one (else the ledger's time serves).
          const trippedAt = status.relayOpen && input.command === 'trip' ? await onLine(meter.line, () => lastTripTime(meterDriver, meter), 'read-back') : null;
          found.push({ meter: meter.address, ledger: ledgerState, relayOpen: status.relayOpen, statusWord3: status.statusWord3, ...(trippedAt ? { trippedAt } : {}) });
        } catch (err) {
          const code = err instanceof MeterDriverError ? err.code : err instanceof ApplicationFailure && err.type ? err.type : 'READ_FAILED';
          found.push({ meter: meter.address, ledger: ledgerState, relayOpen: null, statusWord3: null, failure: { code, message: err instanceof Error ? err.message : String(err) } });
        }
        context.heartbeat(found.length);
      }
      return found;
    },

    async readRelayStatus(input: { meter: MeterTarget & { line: string } }) {
      const meterDriver = driver(input.meter.line, input.meter.protocol);
      return keepMeterFailure(() => onLine(input.meter.line, () => meterDriver.readStatusWord3(input.meter)));
    },

    async readEnergy(input: { meter: MeterTarget & { line: string } }) {
      const meterDriver = driver(input.meter.line, input.meter.protocol);
      return keepMeterFailure(() => onLine(input.meter.line, () => meterDriver.readEnergy(input.meter)));
    },
  };

  return {
    ...activities,
    switchRelay: (input: SwitchRelayInput) => asLedgerAttempt(() => activities.switchRelay(input)),
    switchRelays: (input: Parameters<typeof activities.switchRelays>[0]) => asLedgerAttempt(() => activities.switchRelays(input)),
    readBackMeters: (input: Parameters<typeof activities.readBackMeters>[0]) => asLedgerAttempt(() => activities.readBackMeters(input)),
  };
}

/** Who takes a line next: a read-back before any command or ordinary read. */
type LineLane = 'read-back' | 'command';

export type MeterActivities = ReturnType<typeof createMeterActivities>;

/** The meter's last trip by its record; null when it keeps none, never tripped, or would not say. */
async function lastTripTime(meterDriver: MeterDriver, meter: MeterTarget): Promise<string | null> {
  try {
    return (await meterDriver.readLastTripTime(meter)).at;
  } catch (err) {
    if (err instanceof MeterDriverError) return null;
    throw err;
  }
}

/** A batch in the ledger: the workflow and activity that carried it, the same on each retry. */
export function batchOf(info: { workflowExecution?: { workflowId: string }; activityId: string }): string {
  return `${info.workflowExecution?.workflowId ?? 'standalone'}/${info.activityId}`;
}

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
