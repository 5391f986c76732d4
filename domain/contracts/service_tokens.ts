/** Tokens for machines (bank gateways, billing) (api/service-tokens-routes.ts). */
import { z } from 'zod/v4';
import { id, storableText, timestamp } from './common';

export const serviceTokenRecord = z
  .strictObject({
    id,
    name: z.string(),
    createdAt: timestamp,
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'ServiceToken' });
export type ServiceToken = z.infer<typeof serviceTokenRecord>;

/** The answer to POST: the secret is shown this once, never again. */
export const createdServiceTokenRecord = serviceTokenRecord.extend({ token: z.string() }).meta({ id: 'CreatedServiceToken' });
export type CreatedServiceToken = z.infer<typeof createdServiceTokenRecord>;

export const serviceTokenCreateRequest = z
  .object({ name: storableText.trim().min(1).max(64).describe('the machine that will use the token') })
  .meta({ id: 'ServiceTokenCreateRequest' });
export type ServiceTokenCreateRequest = z.infer<typeof serviceTokenCreateRequest>;
