import { Router } from 'express';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { loginRequest } from '../../domain/contracts/auth';
import { HttpError } from '../errors';
import { parseBody } from '../validate';
import { verifyPassword } from './password';
import { LoginThrottle } from './rate-limit';
import { currentUser, endSession, presentUser, startSession } from './sessions';

// Verifying against this keeps an unknown username as slow as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function authRoutes(db: Db, throttle = new LoginThrottle()): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const { username, password } = parseBody(loginRequest, req.body, 'INVALID_LOGIN');
    // req.ip is the socket's address unless TRUST_PROXY names the proxy in front.
    const attempt = throttle.begin(req.ip ?? 'unknown', username);
    const { waitMs } = attempt;
    if (waitMs > 0) {
      res.set('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw new HttpError(429, 'TOO_MANY_ATTEMPTS', `too many failed logins; try again in ${Math.ceil(waitMs / 60_000)} minute(s)`);
    }
    const row = await db('users').whereRaw('lower(username) = ?', [username.toLowerCase()]).andWhere({ active: true }).first();
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok) {
      // Counted by the throttle first, so a flood of guesses is refused (429) before it is logged.
      await appendEvent(db, { type: 'user.login_failed', actor: row ? `user:${row.id}` : 'anonymous', data: { username, ip: req.ip, knownUser: Boolean(row) } });
      throw new HttpError(401, 'BAD_CREDENTIALS', 'wrong username or password');
    }
    attempt.succeeded();
    await db.transaction(async (trx) => {
      await startSession(trx, res, req, row.id);
      await appendEvent(trx, { type: 'user.login', actor: `user:${row.id}`, data: { ip: req.ip } });
    });
    res.json(presentUser(row));
  });

  router.post('/logout', async (req, res) => {
    await endSession(db, req, res);
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    res.json(currentUser(res));
  });

  return router;
}
