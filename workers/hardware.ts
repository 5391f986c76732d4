import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityNotFoundError, Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createMeterActivities, SiteLines } from '../activities/meters';
import type { MeterDriver, MeterProtocol } from '../hardware/driver';
import { type CommandLedger, type LedgerAttemptBegun, openFileLedger } from '../hardware/ledger';
import { createDriver, type DriverOptionsByProtocol } from '../hardware/registry';
import type { ByteChannel } from '../hardware/transport/byte-channel';
import { MeterLine } from '../hardware/transport/meter-line';
import { openSerialChannel } from '../hardware/transport/serial-channel';
import { meterTaskQueue, readBackTaskQueue } from '../workflows/task-queues';
import { parseSiteConfig, SiteConfig } from './site-config';

/** How long a heartbeat, and with it news of a cancellation, may wait at most. */
const HEARTBEAT_THROTTLE = '3 seconds' as const;

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

/**
 * The site's workers, one process: one on the site's command queue, one on its read-back
 * queue, sharing the lines (and their turn taking: a read-back goes before the next command).
 */
export async function createHardwareWorkers(options: { connection: NativeConnection; namespace?: string; lines: SiteLines; ledger?: CommandLedger }): Promise<Worker[]> {
  const activities = createMeterActivities(options.lines, options.ledger);
  const common = {
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    activities,
    // Heartbeats carry cancellation back: sent at least this often, a cancelled or timed-out
    // batch stops within seconds instead of tripping meters already handed to people.
    maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
    defaultHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
  };
  return [
    // One command per line at a time is the line's own rule; this caps the whole site.
    await Worker.create({ ...common, taskQueue: meterTaskQueue(options.lines.site), maxConcurrentActivityTaskExecutions: 64 }),
    // Slots of its own: commands waiting for their lines never keep a reconciliation from starting.
    await Worker.create({ ...common, taskQueue: readBackTaskQueue(options.lines.site), maxConcurrentActivityTaskExecutions: 16 }),
  ];
}

/**
 * The site worker announces itself (issue 15): attempts its previous life began and never
 * ended — it was killed, or the machine lost power — are failed now, through Temporal, so
 * their workflows reconcile by read-back within seconds of the restart instead of waiting out
 * the heartbeat timeout. An attempt already over (timed out meanwhile) is only marked ended.
 * `leftOver` is read before this life polls: its own attempts are never among them.
 */
export async function failAbandonedAttempts(ledger: CommandLedger, leftOver: LedgerAttemptBegun[], client: Client, site: string): Promise<{ failed: string[]; alreadyOver: string[]; notReached: string[] }> {
  const failed: string[] = [];
  const alreadyOver: string[] = [];
  const notReached: string[] = [];
  for (const attempt of leftOver) {
    const name = `${attempt.activity} (${attempt.activityType}, attempt ${attempt.attempt})`;
    try {
      await client.activity.fail(
        Buffer.from(attempt.taskToken, 'base64'),
        ApplicationFailure.retryable(`the site worker of ${site} restarted while this attempt ran (begun ${attempt.at}); nothing more of it will be sent`, 'SiteWorkerRestarted'),
      );
      failed.push(name);
    } catch (err) {
      // Temporal not reached: left for the next start to try again (the heartbeat timeout ends it meanwhile).
      if (!(err instanceof ActivityNotFoundError)) {
        notReached.push(name);
        continue;
      }
      // The server already ended it (heartbeat timeout, cancellation, completion).
      alreadyOver.push(name);
    }
    await ledger.record({ kind: 'attempt-ended', activity: attempt.activity, attempt: attempt.attempt, at: new Date().toISOString(), abandoned: true });
  }
  return { failed, alreadyOver, notReached };
}

async function main(): Promise<void> {
  const file = process.env.GRIDFLOW_SITE_CONFIG;
  if (!file) throw new Error('set GRIDFLOW_SITE_CONFIG to the site file, e.g. {"site":"north","lines":[{"name":"line-1","path":"/dev/ttyUSB0"}]}');
  const config = parseSiteConfig(JSON.parse(readFileSync(file, 'utf8')));
  const lines = await openSiteLines(config);
  const ledger = await openFileLedger(ledgerPathOf(config.site));
  const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const connection = await NativeConnection.connect({ address });
  // What the last life left running, read before this one takes any work of its own.
  const leftOver = await ledger.unfinishedAttempts();
  const workers = await createHardwareWorkers({ connection, namespace, lines, ledger });
  const running = workers.map((worker) => worker.run());
  // Polling already: a workflow whose attempt is failed now finds its read-back taken at once.
  const clientConnection = await Connection.connect({ address });
  const { failed, alreadyOver, notReached } = await failAbandonedAttempts(ledger, leftOver, new Client({ connection: clientConnection, namespace }), config.site);
  await clientConnection.close();
  const abandoned =
    leftOver.length > 0
      ? `; attempts its last run left: ${failed.length} failed now for reconciliation${failed.length ? ` (${failed.join(', ')})` : ''}, ${alreadyOver.length} already over` +
        (notReached.length ? `, ${notReached.length} not reached (Temporal did not answer; tried again at the next start)` : '')
      : '';
  console.log(`hardware worker for site ${config.site}: ${config.lines.map((l) => `${l.name}=${l.path}@${l.baudRate}`).join(', ')}${abandoned}`);
  try {
    await Promise.all(running);
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
