import { Router } from 'express';
import type { Db, DbRow } from '../db/connection';
import { appendEvent } from '../db/events';
import { allow, currentUser } from './auth/sessions';
import { HttpError } from './errors';
import { idParam, ListSpec, parseListQuery, sendList } from './lists';
import { issueServiceToken } from './service-tokens';

const spec: ListSpec = { resource: 'service_tokens', sorts: { createdAt: 'created_at', id: 'id' }, defaultSort: ['createdAt', 'DESC'], filters: {} };

const present = (row: DbRow) => ({
  id: row.id,
  name: row.name,
  createdAt: new Date(row.created_at).toISOString(),
  revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
});

/** Tokens for machines (bank gateways, billing); the secret is shown once, at creation. */
export function serviceTokenRoutes(db: Db): Router {
  const router = Router();
  router.get('/', allow('service_tokens', 'list'), async (req, res, next) => {
    try {
      await sendList(res, spec, parseListQuery(req, spec), db('service_tokens').select('*'), 'id', present);
    } catch (err) {
      next(err);
    }
  });
  router.post('/', allow('service_tokens', 'create'), async (req, res, next) => {
    try {
      const admin = currentUser(res);
      const name = typeof req.body?.name === 'string' ? req.body.name.trim() : '';
      if (!name || name.length > 64) throw new HttpError(400, 'INVALID_TOKEN_NAME', 'name the machine that will use the token (1-64 characters)');
      const token = await issueServiceToken(db, name);
      const row = await db('service_tokens').orderBy('id', 'desc').where({ name }).first();
      await appendEvent(db, { type: 'service_token.created', actor: `user:${admin.id}`, data: { tokenId: row.id, name } });
      res.status(201).json({ ...present(row), token });
    } catch (err) {
      next(err);
    }
  });
  router.delete('/:id', allow('service_tokens', 'delete'), async (req, res, next) => {
    try {
      const admin = currentUser(res);
      const id = idParam(req);
      const updated = await db('service_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
      if (updated === 0 && !(await db('service_tokens').where({ id }).first())) throw new HttpError(404, 'NOT_FOUND', `no token ${id}`);
      await appendEvent(db, { type: 'service_token.revoked', actor: `user:${admin.id}`, data: { tokenId: id } });
      res.json(present(await db('service_tokens').where({ id }).first()));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
