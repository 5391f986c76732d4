import { createHash, randomBytes } from 'node:crypto';
import { appendEvent } from '../../db/events';
import type { Request, RequestHandler, Response } from 'express';
import type { Db, DbRow } from '../../db/connection';
import { Action, can, isRole, Resource, Role } from '../../domain/permissions';
import { HttpError } from '../errors';

export const SESSION_COOKIE = 'gf_session';
const SESSION_HOURS = 12;

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  phone: string | null;
  locale: string;
  supervisorId: number | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      // A mangled cookie is no session; throwing here would lock that browser out of login.
      return undefined;
    }
  }
  return undefined;
}

export function presentUser(row: DbRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: (row.roles as string[]).filter(isRole),
    phone: row.phone,
    locale: row.locale,
    supervisorId: row.supervisor_id,
  };
}

export async function startSession(db: Db, res: Response, req: Request, userId: number): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db('sessions').insert({ token_sha256: sha256(token), user_id: userId, expires_at: expires });
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires });
}

export async function endSession(db: Db, req: Request, res: Response): Promise<void> {
  const token = readCookie(req, SESSION_COOKIE);
  if (token) {
    await db.transaction(async (trx) => {
      const [ended] = await trx('sessions').where({ token_sha256: sha256(token) }).delete().returning('user_id');
      if (ended) await appendEvent(trx, { type: 'user.logout', actor: `user:${ended.user_id}`, data: { ip: req.ip } });
    });
  }
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/** Puts the logged-in user, if any, in `res.locals.user`. */
export function loadSessionUser(db: Db): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) {
      const row = await db('sessions as s')
        .join('users as u', 'u.id', 's.user_id')
        .where('s.token_sha256', sha256(token))
        .andWhere('s.expires_at', '>', db.fn.now())
        .andWhere('u.active', true)
        .first('u.*');
      if (row) res.locals.user = presentUser(row);
    }
    // The gate records what it refuses (see allow): it needs the database for that.
    res.locals.db = db;
    next();
  };
}

export function currentUser(res: Response): SessionUser {
  const user = res.locals.user as SessionUser | undefined;
  if (!user) throw new HttpError(401, 'UNAUTHENTICATED', 'log in first');
  return user;
}

/** The one gate every endpoint for people passes: 401 without a session, 403 without the right. */
export function allow(resource: Resource, action: Action): RequestHandler {
  return async (req, res, next) => {
    const user = currentUser(res);
    if (!can(user.roles, resource, action)) {
      // Auditors see who tried what they may not do.
      const db = res.locals.db as Db | undefined;
      if (db) await appendEvent(db, { type: 'access.refused', actor: `user:${user.id}`, data: { resource, action, method: req.method, path: `${req.baseUrl}${req.path}`.replace(/(.)\/$/, '$1').slice(0, 200) } });
      throw new HttpError(403, 'FORBIDDEN', `your roles (${user.roles.join(', ') || 'none'}) may not ${action} ${resource}`);
    }
    next();
  };
}
