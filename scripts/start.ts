/**
 * `npm start`: the whole product on one machine with nothing installed. PostgreSQL when
 * DATABASE_URL is set, otherwise an embedded PGlite; Temporal at TEMPORAL_ADDRESS, otherwise
 * a dev server of its own; the demo site's meters simulated on an in-memory line.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { smtpGatewayFromEnv } from '../activities/messaging/smtp-gateway';
import { createApp, DEFAULT_UI_DIRECTORY } from '../api/app';
import { issueServiceToken } from '../api/service-tokens';
import { connect, migrateToLatest } from '../db/connection';
import { DEMO_LINE, DEMO_METERS, DEMO_PASSWORD, DEMO_SITE, seedDemoData } from '../db/seeds/demo';
import { startMeterSimulator } from '../hardware/simulator';
import { createInMemoryChannelPair } from '../hardware/transport';
import { createCentralWorker } from '../workers/central';
import { createHardwareWorker, siteLinesOver } from '../workers/hardware';
import { ensureReconnectionSweepSchedule } from '../workers/schedules';

async function temporal(): Promise<{ address: string; client: Client; workerConnection: NativeConnection; uiUrl?: string; stop(): Promise<void> }> {
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (process.env.TEMPORAL_ADDRESS) {
    const address = process.env.TEMPORAL_ADDRESS;
    const connection = await Connection.connect({ address });
    const workerConnection = await NativeConnection.connect({ address });
    return {
      address,
      client: new Client({ connection, namespace }),
      workerConnection,
      async stop() {
        await workerConnection.close();
        await connection.close();
      },
    };
  }
  // The pinned CLI from .tools when present (scripts/ensure-tools.sh); else the SDK downloads one.
  const cli = path.resolve(__dirname, '../.tools/bin/temporal');
  const uiPort = await firstFreePort(Number(process.env.TEMPORAL_UI_PORT ?? 8233));
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ...(existsSync(cli) ? { executable: { type: 'existing-path' as const, path: cli } } : {}),
      ip: '127.0.0.1',
      ui: true,
      uiPort,
    },
  });
  return {
    address: env.address,
    client: env.client,
    workerConnection: env.nativeConnection,
    uiUrl: `http://127.0.0.1:${uiPort}`,
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

async function main(): Promise<void> {
  // Worker state changes and bundler output are noise here; warnings and errors are not.
  Runtime.install({
    logger: new DefaultLogger((process.env.LOG_LEVEL as 'INFO' | 'WARN' | undefined) ?? 'WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
  try {
    ensureUiBuilt();
  } catch (err) {
    console.warn((err as Error).message);
  }
  const db = connect();
  await migrateToLatest(db);
  const demo = await seedDemoData(db);
  const token = await issueServiceToken(db, 'demo', process.env.GRIDFLOW_SERVICE_TOKEN);

  const server = await temporal();
  const gateway = smtpGatewayFromEnv() ?? outboxOnlyGateway;
  const [master, bus] = createInMemoryChannelPair({ baudRate: 2400 });
  const simulator = startMeterSimulator(bus, DEMO_METERS.map((meter) => ({ ...meter, replyLatencyMs: 60 })));
  const lines = siteLinesOver(DEMO_SITE, [{ name: DEMO_LINE, channel: master }]);
  const workers = [
    await createCentralWorker({ connection: server.workerConnection, db, gateway }),
    await createHardwareWorker({ connection: server.workerConnection, lines }),
  ];
  const running = workers.map((worker) => worker.run());
  const { intervalMinutes } = await ensureReconnectionSweepSchedule(server.client, db);

  const port = Number(process.env.PORT ?? 3000);
  const app = createApp({ db, temporal: server.client, gateway, uiDirectory: DEFAULT_UI_DIRECTORY });
  const http = app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => http.once('listening', resolve).once('error', reject));

  const api = `http://127.0.0.1:${port}`;
  console.log(`
Gridflow is running.
  Back office    ${api}/  (users admin, collector, approver, executor, dispatcher, crew, agent, cashier, auditor, designer; password ${DEMO_PASSWORD})
  API            ${api}/api  (described at ${api}/api/openapi.json)
  Temporal       ${server.address}${server.uiUrl ? `  (UI ${server.uiUrl})` : ''}
  Database       ${process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : 'embedded PGlite (in memory; gone when this stops)'}
  Messages       ${gateway.name}
  Meters         site ${DEMO_SITE}, ${DEMO_LINE}: ${DEMO_METERS.map((m) => m.address).join(', ')} (simulated, 2400 baud)
  Sweep          every ${intervalMinutes} minutes
  Service token  ${token}
${demo ? `
Demo: customer ${demo.payToReconnect.customerNo} is disconnected and owes ${demo.payToReconnect.arrears} CNY on account ${demo.payToReconnect.accountNo}. Pay it:

  curl -s -X POST ${api}/api/payments -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\
    -d '{"paymentId":"DEMO-1","accountNo":"${demo.payToReconnect.accountNo}","amount":"${demo.payToReconnect.arrears}","channel":"bank"}'

then watch the meter reconnect:

  curl -s ${api}/api/customers/${demo.payToReconnect.customerNo} -H 'Authorization: Bearer ${token}'
` : ''}
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
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
