import type { Knex } from 'knex';
import type { Request, Response } from 'express';
import type { DbRow } from '../db/connection';
import { HttpError } from './errors';

/**
 * ra-data-simple-rest lists: `sort=["field","ASC"]`, `range=[0,24]`, `filter={...}` as JSON
 * query parameters; the answer carries `Content-Range: <resource> 0-24/319`. Only the
 * filters and sort fields a resource names are accepted.
 */
export interface ListSpec {
  resource: string;
  /** API field -> SQL expression to order by. */
  sorts: Record<string, string>;
  defaultSort: [string, 'ASC' | 'DESC'];
  /** API filter -> applies itself to the query; throw HttpError 400 for a bad value. */
  filters: Record<string, (query: Knex.QueryBuilder, value: unknown) => void>;
  /**
   * Long lists (a million tasks): count exactly only up to this many rows; beyond, answer
   * PostgreSQL's estimate, so no page counts them all (see countOrEstimate).
   */
  countUpTo?: number;
}

const MAX_PAGE = 500;
/** The largest id an `integer` (int4) column holds; a bigger one cannot name a row. */
export const MAX_INT4 = 2 ** 31 - 1;

function parseJsonParam(req: Request, name: string): unknown {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new HttpError(400, 'INVALID_QUERY', `${name} must be given once, as JSON`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'INVALID_QUERY', `${name} is not valid JSON`);
  }
}

export interface ListQuery {
  sort: [string, 'ASC' | 'DESC'];
  range: [number, number];
  filter: Record<string, unknown>;
}

export function parseListQuery(req: Request, spec: ListSpec): ListQuery {
  const sort = parseJsonParam(req, 'sort') ?? spec.defaultSort;
  if (!Array.isArray(sort) || sort.length !== 2 || typeof sort[0] !== 'string' || !Object.hasOwn(spec.sorts, sort[0]) || typeof sort[1] !== 'string' || !['ASC', 'DESC'].includes(sort[1].toUpperCase())) {
    throw new HttpError(400, 'INVALID_QUERY', `sort must be ["field","ASC"|"DESC"] with field one of ${Object.keys(spec.sorts).join(', ')}`);
  }
  const range = parseJsonParam(req, 'range') ?? [0, 24];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isSafeInteger(n) && n >= 0) || range[1] < range[0] || range[1] - range[0] >= MAX_PAGE) {
    throw new HttpError(400, 'INVALID_QUERY', `range must be [start,end] with at most ${MAX_PAGE} rows`);
  }
  const filter = parseJsonParam(req, 'filter') ?? {};
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw new HttpError(400, 'INVALID_QUERY', 'filter must be a JSON object');
  const unknown = Object.keys(filter).filter((key) => !Object.hasOwn(spec.filters, key));
  if (unknown.length > 0) {
    throw new HttpError(400, 'INVALID_QUERY', `unknown filter(s) ${unknown.join(', ')}; allowed: ${Object.keys(spec.filters).join(', ') || 'none'}`);
  }
  return { sort: [sort[0], sort[1].toUpperCase() as 'ASC' | 'DESC'], range: range as [number, number], filter: filter as Record<string, unknown> };
}

/** Runs a list: filters, counts, pages, orders (with the id as tie-breaker), answers. */
export async function sendList<Row>(
  res: Response,
  spec: ListSpec,
  list: ListQuery,
  base: Knex.QueryBuilder,
  idColumn: string,
  present: (row: DbRow) => Row,
  /**
   * Loads the page's rows with everything shown beside them, by id. The page itself is
   * found without those joins, so neither the count nor a deep page pays for them.
   */
  loadDetails?: (ids: unknown[]) => Promise<DbRow[]>,
): Promise<void> {
  for (const [name, value] of Object.entries(list.filter)) {
    if (value === undefined || value === null || value === '') continue;
    spec.filters[name]!(base, value);
  }
  const [start, end] = list.range;
  const counting = base.clone().clearSelect().clearOrder();
  const page = base.clone().orderBy(spec.sorts[list.sort[0]]!, list.sort[1]).orderBy(idColumn, list.sort[1]).offset(start).limit(end - start + 1);
  const [pageRows, counted] = await Promise.all([
    loadDetails ? page.clearSelect().select(`${idColumn} as id`) : page,
    spec.countUpTo ? undefined : (counting.count({ total: '*' }) as unknown as Promise<Array<{ total: string | number }>>).then((r) => Number(r[0]?.total ?? 0)),
  ]);
  const [count, detailed] = await Promise.all([
    counted ?? countOrEstimate(counting, spec.countUpTo!, start, end, pageRows.length),
    loadDetails?.(pageRows.map((r: DbRow) => r.id)),
  ]);
  let rows: DbRow[] = pageRows;
  if (detailed) {
    const byId = new Map(detailed.map((row) => [String(row.id), row]));
    rows = pageRows.map((r: DbRow) => byId.get(String(r.id))!).filter(Boolean);
  }
  // An empty page has no first and last row: RFC 9110's unsatisfied form, which react-admin reads too.
  const shown = rows.length === 0 ? '*' : `${start}-${start + rows.length - 1}`;
  res.set('Content-Range', `${spec.resource} ${shown}/${count}`);
  res.set('Access-Control-Expose-Headers', 'Content-Range');
  res.json(rows.map(present));
}

/** How many rows PostgreSQL's planner expects a list's query to find (planning only, no run). */
async function estimateRows(query: Knex.QueryBuilder): Promise<number> {
  const { sql, bindings } = query.clone().select(query.client.raw('1')).toSQL();
  const answer = await query.client.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings);
  const plan = answer.rows?.[0]?.['QUERY PLAN'];
  return Math.round(Number((typeof plan === 'string' ? JSON.parse(plan) : plan)?.[0]?.Plan?.['Plan Rows'] ?? 0));
}

/**
 * A long list's total without counting it all. A page short of full ends the list, so its
 * total is exact. Past `cap` expected rows, the planner's estimate stands (at least the rows
 * already seen); below, the rows are counted, up to `cap` of them.
 */
async function countOrEstimate(query: Knex.QueryBuilder, cap: number, start: number, end: number, found: number): Promise<number> {
  if ((found > 0 && found < end - start + 1) || (found === 0 && start === 0)) return start + found;
  const estimate = await estimateRows(query);
  if (estimate > cap) return Math.max(estimate, start + found);
  const rows = query.clone().select(query.client.raw('1')).limit(cap + 1);
  const [counted] = await query.client.queryBuilder().count({ total: '*' }).from(rows.as('rows'));
  const exact = Number(counted?.total ?? 0);
  return exact <= cap ? exact : Math.max(cap + 1, start + found);
}

/** Filter value helpers: a clear 400 rather than a silent mismatch. */
export function asBoolean(value: unknown, name: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new HttpError(400, 'INVALID_QUERY', `filter ${name} must be true or false`);
}

export function asOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new HttpError(400, 'INVALID_QUERY', `filter ${name} must be one of ${allowed.join(', ')}`);
}

/** An id filter: a positive whole number an int4 column can hold, as number or digits. */
export function asId(value: unknown, name: string): number {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_INT4) throw new HttpError(400, 'INVALID_QUERY', `filter ${name} must be an id (a whole number from 1)`);
  return id;
}

/** react-admin's getMany (`filter={"id":[…]}`): one id or up to a page of them. */
export function asIdList(value: unknown, name: string): number[] {
  const values = Array.isArray(value) ? value : [value];
  if (values.length > MAX_PAGE) throw new HttpError(400, 'INVALID_QUERY', `filter ${name} takes at most ${MAX_PAGE} ids`);
  return values.map((v) => asId(v, name));
}

export function asText(value: unknown, name: string, max = 100): string {
  if (typeof value !== 'string' && typeof value !== 'number') throw new HttpError(400, 'INVALID_QUERY', `filter ${name} must be text`);
  const text = String(value).trim();
  if (text.length > max) throw new HttpError(400, 'INVALID_QUERY', `filter ${name} is longer than ${max} characters`);
  return text;
}

/** `%` and `_` typed by a person are literal characters, not wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A row id from the path: anything an int4 id column cannot hold names no row. */
export function idParam(req: Request, max = MAX_INT4): number {
  const raw = String(req.params.id);
  const id = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > max) throw new HttpError(404, 'NOT_FOUND', `no record ${String(req.params.id)}`);
  return id;
}

/** A timestamp column as the API shows it: ISO 8601, or null. */
export function iso(value: unknown): string | null {
  return value ? new Date(value as string).toISOString() : null;
}
