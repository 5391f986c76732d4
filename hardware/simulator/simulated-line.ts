import { createInMemoryChannelPair } from '../transport/in-memory-channel';
import { type LineTimeouts, MeterLine } from '../transport/meter-line';
import { type MeterSimulator, startMeterSimulator } from './meter-simulator';
import type { SimulatedMeterConfig } from './simulated-meter';

export interface SimulatedLineOptions {
  /** Pace both directions like a real line; 2400 by default, 0 for instant delivery. */
  baudRate?: number;
  timeouts?: Partial<LineTimeouts>;
}

export interface SimulatedLine {
  line: MeterLine;
  simulator: MeterSimulator;
  close(): Promise<void>;
}

/** A MeterLine wired to simulated meters in memory: the demo mode's stand-in for a serial port. */
export function createSimulatedLine(meters: SimulatedMeterConfig[], options: SimulatedLineOptions = {}): SimulatedLine {
  const baudRate = options.baudRate ?? 2400;
  const [master, bus] = createInMemoryChannelPair(baudRate > 0 ? { baudRate } : {});
  const line = new MeterLine(master, options.timeouts);
  const simulator = startMeterSimulator(bus, meters);
  return {
    line,
    simulator,
    async close() {
      await simulator.stop();
      await line.close();
      await bus.close();
    },
  };
}
