import type { Db } from '../../db/connection';

/**
 * What the hostile-input test checks on every answer, and how it sees writes: a hash of
 * every table's rows before and after each batch of refused requests.
 */

export interface Probe {
  /** A name for the counts, e.g. "GET /api/tasks". */
  label: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Raw body text (may be deliberately broken JSON). */
  body?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  text: string;
}

/** A request that never answers is a finding too (a wedged workflow looks like this). */
export const ANSWER_WITHIN_MS = 15_000;

export class Finding extends Error {
  constructor(
    readonly kind: string,
    readonly probe: Probe,
    readonly answer: Answer | undefined,
    detail: string,
  ) {
    super(`${kind}: ${probe.method} ${clip(probe.path)}${probe.body !== undefined ? ` body ${clip(JSON.stringify(probe.body))}` : ''}${probe.headers ? ` headers ${clip(JSON.stringify(probe.headers))}` : ''} -> ${answer ? `${answer.status} ${clip(answer.text)}` : 'no answer'}; ${clip(detail, 1500)}`);
    this.name = 'Finding';
  }
}

/** Long reproductions stay readable: fast-check's shrunk counterexample is printed in full anyway. */
function clip(text: string, max = 400): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;
}

export class Counts {
  private readonly started = Date.now();
  readonly byLabel = new Map<string, Map<number | string, number>>();

  add(label: string, status: number | string): void {
    const statuses = this.byLabel.get(label) ?? new Map<number | string, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.byLabel.set(label, statuses);
  }

  total(): number {
    let sum = 0;
    for (const statuses of this.byLabel.values()) for (const n of statuses.values()) sum += n;
    return sum;
  }

  report(seed: number): string {
    const lines = [...this.byLabel].sort(([a], [b]) => a.localeCompare(b)).map(([label, statuses]) => {
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      const detail = [...statuses].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([s, n]) => `${s}×${n}`).join(' ');
      return `  ${String(total).padStart(6)}  ${label}  (${detail})`;
    });
    return [`hostile input: ${this.total()} requests in ${((Date.now() - this.started) / 1000).toFixed(1)} s, seed ${seed} (replay: FUZZ_SEED=${seed})`, ...lines].join('\n');
  }
}

export async function send(baseUrl: string, probe: Probe, cookie: string | undefined, counts: Counts): Promise<Answer> {
  const headers: Record<string, string> = { ...(probe.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...probe.headers };
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${probe.path}`, { method: probe.method, headers, body: probe.body, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  } catch (err) {
    counts.add(probe.label, 'no answer');
    throw new Finding('NO ANSWER', probe, undefined, (err as Error).message);
  }
  const answer = { status: res.status, text: await res.text() };
  counts.add(probe.label, answer.status);
  return answer;
}

/** No 5xx, and a refusal says what was wrong as `{error:{code,message}}`. */
export function checkAnswer(probe: Probe, answer: Answer, serverErrors: string[]): void {
  // Not a bug by definition: a request line and headers over Node's 16 KB limit are refused
  // by Node's HTTP parser with a bare 431 before any application code can run.
  if (answer.status === 431 && probe.path.length + JSON.stringify(probe.headers ?? {}).length > 15_000) return;
  if (answer.status >= 500) throw new Finding(`HTTP ${answer.status}`, probe, answer, `server logged: ${serverErrors.slice(-3).join(' | ') || '(nothing)'}`);
  // A path the client normalised out of /api/ (e.g. /api/..) is the UI's, not the API's.
  if (answer.status >= 400 && new URL(probe.path, 'http://x').pathname.startsWith('/api/')) {
    let body: { error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = undefined;
    }
    if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') throw new Finding('REFUSAL WITHOUT {error:{code,message}}', probe, answer, 'a refusal must say why');
    // Codes come from one place and the UI translates them: an exception's name (TypeError) is not one.
    if (!/^[A-Z][A-Z0-9_]*$/.test(body.error.code)) throw new Finding('REFUSAL WITH A CODE THAT IS NOT ONE', probe, answer, `code ${JSON.stringify(body.error.code)}`);
  }
}

export type Snapshot = Record<string, string>;

/** Every table's row count, highest id and a hash of all its rows, in one query. */
export async function snapshotter(db: Db): Promise<() => Promise<Snapshot>> {
  const tables: string[] = (
    await db.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'knex\\_%' ORDER BY table_name`)
  ).rows.map((row: { table_name: string }) => row.table_name);
  const columns = tables.map((table) => `(SELECT count(*) || ' rows, hash ' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '-') FROM "${table}" x) AS "${table}"`);
  const sql = `SELECT ${columns.join(', ')}`;
  return async () => (await db.raw(sql)).rows[0] as Snapshot;
}

export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(after).filter((table) => before[table] !== after[table]).map((table) => `${table}: ${before[table] ?? 'absent'} -> ${after[table]}`);
}
