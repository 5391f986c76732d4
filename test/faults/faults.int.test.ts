import type { Fault } from './harness';
import { RUN_TIMEOUT_MS, runScenario, type RunResult } from './harness';
import { PrivatePostgres, startPrivatePostgres } from './parts';
import { formatTable, SCENARIOS, seededRandom } from './scenarios';

// Issue 8's promise under faults: real PostgreSQL (a private instance, so stopping it
// disturbs no other test), a Temporal dev server on a file, both workers as OS processes,
// meters on socat ptys and an SMTP server; one part struck at a random moment per scenario.
// Each run has its own database, Temporal server, workers, lines and SMTP server, and spends
// most of its time waiting (retry backoff, serial lines, restarts), so two run at a time; the
// fault that stops the PostgreSQL they share runs alone, after them.
const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 1_000_000);
const AT_ONCE = 2;
const rows: RunResult[] = [];
let postgres: PrivatePostgres;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
});

afterAll(async () => {
  await postgres?.destroy();
  console.log(`fault table (FAULTS_SEED=${seed} replays these moments):\n${formatTable(rows)}`);
});

let running = 0;
const waiting: Array<() => void> = [];
async function inTurn<T>(run: () => Promise<T>): Promise<T> {
  while (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

async function expectPromiseKept(fault: Fault) {
  // Each scenario draws its moments from its own generator, so FAULTS_SEED replays them whatever the order.
  const row = await runScenario(postgres, fault, seededRandom(seed + SCENARIOS.indexOf(fault)));
  rows.push(row);
  // The problems name each customer, meter, message or workflow that broke the promise.
  expect(row.problems).toEqual([]);
  expect(row).toMatchObject({ outcomes: row.customers, extraFrames: 0, duplicateSms: 0, missingSms: 0, lostPayments: 0, unfinished: 0 });
  // A site worker's crash is settled by reading the meters back: nobody goes to a meter that answers,
  // except where the rule of issue 15 sends one: a trip possibly sent (intent recorded, then the kill,
  // on another line than the frame that struck) whose relay is closed spent the policy's one attempt.
  // (A kill that struck between batches fails none, and reads none back: the count shows which it was.)
  if (fault.noSiteVisits) expect({ scenario: fault.name, otherSiteVisits: row.siteVisits - row.siteVisitsNotEffective }).toEqual({ scenario: fault.name, otherSiteVisits: 0 });
}

const PROMISE = 'leaves every customer one outcome, every meter within policy, every SMS once, every payment stored and every case ended';
const shared = SCENARIOS.filter((fault) => !fault.exclusive);
const alone = SCENARIOS.filter((fault) => fault.exclusive);

it.concurrent.each(shared.map((fault) => [fault.name, fault] as const))(`%s: ${PROMISE}`, (_name, fault) => inTurn(() => expectPromiseKept(fault)), Math.ceil(shared.length / AT_ONCE) * RUN_TIMEOUT_MS + 3 * 60_000);

describe.each(alone.map((fault) => [fault.name, fault] as const))('%s', (_name, fault) => {
  it(PROMISE, () => expectPromiseKept(fault), RUN_TIMEOUT_MS + 3 * 60_000);
});
