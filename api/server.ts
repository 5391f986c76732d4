/**
 * The API (and the built back office) on its own, for a deployment where the workers run
 * elsewhere: `npm run api` with DATABASE_URL and TEMPORAL_ADDRESS. `npm start` runs
 * everything in one process instead.
 */
import { Client, Connection } from '@temporalio/client';
import { outboxOnlyGateway } from '../activities/messaging/gateway';
import { smtpGatewayFromEnv } from '../activities/messaging/smtp-gateway';
import { connect, migrateToLatest } from '../db/connection';
import { createApp, DEFAULT_UI_DIRECTORY } from './app';

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL (postgres://...) for the API');
  const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const db = connect();
  await migrateToLatest(db);
  const temporal = new Client({ connection: await Connection.connect({ address }), namespace });
  const gateway = smtpGatewayFromEnv() ?? outboxOnlyGateway;
  const app = createApp({ db, temporal, gateway, uiDirectory: DEFAULT_UI_DIRECTORY });
  const http = app.listen(port, host);
  await new Promise<void>((resolve, reject) => http.once('listening', resolve).once('error', reject));
  console.log(`API on http://${host}:${port}/api (Temporal ${address}/${namespace}; messages via ${gateway.name})`);
  const stop = () => {
    http.close();
    void Promise.allSettled([temporal.connection.close(), db.destroy()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
