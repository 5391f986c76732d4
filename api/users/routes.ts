import { Router } from 'express';
import type { Knex } from 'knex';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { userCreateRequest, userUpdateRequest, type UserCreateRequest, type UserUpdateRequest } from '../../domain/contracts/users';
import { ROLES } from '../../domain/permissions';
import { hashPassword } from '../auth/password';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asBoolean, asOneOf, asText, idParam, likePattern, ListSpec, parseListQuery, sendList } from '../lists';
import { parseBody } from '../validate';

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

/** The columns an administrator's change sets, from a body its contract accepted. */
function userColumns(input: UserCreateRequest | UserUpdateRequest): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if ('username' in input) fields.username = input.username;
  if (input.displayName !== undefined) fields.display_name = input.displayName;
  if (input.roles !== undefined) fields.roles = [...new Set(input.roles)];
  // Empty or null clears the number.
  if (input.phone !== undefined) fields.phone = input.phone || null;
  if (input.locale !== undefined) fields.locale = input.locale;
  if (input.supervisorId !== undefined) fields.supervisor_id = input.supervisorId;
  if (input.active !== undefined) fields.active = input.active;
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
    const input = parseBody(userCreateRequest, req.body, 'INVALID_USER');
    const fields = userColumns(input);
    const passwordHash = await hashPassword(input.password);
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
    // A form sends the whole record back: its id and username are not changes (the contract drops them).
    const input = parseBody(userUpdateRequest, req.body, 'INVALID_USER');
    const fields = userColumns(input);
    if (input.password) fields.password_hash = await hashPassword(input.password);
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
