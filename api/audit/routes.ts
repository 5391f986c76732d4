import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { verifyChain } from '../../db/audit/chain';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { readTimeline, searchEvents } from '../../db/queries/timeline';
import { TIMELINE_KINDS, type TimelineKind } from '../../domain/audit/codes';
import { auditSearchQuery, exportQuery, pageQuery } from '../../domain/contracts/audit';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { idParam } from '../lists';
import { parseBody } from '../validate';
import { buildCaseFile, caseFileCsv, caseFileHtml } from './export';

const History = proto.api.history.v1.History;

const isTimelineKind = (value: string): value is TimelineKind => (TIMELINE_KINDS as readonly string[]).includes(value);

/** A workflow that does not exist (or is no longer kept) answers NOT_FOUND from the server. */
function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; code?: number; cause?: { code?: number } } | null;
  return e?.name === 'WorkflowNotFoundError' || e?.name === 'NamespaceNotFoundError' || e?.code === 5 || e?.cause?.code === 5;
}

/**
 * The auditor's API: timelines, search, the chain's verification, case files and workflow
 * histories. Reads only, apart from the `audit.verified` event each verification leaves.
 */
export function auditRoutes(db: Db, temporal: Client): Router {
  const router = Router();

  router.get('/timelines/:kind/:key', allow('audit', 'search'), async (req, res) => {
    const kind = String(req.params.kind);
    if (!isTimelineKind(kind)) throw new HttpError(404, 'NOT_FOUND', `no timeline of "${kind}"; there are ${TIMELINE_KINDS.join(', ')}`);
    const page = parseBody(pageQuery, req.query, 'INVALID_QUERY');
    const timeline = await readTimeline(db, kind, String(req.params.key), page);
    if (!timeline) throw new HttpError(404, 'NOT_FOUND', `no ${kind} ${String(req.params.key)}`);
    res.json(timeline);
  });

  router.get('/events', allow('audit', 'search'), async (req, res) => {
    const search = parseBody(auditSearchQuery, req.query, 'INVALID_QUERY');
    res.json(await searchEvents(db, search));
  });

  router.post('/verify', allow('audit', 'verify'), async (_req, res) => {
    const user = currentUser(res);
    const report = await verifyChain(db);
    // Who checked the chain, when, and what they found: itself on the chain.
    await appendEvent(db, {
      type: 'audit.verified',
      actor: `user:${user.id}`,
      data: {
        ok: report.ok,
        checked: report.checked,
        head: report.head,
        anchorsChecked: report.anchorsChecked,
        seconds: Math.round(report.seconds * 1000) / 1000,
        ...(report.problem ? { problem: { kind: report.problem.kind, seq: report.problem.seq, eventId: report.problem.eventId } } : {}),
      },
    });
    res.json(report);
  });

  router.get('/cases/:id/export', allow('audit', 'export'), async (req, res) => {
    const id = idParam(req);
    const { format, lang } = parseBody(exportQuery, req.query, 'INVALID_QUERY');
    const file = await buildCaseFile(db, id);
    if (!file) throw new HttpError(404, 'NOT_FOUND', `no case ${id}`);
    const name = `gridflow-case-${id}-${file.manifest.exportedAt.replace(/[:.]/g, '-')}`;
    switch (format) {
      case 'json':
        res.type('application/json').attachment(`${name}.json`).send(JSON.stringify(file, null, 1));
        return;
      case 'csv':
        res.type('text/csv; charset=utf-8').attachment(`${name}.${lang}.csv`).send(caseFileCsv(file, lang));
        return;
      case 'html':
        res.type('text/html; charset=utf-8').attachment(`${name}.${lang}.html`).send(caseFileHtml(file, lang));
        return;
    }
  });

  router.get('/workflows/:workflowId/history', allow('audit', 'search'), async (req, res) => {
    const workflowId = String(req.params.workflowId);
    if (workflowId.length > 1000) throw new HttpError(404, 'NOT_FOUND', 'no such workflow');
    let history;
    try {
      history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    } catch (err) {
      if (isNotFound(err)) throw new HttpError(404, 'NOT_FOUND', `no workflow ${workflowId}`);
      throw err;
    }
    // Plain JSON as `temporal workflow show --output json` and the replay fixtures have it (longs and enums as text).
    const json = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
    res.type('application/json').attachment(`${workflowId.replace(/[^A-Za-z0-9._-]/g, '_')}.history.json`).send(JSON.stringify(json, null, 1));
  });

  return router;
}
