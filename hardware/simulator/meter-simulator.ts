import { BROADCAST_ADDRESS, WILDCARD_ADDRESS } from '../dlt645/address';
import type { Frame } from '../dlt645/frame';
import { FrameScanner } from '../dlt645/scanner';
import type { ByteChannel } from '../transport/byte-channel';
import { withLineTiming } from '../transport/line-timing';
import { type SerialChannelOptions, openSerialChannel } from '../transport/serial-channel';
import { SimulatedMeter, type SimulatedMeterConfig } from './simulated-meter';

export interface MeterSimulatorOptions {
  /** Pace replies like a real line at this baud rate (for channels that do not pace themselves). */
  lineTiming?: { baudRate: number };
}

export interface MeterSimulator {
  readonly meters: readonly SimulatedMeter[];
  meter(address: string): SimulatedMeter;
  /** Every master frame seen on the bus, whether or not a simulated meter has its address. */
  onFrame(listener: (frame: Frame, at: Date) => void): () => void;
  /** Stops answering; closes the channel only if the simulator opened it. */
  stop(): Promise<void>;
}

/**
 * Serves meters sharing one RS-485 bus on `channel`: each meter answers only frames to its
 * address, a broadcast is acted on by all and answered by none, and the wildcard is
 * answered only when a single meter is on the line (several would talk over each other).
 */
export function startMeterSimulator(
  channel: ByteChannel,
  configs: SimulatedMeterConfig[],
  options: MeterSimulatorOptions = {},
): MeterSimulator {
  const meters = configs.map((config) => new SimulatedMeter(config));
  const line = options.lineTiming ? withLineTiming(channel, options.lineTiming.baudRate) : channel;
  const scanner = new FrameScanner();
  const pendingReplies = new Set<NodeJS.Timeout>();
  const frameListeners = new Set<(frame: Frame, at: Date) => void>();
  let running = true;

  function recipients(frame: Frame): SimulatedMeter[] {
    if (frame.address === BROADCAST_ADDRESS) return meters;
    if (frame.address === WILDCARD_ADDRESS) return meters.length === 1 ? meters : [];
    return meters.filter((meter) => meter.address === frame.address);
  }

  function sendLater(reply: Buffer, latencyMs: number): void {
    const timer = setTimeout(() => {
      pendingReplies.delete(timer);
      if (running) line.write(reply).catch(() => undefined); // A closed line just loses the reply.
    }, latencyMs);
    pendingReplies.add(timer);
  }

  const unsubscribe = line.onData((chunk) => {
    for (const event of scanner.push(chunk)) {
      // Replies of other meters on the bus pass by too; only master frames are requests.
      if (event.type !== 'frame' || event.frame.control.fromMeter) continue;
      const at = new Date();
      for (const listener of [...frameListeners]) listener(event.frame, at);
      for (const meter of recipients(event.frame)) {
        const reply = meter.handle(event.frame, at);
        if (reply && event.frame.address !== BROADCAST_ADDRESS) sendLater(reply, meter.replyLatencyMs);
      }
    }
  });

  return {
    meters,
    meter(address) {
      const found = meters.find((meter) => meter.address === address);
      if (!found) throw new Error(`no simulated meter ${address} on this line`);
      return found;
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    async stop() {
      running = false;
      unsubscribe();
      frameListeners.clear();
      for (const timer of pendingReplies) clearTimeout(timer);
      pendingReplies.clear();
    },
  };
}

/** A simulator behind a real (or socat pseudo-) serial port, e.g. for a demo or a bench test. */
export async function openSimulatorOnSerialPort(
  path: string,
  configs: SimulatedMeterConfig[],
  options: Omit<SerialChannelOptions, 'path'> & MeterSimulatorOptions = {},
): Promise<MeterSimulator> {
  const { lineTiming, ...serialOptions } = options;
  const channel = await openSerialChannel({ path, ...serialOptions });
  const simulator = startMeterSimulator(channel, configs, { lineTiming });
  return {
    ...simulator,
    async stop() {
      await simulator.stop();
      await channel.close();
    },
  };
}
