import { Router } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { parseDisconnectionPolicy } from '../../domain/disconnection/policy';
import { parseReconnectionPolicy } from '../../domain/reconnection/policy';
import { parseTaskSettings } from '../../domain/tasks/urging';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';

/** Each setting's validator: a designer's change is checked before any workflow reads it. */
const VALIDATORS: Record<string, (value: unknown) => unknown> = {
  reconnection: parseReconnectionPolicy,
  disconnection: parseDisconnectionPolicy,
  tasks: parseTaskSettings,
};

const present = (row: DbRow) => ({ id: row.key, value: row.value, updatedAt: new Date(row.updated_at).toISOString() });

export function settingsRoutes(db: Db): Router {
  const router = Router();
  router.get('/', allow('settings', 'list'), async (_req, res) => {
    const rows = await db('settings').orderBy('key');
    res.set('Content-Range', rows.length ? `settings 0-${rows.length - 1}/${rows.length}` : 'settings */0').json(rows.map(present));
  });
  router.get('/:key', allow('settings', 'show'), async (req, res) => {
    const row = await db('settings').where({ key: req.params.key }).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no setting ${req.params.key}`);
    res.json(present(row));
  });
  router.put('/:key', allow('settings', 'update'), async (req, res) => {
    const user = currentUser(res);
    // Own keys only: `toString` or `__proto__` name no setting.
    const key = String(req.params.key);
    const validate = Object.hasOwn(VALIDATORS, key) ? VALIDATORS[key] : undefined;
    if (!validate) throw new HttpError(404, 'NOT_FOUND', `no setting ${key}`);
    const raw: unknown = req.body?.value;
    // Validators fill in defaults for what is left out: a missing or empty value would silently reset everything.
    if (raw === undefined || raw === null || (typeof raw === 'object' && Object.keys(raw).length === 0)) {
      throw new HttpError(400, 'INVALID_SETTING', 'send {value} with the setting; an empty value would reset it to the defaults');
    }
    let value: unknown;
    try {
      value = validate(raw);
    } catch (err) {
      throw new HttpError(400, 'INVALID_SETTING', (err as Error).message);
    }
    // The change and its event commit together, and only for a setting that exists.
    const row = await db.transaction(async (trx) => {
      const [updated] = await trx('settings').where({ key }).update({ value: JSON.stringify(value), updated_at: db.fn.now() }).returning('*');
      if (!updated) throw new HttpError(404, 'NOT_FOUND', `no setting ${key}`);
      await appendEvent(trx, { type: 'setting.changed', actor: `user:${user.id}`, data: { key, value } });
      return updated;
    });
    res.json(present(row));
  });
  return router;
}
