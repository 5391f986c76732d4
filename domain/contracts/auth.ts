/** Logging in and the session's user (api/auth/routes.ts, api/auth/sessions.ts). */
import { z } from 'zod/v4';
import { userRecord } from './users';

/** The logged-in user (GET /api/auth/me, and the answer to a login): a user without `active`, which is always true here. */
export const sessionUserRecord = userRecord.omit({ active: true }).meta({ id: 'SessionUser' });
export type SessionUser = z.infer<typeof sessionUserRecord>;

export const loginRequest = z
  .object({ username: z.string().min(1), password: z.string().min(1) })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof loginRequest>;
