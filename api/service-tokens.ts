import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Db } from '../db/connection';
import type { Action, Resource } from '../domain/permissions';
import { allow } from './auth/sessions';
import { HttpError } from './errors';

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a token for a machine client (billing, bank gateway). Only its hash is stored. */
export async function issueServiceToken(db: Db, name: string, token = `gft_${randomBytes(24).toString('base64url')}`): Promise<string> {
  await db('service_tokens').insert({ name, token_sha256: sha256(token) }).onConflict('token_sha256').ignore();
  return token;
}

/** Inserts a new token in the caller's transaction; its id comes from the insert itself. */
export async function createServiceToken(trx: Knex.Transaction, name: string): Promise<{ row: { id: number; name: string; created_at: Date; revoked_at: Date | null }; token: string }> {
  const token = `gft_${randomBytes(24).toString('base64url')}`;
  const [row] = await trx('service_tokens').insert({ name, token_sha256: sha256(token) }).returning(['id', 'name', 'created_at', 'revoked_at']);
  return { row, token };
}

/** Requires `Authorization: Bearer <service token>`; sets `res.locals.serviceName`. */
export function requireServiceToken(db: Db): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) throw new HttpError(401, 'UNAUTHENTICATED', 'send a service token as "Authorization: Bearer <token>"');
    const row = await db('service_tokens').where({ token_sha256: sha256(match[1] as string) }).whereNull('revoked_at').first('name');
    if (!row) throw new HttpError(401, 'UNAUTHENTICATED', 'the service token is unknown or revoked');
    res.locals.serviceName = row.name;
    next();
  };
}

/** Machines with a service token, or people whose roles allow the action. */
export function serviceTokenOr(db: Db, resource: Resource, action: Action): RequestHandler {
  const machine = requireServiceToken(db);
  const person = allow(resource, action);
  return (req, res, next) => (req.get('authorization') ? machine(req, res, next) : person(req, res, next));
}
