/**
 * The event chain: how fast events are chained as they are written (the database's trigger,
 * one writer at a time) and how fast `gridflow audit verify` walks them. Needs PostgreSQL at
 * TEST_DATABASE_URL, as the tests do. The size is 10,000,000 events:
 *
 *   npm run bench:audit-verify -- [--events 10000000] [--page 10000]
 */
import { verifyChain } from '../db/audit/chain';
import { createTestDatabase } from '../test/support/database';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const rate = (n: number, seconds: number) => Math.round(n / seconds).toLocaleString('en-US');

async function main(): Promise<void> {
  const events = Number(option('events', '10000000'));
  const pageSize = Number(option('page', '10000'));
  const t = await createTestDatabase();
  try {
    // Written as the application writes them, through the chaining trigger, in statements of
    // 50,000 rows; shaped like meter command events (a few hundred bytes of data each).
    const written = performance.now();
    const STATEMENT = 50_000;
    for (let from = 1; from <= events; from += STATEMENT) {
      const to = Math.min(events, from + STATEMENT - 1);
      await t.db.raw(
        `INSERT INTO events (type, actor, workflow_id, order_no, data)
         SELECT 'meter.command.confirmed', 'workflow:bench', 'disconnection-bench-' || (i / 500), '10' || lpad(i::text, 8, '0'),
                jsonb_build_object('attempt', 1, 'exchanges', jsonb_build_array(jsonb_build_object(
                  'request', '68 01 00 00 00 00 00 68 1C 10 35 33 33 33 33 33 33 33 4D 33 33 33 33 33 33 33 ' || i, 'replyMs', i % 300)))
         FROM generate_series(?::bigint, ?::bigint) AS i`,
        [from, to],
      );
      if (to % 1_000_000 === 0 || to === events) process.stdout.write(`  written ${to.toLocaleString('en-US')}\r`);
    }
    const writeSeconds = (performance.now() - written) / 1000;
    const { size } = (await t.db.raw(`SELECT pg_size_pretty(pg_total_relation_size('events')) AS size`)).rows[0];
    console.log(`chained ${events.toLocaleString('en-US')} events on insert in ${writeSeconds.toFixed(1)} s (${rate(events, writeSeconds)} events/s); table ${size}`);

    let last = 0;
    const report = await verifyChain(t.db, {
      pageSize,
      onPage: (checked) => {
        if (checked - last >= 1_000_000) {
          last = checked;
          process.stdout.write(`  verified ${checked.toLocaleString('en-US')}\r`);
        }
      },
    });
    if (!report.ok) throw new Error(`the chain is broken: ${report.problem?.message}`);
    console.log(`verified ${report.checked.toLocaleString('en-US')} events in ${report.seconds.toFixed(1)} s (${rate(report.checked, report.seconds)} events/s), pages of ${pageSize}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
