/**
 * The fault-injection table of issue 8 (see README "Faults"): each scenario runs a
 * 200-customer disconnection case and 20 payments on real parts and strikes one part.
 *
 *   npm run faults [-- --only <part of a scenario name>] [--seed <n>] [--phase notices|commands]
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runScenario, type RunResult } from '../test/faults/harness';
import { startPrivatePostgres } from '../test/faults/parts';
import { formatTable, passed, SCENARIOS, seededRandom } from '../test/faults/scenarios';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const only = option('only')?.toLowerCase();
  const seed = Number(option('seed') ?? process.env.FAULTS_SEED ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  const scenarios = SCENARIOS.filter((s) => !only || s.name.toLowerCase().includes(only));
  console.log(`fault scenarios: ${scenarios.length}; seed ${seed} (--seed ${seed} replays the same moments)`);
  const postgres = await startPrivatePostgres();
  const rows: RunResult[] = [];
  try {
    for (const scenario of scenarios) {
      const phase = option('phase');
      const row = await runScenario(postgres, scenario, random, (line) => console.log(`  ${line}`), phase === 'notices' || phase === 'commands' ? phase : undefined);
      rows.push(row);
      // Customers without an outcome can be hundreds: a few of them, then everything else.
      const customers = row.problems.filter((problem) => problem.includes(': outcomes ['));
      const others = row.problems.filter((problem) => !problem.includes(': outcomes ['));
      for (const problem of [...customers.slice(0, 5), ...(customers.length > 5 ? [`... ${customers.length - 5} more customers`] : []), ...others]) console.log(`  ! ${problem}`);
    }
  } finally {
    await postgres.destroy();
  }
  console.log(`\n${formatTable(rows)}\n`);
  const failing = rows.filter((row) => !passed(row));
  console.log(failing.length === 0 ? 'zero loss, zero duplication in every scenario' : `FAILED: ${failing.map((row) => row.scenario).join('; ')}`);
  process.exitCode = failing.length === 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
