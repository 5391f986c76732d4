import { Router } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { MESSAGE_CHANNELS, MESSAGE_STATES } from '../../domain/contracts/outbox';
import { allow } from '../auth/sessions';
import { HttpError } from '../errors';
import { asOneOf, asText, idParam, iso, ListSpec, parseListQuery, sendList } from '../lists';

const spec: ListSpec = {
  resource: 'outbox',
  sorts: { createdAt: 'o.created_at', id: 'o.id' },
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    channel: (query, value) => void query.where('o.channel', asOneOf(value, 'channel', MESSAGE_CHANNELS)),
    state: (query, value) => void query.where('o.state', asOneOf(value, 'state', MESSAGE_STATES)),
    purpose: (query, value) => void query.where('o.purpose', asText(value, 'purpose')),
    recipient: (query, value) => void query.where('o.recipient', asText(value, 'recipient')),
  },
};

function present(row: DbRow) {
  return {
    id: Number(row.id),
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    purpose: row.purpose,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    transport: row.transport,
    caseId: row.case_id,
    createdAt: iso(row.created_at),
    sentAt: iso(row.sent_at),
  };
}

export function outboxRoutes(db: Db): Router {
  const router = Router();
  router.get('/', allow('outbox', 'list'), async (req, res) => {
    await sendList(res, spec, parseListQuery(req, spec), db('outbox as o').select('o.*'), 'o.id', present);
  });
  router.get('/:id', allow('outbox', 'show'), async (req, res) => {
    const row = await db('outbox').where({ id: idParam(req) }).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no message ${req.params.id}`);
    res.json(present(row));
  });
  return router;
}
