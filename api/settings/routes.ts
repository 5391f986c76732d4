import { Router } from 'express';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { policyVersionInForce } from '../../db/queries/policies';
import { isPolicyKey, POLICY_KEYS, type PolicyKey } from '../../domain/policies/keys';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { iso } from '../lists';
import { lockPolicyKey, parsePolicyValue, publishPolicy } from '../policies/publish';

/**
 * Each policy as it is in force now, read and changed whole. Since policies are versioned
 * (api/policies), a change here publishes a version that takes effect at once; the versions
 * are the record, this is the older way to the same thing.
 */
async function inForce(db: Db, key: PolicyKey) {
  const version = await policyVersionInForce(db, key);
  const row = version ? await db('policy_versions').where({ id: version.id }).first('effective_at') : undefined;
  return version ? { id: key, value: version.value, updatedAt: iso(row.effective_at)! } : undefined;
}

export function settingsRoutes(db: Db): Router {
  const router = Router();
  router.get('/', allow('settings', 'list'), async (_req, res) => {
    const rows = (await Promise.all(POLICY_KEYS.map((key) => inForce(db, key)))).filter((row) => row !== undefined);
    res.set('Content-Range', rows.length ? `settings 0-${rows.length - 1}/${rows.length}` : 'settings */0').json(rows);
  });
  router.get('/:key', allow('settings', 'show'), async (req, res) => {
    const key = String(req.params.key);
    const row = isPolicyKey(key) ? await inForce(db, key) : undefined;
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no setting ${key}`);
    res.json(row);
  });
  router.put('/:key', allow('settings', 'update'), async (req, res) => {
    const user = currentUser(res);
    // Own keys only: `toString` or `__proto__` name no setting.
    const key = String(req.params.key);
    if (!isPolicyKey(key)) throw new HttpError(404, 'NOT_FOUND', `no setting ${key}`);
    const raw: unknown = req.body?.value;
    // Validators fill in defaults for what is left out: a missing or empty value would silently reset everything.
    if (raw === undefined || raw === null || (typeof raw === 'object' && Object.keys(raw).length === 0)) {
      throw new HttpError(400, 'INVALID_SETTING', 'send {value} with the setting; an empty value would reset it to the defaults');
    }
    let value: unknown;
    try {
      value = parsePolicyValue(key, raw);
    } catch (err) {
      throw err instanceof HttpError ? new HttpError(400, 'INVALID_SETTING', err.message, err.details) : err;
    }
    // The version, the setting and their events commit together.
    await db.transaction(async (trx) => {
      await lockPolicyKey(trx, key);
      await publishPolicy(trx, { key, value, reason: null, origin: 'settings', effectiveAt: new Date(), createdBy: user.id, rollbackOf: null });
      await appendEvent(trx, { type: 'setting.changed', actor: `user:${user.id}`, data: { key, value } });
    });
    res.json(await inForce(db, key));
  });
  return router;
}
