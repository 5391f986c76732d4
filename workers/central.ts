import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import type { Db } from '../db/connection';
import { createMessagingActivities } from '../activities/messaging/activities';
import type { MessageGateway } from '../activities/messaging/gateway';
import { createAuditActivities } from '../activities/audit';
import { createDisconnectionActivities } from '../activities/disconnection';
import { dataExceptionInterceptors } from '../activities/failures';
import { createReconnectionActivities } from '../activities/reconnection';
import { createRelocationActivities } from '../activities/relocation';
import { createRevisitActivities } from '../activities/revisit';
import { createSurveyActivities } from '../activities/surveys';
import { createRepairActivities } from '../activities/repair';
import { createTaskActivities } from '../activities/tasks';
import { CENTRAL_TASK_QUEUE } from '../workflows/task-queues';

export interface CentralWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  db: Db;
  gateway: MessageGateway;
  taskQueue?: string;
  /** A prebuilt bundle (tests build one once); otherwise the workflows are bundled here. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** More activity interceptors, after the data-exception one (e.g. tracing). */
  activityInterceptors?: NonNullable<WorkerOptions['interceptors']>['activity'];
}

/** The central worker: every workflow, plus the activities that touch the database and messages. */
export function createCentralWorker(options: CentralWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? CENTRAL_TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    activities: {
      ...createReconnectionActivities(options.db),
      ...createDisconnectionActivities(options.db, options.gateway),
      ...createMessagingActivities(options.db, options.gateway),
      ...createTaskActivities(options.db, options.gateway),
      ...createAuditActivities(options.db),
      ...createRepairActivities(options.db),
      ...createRelocationActivities({ db: options.db }),
      ...createRevisitActivities({ db: options.db }),
      ...createSurveyActivities({ db: options.db, gateway: options.gateway }),
    },
    // A value PostgreSQL refuses is refused on every retry: fail such activities for good.
    interceptors: { activity: [dataExceptionInterceptors, ...(options.activityInterceptors ?? [])] },
  });
}

async function main(): Promise<void> {
  const { connect, migrateToLatest } = await import('../db/connection');
  const { smtpGatewayFromEnv } = await import('../activities/messaging/smtp-gateway');
  const { outboxOnlyGateway } = await import('../activities/messaging/gateway');
  const { Client, Connection } = await import('@temporalio/client');
  const { ensureAuditAnchorSchedule, ensureReconnectionSweepSchedule } = await import('./schedules');
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL (postgres://...) for the central worker');
  const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';

  const db = connect();
  await migrateToLatest(db);
  const gateway = smtpGatewayFromEnv() ?? outboxOnlyGateway;
  const client = new Client({ connection: await Connection.connect({ address }), namespace });
  const { intervalMinutes } = await ensureReconnectionSweepSchedule(client, db);
  await ensureAuditAnchorSchedule(client);
  const connection = await NativeConnection.connect({ address });
  const worker = await createCentralWorker({ connection, namespace, db, gateway });
  console.log(`central worker on ${address}/${namespace}; messages via ${gateway.name}; sweep every ${intervalMinutes} min`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
