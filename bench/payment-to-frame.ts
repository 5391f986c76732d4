import { outboxOnlyGateway } from '../activities/messaging/gateway';
/**
 * Time from `POST /api/payments` to the close frame reaching the meter's serial line.
 *
 * Real parts end to end: express on loopback, PostgreSQL, a Temporal dev server, the
 * central and hardware workers, the serialport package on socat pty pairs at 2400 8E1, and
 * a meter simulator on the far end of each line. Needs PostgreSQL (TEST_DATABASE_URL, as
 * for the tests) and socat.
 *
 *   npm run bench:payment-to-frame -- [--payments 200] [--lines 4] [--concurrency 1,8]
 */
import { FunctionCode } from '../hardware/dlt645/function-codes';
import { openSimulatorOnSerialPort, MeterSimulator } from '../hardware/simulator';
import { createApp } from '../api/app';
import { issueServiceToken } from '../api/service-tokens';
import { insertCustomer } from '../db/seeds/customers';
import { openSiteLines } from '../workers/hardware';
import { createTestDatabase } from '../test/support/database';
import { startGridflow } from '../test/support/gridflow';
import { listen } from '../test/support/http';
import { openPtyPair, PtyPair } from '../test/support/socat';
import { createLocalEnv } from '../test/support/temporal';
import { DefaultLogger, Runtime } from '@temporalio/worker';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

async function main(): Promise<void> {
  const payments = Number(option('payments', '200'));
  const lineCount = Number(option('lines', '4'));
  const concurrencies = option('concurrency', '1,8').split(',').map(Number);
  const site = 'bench-site';
  Runtime.install({ logger: new DefaultLogger('ERROR') });

  const [env, t] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  const ptys: PtyPair[] = [];
  const simulators: MeterSimulator[] = [];
  const totalMeters = payments * concurrencies.length;
  const meterAddress = (i: number) => String(100000 + i).padStart(12, '0');
  const lineOf = (i: number) => i % lineCount;

  // Which instant each meter's first close frame arrived on its line.
  const closeFrameAt = new Map<string, number>();
  for (let l = 0; l < lineCount; l++) {
    const pty = await openPtyPair();
    ptys.push(pty);
    const meters = Array.from({ length: totalMeters }, (_, i) => i).filter((i) => lineOf(i) === l).map((i) => ({ address: meterAddress(i), relayOpen: true, replyLatencyMs: 40 }));
    const simulator = await openSimulatorOnSerialPort(pty.a, meters, { baudRate: 2400 });
    simulator.onFrame((frame) => {
      if (frame.control.func === FunctionCode.RemoteControl && !closeFrameAt.has(frame.address)) closeFrameAt.set(frame.address, performance.now());
    });
    simulators.push(simulator);
  }
  const lines = await openSiteLines({ site, lines: ptys.map((pty, l) => ({ name: `line-${l}`, path: pty.b, baudRate: 2400, protocol: 'dlt645-2007' as const })) });
  const gridflow = await startGridflow({ env, db: t.db, meters: [], lines, simulator: simulators[0] });
  const api = await listen(createApp({ db: t.db, temporal: env.client, gateway: outboxOnlyGateway }));
  const token = await issueServiceToken(t.db, 'bench');

  const customers = [];
  for (let i = 0; i < totalMeters; i++) {
    customers.push(await insertCustomer(t.db, {
      customerNo: `B${String(i).padStart(6, '0')}`,
      supplyStatus: 'disconnected',
      smsReconnectNotice: false,
      meter: { address: meterAddress(i), site, line: `line-${lineOf(i)}` },
      dueBillsFen: [10000],
    }));
  }

  console.log(`payment -> close frame on the line: ${payments} payments per run, ${lineCount} lines at 2400 baud (socat ptys), PostgreSQL, Temporal dev server`);
  let next = 0;
  for (const concurrency of concurrencies) {
    const batch = customers.slice(next, next + payments).map((c, k) => ({ ...c, address: meterAddress(next + k) }));
    next += payments;
    const sentAt = new Map<string, number>();
    const started = performance.now();
    let cursor = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (cursor < batch.length) {
        const customer = batch[cursor++]!;
        sentAt.set(customer.address, performance.now());
        const res = await fetch(`${api.baseUrl}/api/payments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ paymentId: `BENCH-${customer.customerNo}`, accountNo: customer.accountNo, amount: '100.00', channel: 'bank' }),
        });
        if (res.status !== 201) throw new Error(`payment answered ${res.status}: ${await res.text()}`);
        // Sequential means one payment's whole path at a time: wait for its frame.
        if (concurrency === 1) await waitFor(() => closeFrameAt.has(customer.address));
      }
    }));
    await waitFor(() => batch.every((c) => closeFrameAt.has(c.address)), 120_000);
    const wall = performance.now() - started;
    const latencies = batch.map((c) => closeFrameAt.get(c.address)! - sentAt.get(c.address)!).sort((a, b) => a - b);
    const mean = latencies.reduce((s, x) => s + x, 0) / latencies.length;
    console.log(
      `concurrency ${String(concurrency).padStart(2)}: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, ` +
        `max ${latencies[latencies.length - 1]!.toFixed(0)} ms, mean ${mean.toFixed(0)} ms; ${payments} payments in ${(wall / 1000).toFixed(1)} s`,
    );
  }

  await api.close();
  await gridflow.stop();
  for (const simulator of simulators.slice(1)) await simulator.stop();
  for (const pty of ptys) await pty.close();
  await env.teardown();
  await t.drop();
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error('timed out waiting for close frames');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
