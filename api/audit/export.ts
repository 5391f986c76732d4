/**
 * A case file for auditors: every event of the case as the chain holds it, in three forms —
 * a printable HTML document, CSV (UTF-8 with BOM, for spreadsheets) and JSON — each with a
 * manifest of the events' seq and hashes, their exact hashed text, and the chain's head when
 * the file was made, so `gridflow audit check-export <file>` can check it against the chain.
 */
import { CHAINED_EVENT_COLUMNS, type ChainedEventText } from '../../db/audit/chain';
import type { Db } from '../../db/connection';
import { presentEvents, timelineSubject, unchainedMessagesOf } from '../../db/queries/timeline';
import type { ExportLanguage } from '../../domain/audit/codes';
import type { CaseFileJson, ExportManifest } from '../../domain/contracts/audit';
import { translator } from './catalogs';
import { aboutWords, actorWords, dataWords, eventWords, exchangeLines } from '../../domain/audit/words';

/** Marks the manifest inside an HTML case file (check-export reads it from there). */
export const MANIFEST_SCRIPT_ID = 'gridflow-case-file-manifest';
/** PostgreSQL COPY's null: tells an empty text from no value in the CSV's hashed columns. */
export const CSV_NULL = '\\N';
/** The hashed columns of a CSV case file, in order after the record column. */
export const CSV_CANONICAL_COLUMNS = ['seq', 'id', 'prev_hash', 'hash', 'at', 'type', 'actor', 'customer_id', 'workflow_id', 'order_no', 'case_id', 'task_id', 'data', 'idempotency_key'] as const;

/** The case file as of one moment: events, their hashed text and the chain head read in one snapshot. */
export async function buildCaseFile(db: Db, caseId: number): Promise<CaseFileJson | undefined> {
  return db.transaction(
    async (trx) => {
      const found = await timelineSubject(trx, 'case', String(caseId));
      if (!found) return undefined;
      const [rows, canonical, head, unchainedMessages] = await Promise.all([
        trx('events as e').where('e.case_id', caseId).orderBy('e.seq', 'asc').select('e.*'),
        trx.raw(`SELECT ${CHAINED_EVENT_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq`, [caseId]) as Promise<{ rows: ChainedEventText[] }>,
        trx('events').orderBy('seq', 'desc').first('seq', 'hash'),
        unchainedMessagesOf(trx, { case_id: caseId }),
      ]);
      const manifest: ExportManifest = {
        format: 'gridflow-case-file-v1',
        caseId,
        exportedAt: new Date().toISOString(),
        chainHead: head ? { seq: Number(head.seq), hash: head.hash } : null,
        algorithm: 'sha256 over db/audit/chain.ts canonicalEvent',
        events: canonical.rows,
      };
      return { manifest, subject: found.subject, entries: await presentEvents(trx, rows), unchainedMessages };
    },
    // One snapshot: the head is the chain's as it stood when these events were read.
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

const formatTime = (iso: string, language: ExportLanguage) =>
  new Intl.DateTimeFormat(language, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(iso));

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function caseFileCsv(file: CaseFileJson, language: ExportLanguage): string {
  const t = translator(language);
  const columns = ['record', ...CSV_CANONICAL_COLUMNS.map((c) => (c === 'at' ? 'at_utc' : c)), 'time', 'event', 'by', 'about', 'details'];
  const entryBySeq = new Map(file.entries.map((e) => [String(e.seq), e]));
  const lines = [columns.map((c) => t(`app.audit.export.column.${c}`))];
  for (const event of file.manifest.events) {
    const entry = entryBySeq.get(event.seq)!;
    lines.push([
      t('app.audit.export.record.event'),
      ...CSV_CANONICAL_COLUMNS.map((c) => event[c] ?? CSV_NULL),
      formatTime(entry.at, language),
      eventWords(entry.type, t),
      actorWords(entry.actor, t),
      aboutWords(entry, t),
      [...dataWords(entry, t), ...entry.frames.flatMap((x) => exchangeLines(x, t))].join('\n'),
    ]);
  }
  // The last row is the manifest's own: the chain head at export (seq, hash) and when (time).
  const head = file.manifest.chainHead;
  lines.push([
    t('app.audit.export.record.manifest'),
    head ? String(head.seq) : CSV_NULL,
    CSV_NULL,
    CSV_NULL,
    head ? head.hash : CSV_NULL,
    file.manifest.exportedAt,
    file.manifest.format,
    CSV_NULL,
    CSV_NULL,
    CSV_NULL,
    CSV_NULL,
    String(file.manifest.caseId),
    CSV_NULL,
    CSV_NULL,
    CSV_NULL,
    formatTime(file.manifest.exportedAt, language),
    '',
    '',
    '',
    '',
  ]);
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** JSON inside <script>: nothing in it may close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

const PRINT_CSS = `
  body { font: 14px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #111; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  .meta { color: #555; margin: 0 0 1rem; }
  ol.events { list-style: none; padding: 0; }
  ol.events > li { border-left: 3px solid #c7d2e0; padding: .25rem 0 .5rem .75rem; margin-bottom: .75rem; break-inside: avoid; }
  .head { font-weight: 600; }
  .small { color: #555; font-size: 12px; }
  .hash { font-family: monospace; font-size: 11px; color: #555; overflow-wrap: anywhere; }
  pre.frames { font-family: monospace; font-size: 12px; background: #f4f6f8; padding: .5rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0 0; }
  table.manifest { border-collapse: collapse; font-size: 11px; }
  table.manifest td, table.manifest th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
  table.manifest td.hash { font-family: monospace; }
  @media print {
    body { margin: 0; font-size: 11pt; }
    a { color: inherit; text-decoration: none; }
    ol.events > li { border-left-color: #999; }
    table.manifest { page-break-before: always; }
    @page { size: A4; margin: 15mm; }
  }`;

export function caseFileHtml(file: CaseFileJson, language: ExportLanguage): string {
  const t = translator(language);
  const m = file.manifest;
  const title = t('app.audit.export.document_title', { caseId: m.caseId, title: file.subject.title });
  const items = file.entries
    .map((entry) => {
      const frames = entry.frames.flatMap((x) => exchangeLines(x, t));
      const details = dataWords(entry, t);
      return `<li data-seq="${entry.seq}">
  <div class="head">${escapeHtml(eventWords(entry.type, t))}</div>
  <div class="small">${escapeHtml(formatTime(entry.at, language))} · ${escapeHtml(actorWords(entry.actor, t))}${entry.step ? ` · ${escapeHtml(t(`app.audit.step_state.${entry.step.state}`))}` : ''}</div>
  <div class="small">${escapeHtml(aboutWords(entry, t))}</div>
  ${details.length ? `<div>${details.map(escapeHtml).join('<br>')}</div>` : ''}
  ${frames.length ? `<pre class="frames">${escapeHtml(frames.join('\n'))}</pre>` : ''}
  <div class="hash">${escapeHtml(t('app.audit.timeline.seq', { seq: entry.seq }))} · ${escapeHtml(t('app.audit.timeline.hash', { hash: entry.hash }))}</div>
</li>`;
    })
    .join('\n');
  const manifestRows = m.events.map((e) => `<tr><td>${e.seq}</td><td class="hash">${e.prev_hash}</td><td class="hash">${e.hash}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(t('app.audit.export.exported_at', { at: formatTime(m.exportedAt, language) }))}<br>
${escapeHtml(m.chainHead ? t('app.audit.export.chain_head', { seq: m.chainHead.seq, hash: m.chainHead.hash }) : t('app.audit.export.chain_empty'))}</p>
<h2>${escapeHtml(t('app.audit.export.events', { count: file.entries.length }))}</h2>
<ol class="events">
${items}
</ol>
<h2>${escapeHtml(t('app.audit.export.manifest'))}</h2>
<p class="small">${escapeHtml(t('app.audit.export.manifest_note'))}</p>
<table class="manifest">
<thead><tr><th>${escapeHtml(t('app.audit.export.column.seq'))}</th><th>${escapeHtml(t('app.audit.export.column.prev_hash'))}</th><th>${escapeHtml(t('app.audit.export.column.hash'))}</th></tr></thead>
<tbody>
${manifestRows}
</tbody>
</table>
<script type="application/json" id="${MANIFEST_SCRIPT_ID}">${scriptJson(m)}</script>
</body>
</html>
`;
}
