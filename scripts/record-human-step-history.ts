/**
 * Records the history of a human step (an on-site reconnection that escalates once and is
 * then completed) as a replay fixture: `npx tsx scripts/record-human-step-history.ts <name>`.
 * With `<name> wedged` the completion carries a NUL, which code before the UNSTORABLE_DATA
 * failure accepted and then retried for ever: the history of a running, wedged step. With
 * `<name> reopened` PostgreSQL refuses the first completion's write (a trigger raising
 * SQLSTATE 22P05), the task reopens and a second completion finishes the step.
 * Record with the code that is running in production before changing wait-for-person.ts.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { insertCustomer } from '../db/seeds/customers';
import { insertUser } from '../db/seeds/users';
import { DEFAULT_RECONNECTION_POLICY } from '../domain/reconnection/policy';
import { createTestDatabase } from '../test/support/database';
import { startGridflow } from '../test/support/gridflow';
import { createTimeSkippingEnv } from '../test/support/temporal';
import { reconnectionWorkflowId } from '../workflows/reconnection/ids';
import { reconnectCustomer, reconnectionStatusQuery } from '../workflows/reconnection/workflow';
import { CENTRAL_TASK_QUEUE } from '../workflows/task-queues';
import { completeTaskUpdate } from '../workflows/human/wait-for-person';

async function main(name: string, mode: 'completed' | 'wedged' | 'reopened'): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const [env, t] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
  const gridflow = await startGridflow({ env, db: t.db, meters: [] });
  try {
    const supervisorId = await insertUser(t.db, { username: 'supervisor', roles: ['dispatcher'], phone: '13700000001' });
    const collectorId = await insertUser(t.db, { username: 'collector', roles: ['collector'], supervisorId, phone: '13700000002' });
    await t.db('settings').where({ key: 'reconnection' }).update({
      value: JSON.stringify({ ...DEFAULT_RECONNECTION_POLICY, manualReconnection: { slaMinutes: 60, onOverdue: [{ notify: 'supervisor' }] } }),
    });
    await insertCustomer(t.db, { customerNo: 'R-1', supplyStatus: 'disconnected', remoteReconnectEligible: false, segment: { code: 'SEG-R' } });
    await t.db('segments').where({ code: 'SEG-R' }).update({ collector_user_id: collectorId });
    const handle = await env.client.workflow.start(reconnectCustomer, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: reconnectionWorkflowId('R-1'),
      args: [{ customerNo: 'R-1', trigger: 'sweep' }],
    });
    let taskId: number | undefined;
    while (!(taskId = (await handle.query(reconnectionStatusQuery)).taskId)) await new Promise((resolve) => setTimeout(resolve, 50));
    await env.sleep(61 * 60_000);
    while ((await t.db('tasks').where({ id: taskId }).first()).escalation_level !== 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const reconnectedAt = new Date(await env.currentTimeMs()).toISOString();
    const by = { userId: collectorId, roles: ['collector' as const] };
    if (mode === 'wedged') {
      const update = await handle.startUpdate(completeTaskUpdate, { args: [{ taskId, by, result: { reconnectedAt, note: 'no\u0000pe' } }], waitForStage: 'ACCEPTED' });
      await new Promise((resolve) => setTimeout(resolve, 3000)); // a few failed attempts of the write
      void update.result().catch(() => undefined);
    } else {
      if (mode === 'reopened') {
        await t.db.raw(`CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN
          IF NEW.result->>'note' = 'poison' THEN RAISE EXCEPTION 'cannot store this note' USING ERRCODE = '22P05'; END IF;
          RETURN NEW; END $$ LANGUAGE plpgsql`);
        await t.db.raw('CREATE TRIGGER refuse_poison BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_poison()');
        const failed = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by, result: { reconnectedAt, note: 'poison' } }] }).catch((err: Error) => err);
        if (!(failed instanceof Error)) throw new Error('the poisoned completion was recorded');
      }
      await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, by, result: { reconnectedAt, note: '已现场合闸' } }] });
      await handle.result();
    }
    const history = await handle.fetchHistory();
    const file = path.join(__dirname, '../workflows/human/histories', `${name}.json`);
    await writeFile(file, JSON.stringify(history, null, 1) + '\n');
    console.log(`wrote ${file}`);
    if (mode === 'wedged') await handle.terminate('recorded');
  } finally {
    await gridflow.stop();
    await env.teardown();
    await t.drop();
  }
}

const mode = process.argv[3] === 'wedged' || process.argv[3] === 'reopened' ? process.argv[3] : 'completed';
main(process.argv[2] ?? 'manual-reconnection', mode).catch((err) => {
  console.error(err);
  process.exit(1);
});
