import type { Fault, RunResult } from './harness';
import { sleep } from './parts';

/**
 * The five faults of issue 8, each struck once at a random moment of the phase where its
 * part is busiest, one scenario after another.
 */
export const SCENARIOS: Fault[] = [
  {
    name: 'central worker kill -9, back after 5 s',
    during: ['notices', 'commands'],
    spreadMs: 4_000,
    progress: 'record',
    strike: ({ central }) => central.kill9(),
    async restore({ central }) {
      await sleep(5_000);
      await central.start();
    },
  },
  {
    name: 'hardware worker kill -9 mid-command',
    during: ['commands'],
    spreadMs: 3_000,
    progress: 'frame',
    noSiteVisits: true,
    async strike({ hardware }, run) {
      // Right after a control frame left for a meter: the command is on the wire, unconfirmed.
      await run.nextControlFrame();
      await hardware.kill9();
    },
    restore: ({ hardware }) => hardware.start(),
  },
  {
    name: 'Temporal server stopped, restarted on its file',
    during: ['notices', 'commands'],
    spreadMs: 4_000,
    progress: 'record',
    strike: ({ temporal }) => temporal.stop(),
    async restore({ temporal }) {
      await sleep(3_000);
      await temporal.start();
    },
  },
  {
    name: 'PostgreSQL stopped for 20 s',
    exclusive: true,
    during: ['notices', 'commands'],
    spreadMs: 4_000,
    progress: 'record',
    strike: ({ postgres }) => postgres.stop(),
    async restore({ postgres }) {
      await sleep(20_000);
      await postgres.start();
    },
  },
  {
    name: 'SMTP server down for 30 s (hung)',
    during: ['notices'],
    spreadMs: 2_000,
    progress: 'sms',
    strike: ({ smtp }) => smtp.stop(),
    async restore({ smtp }) {
      await sleep(30_000);
      await smtp.start();
    },
  },
];

/** A small seeded generator, so a run's random moments can be replayed (FAULTS_SEED). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS: Array<[string, (row: RunResult) => string]> = [
  ['scenario', (row) => row.scenario],
  ['customers', (row) => String(row.customers)],
  ['outcomes', (row) => String(row.outcomes)],
  ['extra frames', (row) => String(row.extraFrames)],
  ['duplicate SMS', (row) => String(row.duplicateSms)],
  ['missing SMS', (row) => String(row.missingSms)],
  ['lost payments', (row) => String(row.lostPayments)],
  ['unfinished', (row) => String(row.unfinished)],
  ['site visits caused', (row) => (row.siteVisitsNotEffective > 0 ? `${row.siteVisits} (${row.siteVisitsNotEffective} not effective)` : String(row.siteVisits))],
  ['meters read back', (row) => String(row.readBack)],
  ['struck', (row) => `${row.phase} +${(row.strikeAfterMs / 1000).toFixed(1)} s`],
  ['recover (s)', (row) => (row.recoverSeconds === null ? '-' : row.recoverSeconds.toFixed(1))],
  ['run (s)', (row) => row.runSeconds.toFixed(0)],
];

/** The table of issue 8: zero is the only passing figure for loss and duplication. */
export function formatTable(rows: RunResult[]): string {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => `| ${values.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

/** True when nothing was lost, duplicated or left unfinished. */
export function passed(row: RunResult): boolean {
  return row.outcomes === row.customers && row.extraFrames === 0 && row.duplicateSms === 0 && row.missingSms === 0 && row.lostPayments === 0 && row.unfinished === 0 && row.problems.length === 0;
}
