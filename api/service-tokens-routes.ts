import { Router } from 'express';
import type { Db, DbRow } from '../db/connection';
import { appendEvent } from '../db/events';
import { allow, currentUser } from './auth/sessions';
import { HttpError } from './errors';
import { idParam, ListSpec, parseListQuery, sendList } from './lists';
import { serviceTokenCreateRequest } from '../domain/contracts/service_tokens';
import { createServiceToken } from './service-tokens';
import { parseBody } from './validate';

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
  router.get('/', allow('service_tokens', 'list'), async (req, res) => {
    await sendList(res, spec, parseListQuery(req, spec), db('service_tokens').select('*'), 'id', present);
  });
  router.post('/', allow('service_tokens', 'create'), async (req, res) => {
    const admin = currentUser(res);
    const { name } = parseBody(serviceTokenCreateRequest, req.body, 'INVALID_TOKEN_NAME');
    const created = await db.transaction(async (trx) => {
      // Creations wait for each other here, so two requests for one name cannot both see it free.
      await trx.raw('LOCK TABLE service_tokens IN SHARE ROW EXCLUSIVE MODE');
      if (await trx('service_tokens').where({ name }).whereNull('revoked_at').first('id')) {
        throw new HttpError(409, 'TOKEN_NAME_TAKEN', `a live token is already named ${name}; revoke it or choose another name`);
      }
      const { row, token } = await createServiceToken(trx, name);
      await appendEvent(trx, { type: 'service_token.created', actor: `user:${admin.id}`, data: { tokenId: row.id, name } });
      return { row, token };
    });
    res.status(201).json({ ...present(created.row), token: created.token });
  });
  router.delete('/:id', allow('service_tokens', 'delete'), async (req, res) => {
    const admin = currentUser(res);
    const id = idParam(req);
    const row = await db.transaction(async (trx) => {
      const [revoked] = await trx('service_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() }).returning('*');
      if (!revoked) {
        const existing = await trx('service_tokens').where({ id }).first();
        if (!existing) throw new HttpError(404, 'NOT_FOUND', `no token ${id}`);
        // Revoked before: nothing changes, so nothing is logged.
        return existing;
      }
      await appendEvent(trx, { type: 'service_token.revoked', actor: `user:${admin.id}`, data: { tokenId: id } });
      return revoked;
    });
    res.json(present(row));
  });
  return router;
}
