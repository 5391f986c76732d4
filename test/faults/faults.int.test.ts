import { RUN_TIMEOUT_MS, runScenario, type RunResult } from './harness';
import { PrivatePostgres, startPrivatePostgres } from './parts';
import { formatTable, SCENARIOS, seededRandom } from './scenarios';

// Issue 8's promise under faults: real PostgreSQL (a private instance, so stopping it
// disturbs no other test), a Temporal dev server on a file, both workers as OS processes,
// meters on socat ptys and an SMTP server; one part struck at a random moment per scenario.
const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 1_000_000);
const random = seededRandom(seed);
const rows: RunResult[] = [];
let postgres: PrivatePostgres;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
});

afterAll(async () => {
  await postgres?.destroy();
  console.log(`fault table (FAULTS_SEED=${seed} replays these moments):\n${formatTable(rows)}`);
});

describe.each(SCENARIOS.map((fault) => [fault.name, fault] as const))('%s', (_name, fault) => {
  it('leaves every customer one outcome, every meter within policy, every SMS once, every payment stored and every case ended', async () => {
    const row = await runScenario(postgres, fault, random);
    rows.push(row);
    // The problems name each customer, meter, message or workflow that broke the promise.
    expect(row.problems).toEqual([]);
    expect(row).toMatchObject({ outcomes: row.customers, extraFrames: 0, duplicateSms: 0, missingSms: 0, lostPayments: 0, unfinished: 0 });
  }, RUN_TIMEOUT_MS + 3 * 60_000);
});
