/**
 * Versioned policies (api/policies/routes.ts): each key's versions, publishing one, and what
 * one would change for work in flight. A version's `value` has its key's own schema
 * (domain/policies/keys.ts POLICY_SCHEMAS), served as JSON Schema by /api/policies/schema/:key.
 */
import { z } from 'zod/v4';
import { POLICY_KEYS } from '../policies/keys';
import type { PolicyImpactCode } from '../policies/preview';
import { id, timestamp } from './common';

export const policyKey = z.enum(POLICY_KEYS);

/** One changed field against the version before: its path from the policy's root ("0" for a list item). */
export const policyChange = z
  .strictObject({
    path: z.array(z.string()),
    from: z.unknown().describe('absent when the field is new'),
    to: z.unknown().describe('absent when the field was dropped'),
  })
  .meta({ id: 'PolicyChange' });
export type PolicyChangeRecord = z.infer<typeof policyChange>;

export const policyVersionRecord = z
  .strictObject({
    id,
    key: policyKey,
    /** 1, 2, … per key. */
    version: z.int().min(1),
    value: z.unknown().describe("the whole policy, defaults filled in; its key's schema"),
    /** Who wrote it: a designer, the migration that started versioning (v1), or a direct write of the settings. */
    origin: z.enum(['designer', 'initial', 'settings']),
    /** The designer's reason; null for versions the system wrote. */
    reason: z.string().nullable(),
    effectiveAt: timestamp,
    createdAt: timestamp,
    /** Null for the versions the system wrote (origin initial or settings). */
    createdBy: z.strictObject({ id, name: z.string() }).nullable(),
    /** The older version whose value this one publishes again. */
    rollbackOf: id.nullable(),
    /** The version that took effect last (greatest effectiveAt not after now; ties: greatest version). */
    inForce: z.boolean(),
    /** Takes effect later. */
    pending: z.boolean(),
    changes: z.array(policyChange),
  })
  .meta({ id: 'PolicyVersion' });
export type PolicyVersion = z.infer<typeof policyVersionRecord>;

export const MAX_POLICY_REASON_LENGTH = 500;

/** POST /api/policies. The value is checked by the key's schema after this (400 INVALID_POLICY). */
export const policyPublishRequest = z
  .object({
    key: z.string().describe('a policy key; an unknown one answers 404'),
    value: z.unknown().optional().describe('the policy; omit with rollbackOf'),
    reason: z.string().trim().min(1).max(MAX_POLICY_REASON_LENGTH),
    /** Default now; at most a minute in the past. */
    effectiveAt: z.iso.datetime({ offset: true }).optional(),
    /** Publishes that older version's value again, as a new version. */
    rollbackOf: id.optional(),
  })
  .meta({ id: 'PolicyPublishRequest' });
export type PolicyPublishRequest = z.infer<typeof policyPublishRequest>;

/** POST /api/policies/preview. */
export const policyPreviewRequest = z
  .object({
    key: z.string(),
    value: z.unknown(),
    effectiveAt: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: 'PolicyPreviewRequest' });
export type PolicyPreviewRequest = z.infer<typeof policyPreviewRequest>;

export const POLICY_IMPACT_CODES = ['CUSTOMERS_MOVED', 'TASKS_OVERDUE_AT_ONCE', 'RETRIES_SOONER', 'RETRIES_LATER', 'NO_IMPACT'] as const satisfies readonly PolicyImpactCode[];

export const policyPreviewRecord = z
  .strictObject({
    impacts: z.array(z.strictObject({ code: z.enum(POLICY_IMPACT_CODES), params: z.record(z.string(), z.unknown()) })),
  })
  .meta({ id: 'PolicyPreview' });
export type PolicyPreview = z.infer<typeof policyPreviewRecord>;

/** One refused field of a policy, as `details.issues` of a 400 INVALID_POLICY lists them. */
export const policyIssue = z
  .strictObject({
    path: z.array(z.string()),
    /** A zod issue code (invalid_type, too_small, unrecognized_keys, custom…); a custom one names its rule in params.code. */
    code: z.string(),
    params: z.record(z.string(), z.unknown()).optional(),
    message: z.string(),
  })
  .meta({ id: 'PolicyIssue' });
export type PolicyIssue = z.infer<typeof policyIssue>;

export const policySchemaRecord = z.strictObject({ key: policyKey, jsonSchema: z.record(z.string(), z.unknown()) }).meta({ id: 'PolicySchema' });
export type PolicySchema = z.infer<typeof policySchemaRecord>;
