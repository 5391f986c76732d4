/**
 * Building blocks of the API's contracts (domain/contracts/*): pure zod, no I/O, so the API
 * (which validates request bodies and answers with these shapes), the OpenAPI document
 * (generated from them with z.toJSONSchema) and the back office (whose types are inferred
 * from them) all read one definition.
 *
 * The pattern, per resource file:
 * - `xRecord`: exactly what the API answers, a strict object (a field the API adds or drops
 *   fails the contract test in api/openapi.int.test.ts), named with `.meta({ id: 'X' })`:
 *   the id becomes its name under components/schemas in /api/openapi.json.
 * - `xRequest`: a request body as the route accepts it, also named (`XRequest`).
 * - Enums come from the typed unions that own them (ROLES, OUTCOME_STATES...), or are
 *   declared here once as `as const` lists when no other code owned them yet.
 * - `export type X = z.infer<typeof xRecord>` beside each schema; admin-ui/src/types.ts
 *   re-exports those.
 */
import { z } from 'zod/v4';
import { isStorableText } from '../storable-text';

/** A row id: a positive int4 (PostgreSQL `integer` stops below 2^31). */
export const MAX_INT4 = 2 ** 31 - 1;
export const id = z.int().min(1).max(MAX_INT4);
/** A bigserial id (events, outbox), answered as a JS number. */
export const bigId = z.int().min(1);

/** A timestamp as the API answers it: ISO 8601 in UTC (`Date.toISOString()`). */
export const timestamp = z.iso.datetime();

/** Text PostgreSQL can store (no NUL, no lone surrogate); api/unstorable-text.ts refuses the rest first. */
export const storableText = z.string().refine(isStorableText, 'holds a character that cannot be stored (NUL or a lone surrogate)');

/** A free-form JSON object (a task's payload, an event's data). */
export const jsonObject = z.record(z.string(), z.unknown());

/** Decimal CNY as text, e.g. "128.50": no float rounding on the wire. */
export const yuanText = z.string().regex(/^-?\d+\.\d{2}$/);
