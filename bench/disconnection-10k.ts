/**
 * A 10,000-customer disconnection case on 8 simulated RS-485 lines at 2400 baud with real
 * timing: every byte takes its 4.58 ms on the wire and each meter pauses before replying.
 * Prints the wall time of the command phase, commands per second, and that rate as a share
 * of what the 8 lines could carry at best (one exchange at a time per line, the wire time
 * of the frames actually sent plus the meters' reply pauses, no gaps).
 *
 * Real parts otherwise: PostgreSQL (TEST_DATABASE_URL, as for the tests), a Temporal dev
 * server, the central and hardware workers.
 *
 *   npm run bench:disconnection-10k -- [--customers 10000] [--lines 8] [--baud 2400] [--latency 30]
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { DbRow } from '../db/connection';
import { insertUser } from '../db/seeds/users';
import { createTestDatabase } from '../test/support/database';
import { ALWAYS_OPEN_POLICY, runsOf, seedScaleCustomers, startApprovedCase, startScaleSite, waitFor } from '../test/support/scale';
import { createLocalEnv } from '../test/support/temporal';

const BITS_PER_BYTE = 11; // start, 8 data, even parity, stop

function option(name: string, fallback: string): number {
  const at = process.argv.indexOf(`--${name}`);
  return Number(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback);
}

const bytesOf = (hex: string | null) => (hex ? hex.split(' ').length : 0);

async function main(): Promise<void> {
  const customers = option('customers', '10000');
  const lineCount = option('lines', '8');
  const baudRate = option('baud', '2400');
  const latencyMs = option('latency', '30');
  Runtime.install({ logger: new DefaultLogger('ERROR') });

  const [env, t] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  try {
    const applicantId = await insertUser(t.db, { username: 'applicant', roles: ['collector'] });
    const approverId = await insertUser(t.db, { username: 'approver', roles: ['approver'] });
    await t.db('settings').insert({ key: 'disconnection', value: JSON.stringify(ALWAYS_OPEN_POLICY) }).onConflict('key').merge();
    const seed = await seedScaleCustomers(t.db, { count: customers, lines: lineCount });
    const site = await startScaleSite({ connection: env.nativeConnection, db: t.db, customers: seed.customers, lines: lineCount, baudRate, meter: { replyLatencyMs: latencyMs } });
    const memoryBefore = process.memoryUsage().rss;
    try {
      const handle = await startApprovedCase({ client: env.client, db: t.db, workflowId: 'disconnection-case-bench', customerNos: seed.customers.map((c) => c.customerNo), applicantId, approverId });
      const caseId = Number(await waitFor(async () => (await t.db('cases').where({ workflow_id: handle.workflowId }).first('id'))?.id));
      console.log(`${customers} customers on ${lineCount} lines at ${baudRate} baud, meters reply after ${latencyMs} ms; waiting out the 1-minute pre-notice`);

      // The command phase starts when the first customer is judged.
      const commandsStarted = await waitFor(async () => (await t.db('events').where({ case_id: caseId, type: 'disconnection.verdict' }).min({ at: 'at' }).first())?.at, 5 * 60_000, 200);
      let peakRss = 0;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }, 1000);
      const progressTimer = setInterval(async () => {
        const done = await t.db('disconnection_outcomes').where({ case_id: caseId }).whereIn('state', ['disconnected', 'excluded']).count({ n: '*' }).first();
        console.log(`  ${new Date().toISOString().slice(11, 19)} settled ${done?.n}/${customers}`);
      }, 30_000);
      const progress = await handle.result();
      clearInterval(sampler);
      clearInterval(progressTimer);
      const finished = await t.db('events').where({ case_id: caseId }).whereIn('type', ['meter.command.confirmed', 'meter.command.failed', 'disconnection.verdict']).max({ at: 'at' }).first();
      const wallSeconds = (new Date(finished!.at).getTime() - new Date(commandsStarted).getTime()) / 1000;

      // Best case for the lines: the frames each trip really took, back to back on each line.
      const commands: DbRow[] = await t.db('events').where({ case_id: caseId, type: 'meter.command.confirmed' }).select('data');
      let wireSeconds = 0;
      let exchanges = 0;
      for (const { data } of commands) {
        for (const exchange of data.exchanges as Array<{ sentHex: string; receivedHex: string | null }>) {
          exchanges++;
          wireSeconds += ((bytesOf(exchange.sentHex) + bytesOf(exchange.receivedHex)) * BITS_PER_BYTE) / baudRate + latencyMs / 1000;
        }
      }
      const bestSecondsPerCommand = wireSeconds / commands.length;
      const capacity = lineCount / bestSecondsPerCommand;
      const achieved = commands.length / wallSeconds;
      const runs = await runsOf(env.client, handle.workflowId, handle.firstExecutionRunId);

      console.log(`result: ${JSON.stringify(progress)}`);
      console.log(`command phase wall time: ${wallSeconds.toFixed(1)} s for ${commands.length} trips (${exchanges} exchanges)`);
      console.log(`best case per trip on one line: ${(bestSecondsPerCommand * 1000).toFixed(0)} ms; ${lineCount} lines' capacity ${capacity.toFixed(2)} trips/s`);
      console.log(`achieved: ${achieved.toFixed(2)} trips/s = ${((achieved / capacity) * 100).toFixed(1)}% of the lines' capacity`);
      console.log(`case runs (continue-as-new): ${runs.length}, longest history ${Math.max(...runs.map((r) => r.events))} events`);
      console.log(`worker process RSS: ${(memoryBefore / 2 ** 20).toFixed(0)} MiB before, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
    } finally {
      await site.stop();
    }
  } finally {
    await env.teardown();
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
