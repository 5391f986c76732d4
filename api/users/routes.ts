import { Router } from 'express';
import type { Knex } from 'knex';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { isRole, ROLES } from '../../domain/permissions';
import { isStorableText } from '../../domain/storable-text';
import { hashPassword, passwordProblem } from '../auth/password';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asBoolean, asOneOf, asText, idParam, likePattern, ListSpec, parseListQuery, sendList } from '../lists';

const spec: ListSpec = {
  resource: 'users',
  sorts: { username: 'u.username', id: 'u.id' },
  defaultSort: ['username', 'ASC'],
  filters: {
    q: (query, value) => {
      const pattern = likePattern(asText(value, 'q'));
      query.where((q) => void q.whereILike('u.username', pattern).orWhereILike('u.display_name', pattern));
    },
    role: (query, value) => void query.whereRaw('? = ANY(u.roles)', [asOneOf(value, 'role', ROLES)]),
    active: (query, value) => void query.where('u.active', asBoolean(value, 'active')),
  },
};

function present(row: DbRow) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    phone: row.phone,
    locale: row.locale,
    supervisorId: row.supervisor_id,
    active: row.active,
  };
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;
const PHONE = /^\+?\d{5,15}$/;

// PostgreSQL integer ids stop below 2^31.
const isUserId = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value < 2 ** 31;
const UNIQUE_VIOLATION = '23505';

const supervisorProblem = (problem: string) => new HttpError(400, 'INVALID_USER', `supervisorId: ${problem}`, [`supervisorId: ${problem}`]);

/** The supervisor must be someone else who exists and is not below the user; null clears it. */
async function checkSupervisor(trx: Knex.Transaction, userId: number | null, supervisorId: unknown): Promise<void> {
  if (supervisorId === undefined || supervisorId === null) return;
  if (supervisorId === userId) throw supervisorProblem('nobody supervises themselves');
  if (!(await trx('users').where({ id: supervisorId as number }).first('id'))) throw supervisorProblem(`no user ${String(supervisorId)}`);
  if (userId === null) return;
  // Up the new supervisor's chain: meeting the user there would send escalations round in a circle.
  const { rows } = await trx.raw(
    `WITH RECURSIVE chain(id) AS (SELECT supervisor_id FROM users WHERE id = ? UNION SELECT u.supervisor_id FROM users u JOIN chain ON u.id = chain.id)
     SELECT 1 FROM chain WHERE id = ? LIMIT 1`,
    [supervisorId as number, userId],
  );
  if (rows.length > 0) throw supervisorProblem(`user ${String(supervisorId)} reports to user ${userId}; that would make a circle`);
}

/** Checks the fields an administrator may set; collects every problem. */
function readUserFields(body: Record<string, unknown>, creating: boolean) {
  const problems: string[] = [];
  const fields: Record<string, unknown> = {};
  if (creating) {
    if (typeof body.username !== 'string' || !USERNAME.test(body.username)) problems.push('username: 2-32 lower-case letters, digits, . _ -');
    else fields.username = body.username;
  }
  if (body.displayName !== undefined) {
    if (typeof body.displayName !== 'string' || !body.displayName.trim() || body.displayName.length > 64 || !isStorableText(body.displayName)) problems.push('displayName: 1-64 characters');
    else fields.display_name = body.displayName.trim();
  } else if (creating) problems.push('displayName is required');
  if (body.roles !== undefined) {
    if (!Array.isArray(body.roles) || !body.roles.every(isRole)) problems.push(`roles: a list of ${ROLES.join(', ')}`);
    else fields.roles = [...new Set(body.roles)];
  } else if (creating) problems.push('roles are required');
  if (body.phone !== undefined && body.phone !== null && body.phone !== '') {
    if (typeof body.phone !== 'string' || !PHONE.test(body.phone)) problems.push('phone: a mobile number of digits');
    else fields.phone = body.phone;
  } else if (body.phone !== undefined) fields.phone = null;
  if (body.locale !== undefined) {
    if (body.locale !== 'zh-CN' && body.locale !== 'en') problems.push('locale: zh-CN or en');
    else fields.locale = body.locale;
  }
  if (body.supervisorId !== undefined) {
    if (body.supervisorId !== null && !isUserId(body.supervisorId)) problems.push('supervisorId: the id of another user, or null');
    else fields.supervisor_id = body.supervisorId;
  }
  if (body.active !== undefined) {
    if (typeof body.active !== 'boolean') problems.push('active: true or false');
    else fields.active = body.active;
  }
  if (body.password !== undefined && body.password !== '' && body.password !== null) {
    const problem = passwordProblem(body.password);
    if (problem) problems.push(problem);
  } else if (creating) problems.push('password is required');
  if (problems.length) throw new HttpError(400, 'INVALID_USER', problems.join('; '), problems);
  return fields;
}

/** Staff accounts and their roles, kept by administrators. */
export function userRoutes(db: Db): Router {
  const router = Router();
  const one = async (id: number) => {
    const row = await db('users').where({ id }).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no user ${id}`);
    return present(row);
  };

  router.get('/', allow('users', 'list'), async (req, res) => {
    await sendList(res, spec, parseListQuery(req, spec), db('users as u').select('u.*'), 'u.id', present);
  });

  router.get('/:id', allow('users', 'show'), async (req, res) => {
    res.json(await one(idParam(req)));
  });

  router.post('/', allow('users', 'create'), async (req, res) => {
    const admin = currentUser(res);
    const fields = readUserFields(req.body ?? {}, true);
    const passwordHash = await hashPassword(req.body.password);
    const taken = () => new HttpError(409, 'USERNAME_TAKEN', `username ${String(fields.username)} is taken`);
    let id: number;
    try {
      id = await db.transaction(async (trx) => {
        if (await trx('users').whereRaw('lower(username) = ?', [String(fields.username)]).first('id')) throw taken();
        await checkSupervisor(trx, null, fields.supervisor_id);
        const [row] = await trx('users').insert({ ...fields, password_hash: passwordHash }).returning('id');
        await appendEvent(trx, { type: 'user.created', actor: `user:${admin.id}`, data: { userId: row.id, roles: fields.roles } });
        return row.id;
      });
    } catch (err) {
      // Two creations of one name at once: the unique index lets one through.
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw taken();
      throw err;
    }
    res.status(201).json(await one(id));
  });

  router.put('/:id', allow('users', 'update'), async (req, res) => {
    const admin = currentUser(res);
    const id = idParam(req);
    await one(id);
    const { username: _ignored, id: _id, ...body } = (req.body ?? {}) as Record<string, unknown>;
    const fields = readUserFields(body, false);
    if (typeof body.password === 'string' && body.password) fields.password_hash = await hashPassword(body.password);
    await db.transaction(async (trx) => {
      await checkSupervisor(trx, id, fields.supervisor_id);
      if (Object.keys(fields).length) await trx('users').where({ id }).update(fields);
      // A deactivated user or a new password ends the sessions that were open.
      if (fields.active === false || fields.password_hash) await trx('sessions').where({ user_id: id }).delete();
      await appendEvent(trx, {
        type: 'user.updated',
        actor: `user:${admin.id}`,
        data: { userId: id, changed: Object.keys(fields).map((key) => (key === 'password_hash' ? 'password' : key)) },
      });
    });
    res.json(await one(id));
  });
  return router;
}
