/**
 * Checks an exported case file (api/audit/export.ts: HTML, CSV or JSON) against the chain:
 * each exported event's hash is recomputed here from the text the file carries (eventHash),
 * then compared with the database's event of the same seq, whose own hash is recomputed too;
 * the chain head the file names must still be in the chain.
 */
import type { Db } from '../connection';
import { CHAINED_EVENT_COLUMNS, type ChainedEventText, eventHash } from './chain';

/** The canonical columns of a CSV case file, after its first (record) column; nulls as \N. */
const CSV_COLUMNS = ['seq', 'id', 'prev_hash', 'hash', 'at', 'type', 'actor', 'customer_id', 'workflow_id', 'order_no', 'case_id', 'task_id', 'data', 'idempotency_key'] as const;
const CSV_NULL = '\\N';
const MANIFEST_SCRIPT = /<script type="application\/json" id="gridflow-case-file-manifest">([\s\S]*?)<\/script>/;

export interface ExportedFile {
  kind: 'json' | 'html' | 'csv';
  caseId: number | null;
  chainHead: { seq: number; hash: string } | null;
  events: ChainedEventText[];
}

export type ExportProblem =
  | { kind: 'export-altered'; seq: string; message: string }
  | { kind: 'not-in-database'; seq: string; message: string }
  | { kind: 'differs-from-database'; seq: string; message: string }
  | { kind: 'database-altered'; seq: string; message: string }
  | { kind: 'head-mismatch'; seq: string; message: string };

export interface ExportCheck {
  ok: boolean;
  file: ExportedFile['kind'];
  caseId: number | null;
  checked: number;
  chainHead: ExportedFile['chainHead'];
  problems: ExportProblem[];
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/** The manifest an export carries, whichever its form. */
export function readExport(content: string): ExportedFile {
  const text = content.replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const file = JSON.parse(text) as { manifest: { caseId: number; chainHead: ExportedFile['chainHead']; events: ChainedEventText[] } };
    return { kind: 'json', caseId: file.manifest.caseId, chainHead: file.manifest.chainHead, events: file.manifest.events };
  }
  if (/^<!doctype html|^<html/i.test(trimmed)) {
    const found = MANIFEST_SCRIPT.exec(text);
    if (!found) throw new Error('this HTML file carries no case-file manifest');
    const manifest = JSON.parse(found[1]!) as { caseId: number; chainHead: ExportedFile['chainHead']; events: ChainedEventText[] };
    return { kind: 'html', caseId: manifest.caseId, chainHead: manifest.chainHead, events: manifest.events };
  }
  const rows = parseCsv(text).filter((row) => row.length > 1);
  if (rows.length < 2) throw new Error('not a case file: neither JSON, HTML nor a CSV with a manifest row');
  const body = rows.slice(1);
  const manifestRow = body[body.length - 1]!;
  const cell = (row: string[], column: (typeof CSV_COLUMNS)[number]) => {
    const value = row[1 + CSV_COLUMNS.indexOf(column)];
    return value === undefined || value === CSV_NULL ? null : value;
  };
  const events = body.slice(0, -1).map((row) => Object.fromEntries(CSV_COLUMNS.map((column) => [column, cell(row, column)])) as unknown as ChainedEventText);
  const headSeq = cell(manifestRow, 'seq');
  const headHash = cell(manifestRow, 'hash');
  const caseId = cell(manifestRow, 'case_id');
  return { kind: 'csv', caseId: caseId ? Number(caseId) : null, chainHead: headSeq && headHash ? { seq: Number(headSeq), hash: headHash } : null, events };
}

export async function checkExport(db: Db, content: string): Promise<ExportCheck> {
  const file = readExport(content);
  const problems: ExportProblem[] = [];
  const seqs = file.events.map((e) => e.seq);
  if (file.chainHead) seqs.push(String(file.chainHead.seq));
  const { rows } = (await db.raw(`SELECT ${CHAINED_EVENT_COLUMNS} FROM events WHERE seq = ANY(?::bigint[])`, [seqs])) as { rows: ChainedEventText[] };
  const stored = new Map(rows.map((row) => [row.seq, row]));
  for (const event of file.events) {
    if (eventHash(event) !== event.hash) {
      problems.push({ kind: 'export-altered', seq: event.seq, message: `event ${event.seq} of the file does not match its own hash: the file was changed` });
      continue;
    }
    const row = stored.get(event.seq);
    if (!row) problems.push({ kind: 'not-in-database', seq: event.seq, message: `event ${event.seq} is not in the database's chain` });
    else if (row.hash !== event.hash) problems.push({ kind: 'differs-from-database', seq: event.seq, message: `event ${event.seq} differs from the database's (hash ${row.hash})` });
    else if (eventHash(row) !== row.hash) problems.push({ kind: 'database-altered', seq: event.seq, message: `the database's event ${event.seq} no longer matches its hash: altered after it was written` });
  }
  if (file.chainHead) {
    const head = stored.get(String(file.chainHead.seq));
    if (!head || head.hash !== file.chainHead.hash) {
      problems.push({ kind: 'head-mismatch', seq: String(file.chainHead.seq), message: `the chain head the file names (seq ${file.chainHead.seq}) is not in the database's chain as it was` });
    }
  }
  return { ok: problems.length === 0, file: file.kind, caseId: file.caseId, checked: file.events.length, chainHead: file.chainHead, problems };
}
