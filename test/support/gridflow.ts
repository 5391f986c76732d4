import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { MessageGateway } from '../../activities/messaging/gateway';
import { outboxOnlyGateway } from '../../activities/messaging/gateway';
import type { Db } from '../../db/connection';
import type { CommandLedger } from '../../hardware/ledger';
import type { MeterSimulator, SimulatedMeterConfig } from '../../hardware/simulator';
import { startMeterSimulator } from '../../hardware/simulator';
import { createInMemoryChannelPair } from '../../hardware/transport';
import { createCentralWorker } from '../../workers/central';
import { createHardwareWorkers, OpenSiteLines, siteLinesOver } from '../../workers/hardware';
import { workflowBundle } from './temporal';

export const TEST_SITE = 'site-t';
export const TEST_LINE = 'line-1';

/** Fast enough for tests, slow enough that a silent meter is told apart from a slow one. */
const QUICK_DRIVER = { confirmTimeoutMs: 1000, pollIntervalMs: 20, timeouts: { replyTimeoutMs: 300, interByteTimeoutMs: 100 } };

export interface RunningGridflow {
  simulator: MeterSimulator;
  stop(): Promise<void>;
}

/**
 * The central worker and one site's hardware worker on a real Temporal server, the site's
 * line wired to a meter simulator in process.
 */
export async function startGridflow(options: {
  env: TestWorkflowEnvironment;
  db: Db;
  meters: SimulatedMeterConfig[];
  gateway?: MessageGateway;
  lines?: OpenSiteLines;
  simulator?: MeterSimulator;
  /** The site and line names the in-memory line is known by. */
  site?: string;
  line?: string;
  /** The site's command ledger (in memory by default). */
  ledger?: CommandLedger;
}): Promise<RunningGridflow> {
  let simulator = options.simulator;
  let lines = options.lines;
  if (!lines) {
    const [master, bus] = createInMemoryChannelPair();
    simulator ??= startMeterSimulator(bus, options.meters);
    lines = siteLinesOver(options.site ?? TEST_SITE, [{ name: options.line ?? TEST_LINE, channel: master }], QUICK_DRIVER);
  }
  if (!simulator) throw new Error('pass the simulator that serves the given lines');
  const workers: Worker[] = [
    await createCentralWorker({
      connection: options.env.nativeConnection,
      db: options.db,
      gateway: options.gateway ?? outboxOnlyGateway,
      workflowBundle: await workflowBundle(),
    }),
    ...(await createHardwareWorkers({ connection: options.env.nativeConnection, lines, ledger: options.ledger })),
  ];
  const running = workers.map((worker) => worker.run());
  const siteLines = lines;
  const sim = simulator;
  return {
    simulator: sim,
    async stop() {
      for (const worker of workers) worker.shutdown();
      await Promise.all(running);
      await siteLines.close();
      await sim.stop();
    },
  };
}
