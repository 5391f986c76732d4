import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createMeterActivities, SiteLines } from '../activities/meters';
import type { MeterDriver, MeterProtocol } from '../hardware/driver';
import { type CommandLedger, openFileLedger } from '../hardware/ledger';
import { createDriver, type DriverOptionsByProtocol } from '../hardware/registry';
import type { ByteChannel } from '../hardware/transport/byte-channel';
import { MeterLine } from '../hardware/transport/meter-line';
import { openSerialChannel } from '../hardware/transport/serial-channel';
import { meterTaskQueue } from '../workflows/task-queues';
import { parseSiteConfig, SiteConfig } from './site-config';

/** How long a heartbeat, and with it news of a cancellation, may wait at most. */
const HEARTBEAT_THROTTLE = '3 seconds';

export interface OpenSiteLines extends SiteLines {
  close(): Promise<void>;
}

/**
 * Puts a MeterLine (one request in flight) and its driver on each channel. A line has one
 * owner, this process, so frames of two commands never interleave on the bus.
 */
export function siteLinesOver(
  site: string,
  channels: Array<{ name: string; channel: ByteChannel; protocol?: MeterProtocol }>,
  driverOptions?: DriverOptionsByProtocol['dlt645-2007'],
): OpenSiteLines {
  const lines = new Map<string, { line: MeterLine; protocol: MeterProtocol; driver: MeterDriver }>();
  for (const { name, channel, protocol = 'dlt645-2007' } of channels) {
    const line = new MeterLine(channel);
    lines.set(name, { line, protocol, driver: createDriver(protocol, line, driverOptions) });
  }
  return {
    site,
    driverFor(name, protocol) {
      const entry = lines.get(name);
      return entry && entry.protocol === protocol ? entry.driver : undefined;
    },
    async close() {
      await Promise.all([...lines.values()].map(({ line }) => line.close()));
    },
  };
}

export async function openSiteLines(config: SiteConfig): Promise<OpenSiteLines> {
  const channels = [];
  for (const line of config.lines) {
    channels.push({ name: line.name, protocol: line.protocol, channel: await openSerialChannel({ path: line.path, baudRate: line.baudRate }) });
  }
  return siteLinesOver(config.site, channels);
}

/**
 * Where a site keeps its command ledger (hardware/ledger.ts): GRIDFLOW_LEDGER_DIR, else
 * `.gridflow/` under the working directory; one file per site, kept across restarts.
 */
export function ledgerPathOf(site: string, dir = process.env.GRIDFLOW_LEDGER_DIR ?? '.gridflow'): string {
  return join(dir, `ledger-${site}.jsonl`);
}

export function createHardwareWorker(options: { connection: NativeConnection; namespace?: string; lines: SiteLines; ledger?: CommandLedger }): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: meterTaskQueue(options.lines.site),
    activities: createMeterActivities(options.lines, options.ledger),
    // One command per line at a time is the line's own rule; this caps the whole site.
    maxConcurrentActivityTaskExecutions: 64,
    // Heartbeats carry cancellation back: sent at least this often, a cancelled or timed-out
    // batch stops within seconds instead of tripping meters already handed to people.
    maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
    defaultHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
  });
}

async function main(): Promise<void> {
  const file = process.env.GRIDFLOW_SITE_CONFIG;
  if (!file) throw new Error('set GRIDFLOW_SITE_CONFIG to the site file, e.g. {"site":"north","lines":[{"name":"line-1","path":"/dev/ttyUSB0"}]}');
  const config = parseSiteConfig(JSON.parse(readFileSync(file, 'utf8')));
  const lines = await openSiteLines(config);
  const ledger = await openFileLedger(ledgerPathOf(config.site));
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const worker = await createHardwareWorker({ connection, namespace: process.env.TEMPORAL_NAMESPACE, lines, ledger });
  console.log(`hardware worker for site ${config.site}: ${config.lines.map((l) => `${l.name}=${l.path}@${l.baudRate}`).join(', ')}`);
  try {
    await worker.run();
  } finally {
    await lines.close();
    await ledger.close();
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
