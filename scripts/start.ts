/**
 * `npm start`: the whole product on one machine with nothing installed. PostgreSQL when
 * DATABASE_URL is set, otherwise an embedded PGlite; Temporal at TEMPORAL_ADDRESS, otherwise
 * a dev server of its own; both keep their data in the data folder (.data/, or
 * GRIDFLOW_DATA_DIR) so a restart resumes every case. `--fresh` (or GRIDFLOW_FRESH=1) deletes
 * the folder first. The demo site's meters are simulated on an in-memory line.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { smtpGatewayFromEnv } from '../activities/messaging/smtp-gateway';
import { createApp, DEFAULT_UI_DIRECTORY } from '../api/app';
import { issueServiceToken } from '../api/service-tokens';
import { connect, Db, migrateToLatest } from '../db/connection';
import { DEMO_LINE, DEMO_METERS, DEMO_PASSWORD, DEMO_SITE, seedDemoData } from '../db/seeds/demo';
import { startMeterSimulator } from '../hardware/simulator';
import { createInMemoryChannelPair } from '../hardware/transport';
import { createCentralWorker } from '../workers/central';
import { createHardwareWorkers, siteLinesOver } from '../workers/hardware';
import { ensureAuditAnchorSchedule, ensureReconnectionSweepSchedule } from '../workers/schedules';
import { checkNothingLost, DataDir, DataDirError, DEFAULT_DATA_DIR, openDataDir } from './data-dir';
import { startDevServer, stopOrphanedDevServer } from './temporal-dev-server';

interface Temporal {
  address: string;
  client: Client;
  workerConnection: NativeConnection;
  uiUrl?: string;
  note?: string;
  stop(): Promise<void>;
}

async function temporal(data: DataDir | undefined): Promise<Temporal> {
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const connectTo = async (address: string, stopServer?: () => Promise<void>) => {
    const connection = await Connection.connect({ address });
    const workerConnection = await NativeConnection.connect({ address });
    return {
      address,
      client: new Client({ connection, namespace }),
      workerConnection,
      async stop() {
        await workerConnection.close();
        await connection.close();
        await stopServer?.();
      },
    };
  };
  if (process.env.TEMPORAL_ADDRESS) return connectTo(process.env.TEMPORAL_ADDRESS);
  if (!data) throw new Error('no data folder for the Temporal dev server');
  const orphan = await stopOrphanedDevServer({ pidFile: data.temporalPidFile, dbFile: data.temporalDb });
  const note = orphan ? `stopped the Temporal dev server (pid ${orphan}) an earlier start left running` : undefined;
  const port = await firstFreePort(Number(process.env.TEMPORAL_PORT ?? 7233));
  // GRIDFLOW_TEMPORAL_UI=0 saves the UI's memory (the restart test does).
  const uiPort = process.env.GRIDFLOW_TEMPORAL_UI === '0' ? undefined : await firstFreePort(Number(process.env.TEMPORAL_UI_PORT ?? 8233));
  // The pinned CLI from .tools (scripts/ensure-tools.sh); else the SDK downloads one.
  const cli = path.resolve(__dirname, '../.tools/bin/temporal');
  if (existsSync(cli)) {
    const server = await startDevServer({ cli, dbFile: data.temporalDb, pidFile: data.temporalPidFile, logFile: data.temporalLog, port, uiPort, namespace });
    const connected = await connectTo(server.address, server.stop);
    return { ...connected, uiUrl: server.uiUrl, note };
  }
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ip: '127.0.0.1', port, dbFilename: data.temporalDb, namespace, ...(uiPort === undefined ? { ui: false } : { ui: true, uiPort }) },
  });
  return {
    address: env.address,
    client: env.client,
    workerConnection: env.nativeConnection,
    uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`,
    note,
    stop: () => env.teardown(),
  };
}

/** The preferred port if nothing listens there, else any free one. */
async function firstFreePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const probe = net.createServer().once('error', reject);
      probe.listen(port, '127.0.0.1', () => {
        const { port: bound } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(bound));
      });
    });
  return tryListen(preferred).catch(() => tryListen(0));
}

/** A fresh clone has no built back office yet: build it once (about half a minute). */
function ensureUiBuilt(): void {
  if (existsSync(path.join(DEFAULT_UI_DIRECTORY, 'index.html'))) return;
  console.log('building the back office (admin-ui) once…');
  const vite = path.resolve(__dirname, '../node_modules/.bin/vite');
  const built = spawnSync(vite, ['build', '--config', path.resolve(__dirname, '../admin-ui/vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the back office did not build; the API still runs without it');
}

/** Opens the database, telling a damaged PGlite folder apart from any other failure. */
async function openDatabase(data: DataDir | undefined): Promise<{ db: Db; hasSchema: boolean }> {
  const pglite = !process.env.DATABASE_URL;
  const db = connect(process.env.DATABASE_URL, pglite && data ? { pglitePath: data.pgdata } : {});
  try {
    return { db, hasSchema: await db.schema.hasTable('knex_migrations') };
  } catch (err) {
    await db.destroy().catch(() => undefined);
    if (!pglite || !data) throw err;
    throw new DataDirError(
      `the embedded database in ${data.pgdata} does not open (${(err as Error).message})` +
        `${data.uncleanStop ? '; the last start ended without stopping cleanly (kill -9, a crash or power loss) and may have damaged it' : ''}. ` +
        `Keep a copy of ${data.path} if it matters, then start fresh with \`npm start -- --fresh\` (deletes the folder).`,
    );
  }
}

/** The pinned token; else the one saved in the data folder by an earlier start; else a new one, saved. */
function demoServiceToken(data: DataDir | undefined): string | undefined {
  if (process.env.GRIDFLOW_SERVICE_TOKEN) return process.env.GRIDFLOW_SERVICE_TOKEN;
  if (data && existsSync(data.serviceTokenFile)) return readFileSync(data.serviceTokenFile, 'utf8').trim() || undefined;
  return undefined;
}

/** What a start that fails midway must undo before it exits. */
const onFailure: Array<() => Promise<void>> = [];

async function main(): Promise<void> {
  // Worker state changes and bundler output are noise here; warnings and errors are not.
  Runtime.install({
    logger: new DefaultLogger((process.env.LOG_LEVEL as 'INFO' | 'WARN' | undefined) ?? 'WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
  // Ctrl-C while starting: undo what has started (the dev server) rather than orphan it.
  const stopWhileStarting = () => {
    console.log('stopping…');
    void Promise.allSettled(onFailure.map((cleanup) => cleanup())).then(() => process.exit(130));
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  signals.forEach((signal) => process.once(signal, stopWhileStarting));
  const args = process.argv.slice(2);
  const fresh = args.includes('--fresh') || process.env.GRIDFLOW_FRESH === '1';
  // The data folder holds whatever is embedded: PGlite unless DATABASE_URL, the dev server unless TEMPORAL_ADDRESS.
  const keeps = { database: !process.env.DATABASE_URL, temporal: !process.env.TEMPORAL_ADDRESS };
  const data = keeps.database || keeps.temporal ? openDataDir(process.env.GRIDFLOW_DATA_DIR || DEFAULT_DATA_DIR, { fresh }) : undefined;
  if (fresh && !data) console.warn('--fresh deletes nothing: the database (DATABASE_URL) and Temporal (TEMPORAL_ADDRESS) are not kept here');
  if (!args.includes('--no-ui-build') && process.env.GRIDFLOW_BUILD_UI !== '0') {
    try {
      ensureUiBuilt();
    } catch (err) {
      console.warn((err as Error).message);
    }
  }
  // Looked at before the dev server starts, as starting creates the file.
  if (data) checkNothingLost(data, { database: true, temporal: !keeps.temporal || existsSync(data.temporalDb) });
  // The dev server and the workflow bundle take seconds each: both get ready while the database opens and migrates.
  const serverStarting = temporal(data);
  onFailure.push(async () => (await serverStarting.catch(() => undefined))?.stop());
  const bundling = bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: Runtime.instance().logger });
  for (const pending of [serverStarting, bundling]) pending.catch(() => undefined);
  const { db, hasSchema } = await openDatabase(data);
  // Only what this start uses from the folder can have been lost.
  if (data) checkNothingLost(data, { database: !keeps.database || hasSchema, temporal: true });
  await migrateToLatest(db);
  const demo = await seedDemoData(db);
  const token = await issueServiceToken(db, 'demo', demoServiceToken(data));
  if (data && !process.env.GRIDFLOW_SERVICE_TOKEN) writeFileSync(data.serviceTokenFile, `${token}\n`, { mode: 0o600 });

  const server = await serverStarting;
  data?.markInitialised(keeps);
  const gateway = smtpGatewayFromEnv() ?? outboxOnlyGateway;
  const [master, bus] = createInMemoryChannelPair({ baudRate: 2400 });
  const simulator = startMeterSimulator(bus, DEMO_METERS.map((meter) => ({ ...meter, replyLatencyMs: 60 })));
  const lines = siteLinesOver(DEMO_SITE, [{ name: DEMO_LINE, channel: master }]);
  const workers = [
    await createCentralWorker({ connection: server.workerConnection, db, gateway, workflowBundle: await bundling }),
    ...(await createHardwareWorkers({ connection: server.workerConnection, lines })),
  ];
  const running = workers.map((worker) => worker.run());
  const { intervalMinutes } = await ensureReconnectionSweepSchedule(server.client, db);
  await ensureAuditAnchorSchedule(server.client);

  const port = Number(process.env.PORT ?? 3000);
  const app = createApp({ db, temporal: server.client, gateway, uiDirectory: DEFAULT_UI_DIRECTORY });
  const http = app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => http.once('listening', resolve).once('error', reject));

  const api = `http://127.0.0.1:${port}`;
  const database = process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `embedded PGlite in ${data!.pgdata}`;
  console.log(`
Gridflow is running.
  Back office    ${api}/  (users admin, collector, approver, executor, dispatcher, crew, agent, cashier, auditor, designer; password ${DEMO_PASSWORD})
  API            ${api}/api  (described at ${api}/api/openapi.json)
  Temporal       ${server.address}${server.uiUrl ? `  (UI ${server.uiUrl})` : ''}${keeps.temporal ? `, state in ${data!.temporalDb}` : ''}
  Database       ${database}
  Data           ${data ? `${data.path} — kept across restarts; \`npm start -- --fresh\` (or deleting the folder) starts over` : 'nothing kept here (DATABASE_URL and TEMPORAL_ADDRESS)'}
  Messages       ${gateway.name}
  Meters         site ${DEMO_SITE}, ${DEMO_LINE}: ${DEMO_METERS.map((m) => m.address).join(', ')} (simulated, 2400 baud)
  Sweep          every ${intervalMinutes} minutes
  Service token  ${token}
${[data?.uncleanStop ? 'The last start did not stop cleanly (kill -9 or a crash); its data opened again.' : '', server.note ?? ''].filter(Boolean).map((line) => `  ${line}\n`).join('')}${demo ? `
Demo: customer ${demo.payToReconnect.customerNo} is disconnected and owes ${demo.payToReconnect.arrears} CNY on account ${demo.payToReconnect.accountNo}. Pay it:

  curl -s -X POST ${api}/api/payments -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\
    -d '{"paymentId":"DEMO-1","accountNo":"${demo.payToReconnect.accountNo}","amount":"${demo.payToReconnect.arrears}","channel":"bank"}'

then watch the meter reconnect:

  curl -s ${api}/api/customers/by-number/${demo.payToReconnect.customerNo} -H 'Authorization: Bearer ${token}'
` : `
Demo data was seeded by an earlier start; everything done since is still here.
`}
Ctrl-C stops everything.`);

  simulator.meters.forEach((meter) =>
    meter.onFrame((frame, at) => console.log(`[meter ${meter.address}] ${at.toISOString()} frame with control 0x${frame.control.raw.toString(16).toUpperCase()}`)),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    http.close();
    workers.forEach((worker) => worker.shutdown());
    await Promise.allSettled(running);
    await lines.close();
    await simulator.stop();
    await server.stop();
    // Closing PGlite checkpoints it; only then may another start take the folder.
    await db.destroy();
    data?.release();
    process.exit(0);
  };
  signals.forEach((signal) => {
    process.off(signal, stopWhileStarting);
    process.on(signal, stop);
  });
}

main().catch(async (err) => {
  console.error(err instanceof DataDirError ? `npm start: ${err.message}` : err);
  // A dev server we started must not outlive a failed start and keep holding the folder.
  await Promise.allSettled(onFailure.map((cleanup) => cleanup()));
  process.exit(1);
});
