import type { Knex } from 'knex';
import { valueInEffect } from '../../domain/policies/keys';
import type { z } from 'zod/v4';
import { appendEvent } from '../../db/events';
import type { PolicyIssue } from '../../domain/contracts/policies';
import { diffPolicies, type PolicyChange } from '../../domain/policies/diff';
import { POLICY_SCHEMAS, type PolicyKey } from '../../domain/policies/keys';
import { HttpError } from '../errors';

/**
 * A policy value checked by its key's schema: the value with its defaults filled in, or a 400
 * INVALID_POLICY whose `details.issues` name each refused field by path, zod code and params,
 * for the back office to word in the reader's language.
 */
export function parsePolicyValue(key: PolicyKey, value: unknown): unknown {
  const parsed = POLICY_SCHEMAS[key].safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(issueOf);
  throw new HttpError(400, 'INVALID_POLICY', issues.map((issue) => `${issue.path.join('.') || key}: ${issue.message.replace(/^: /, '')}`).join('; '), { issues });
}

/** What the UI needs of a zod issue: not its input (which may be large) nor a union's every branch. */
function issueOf(issue: z.core.$ZodIssue): PolicyIssue {
  const { code, path, message, input: _input, errors: _errors, inst: _inst, params, ...fields } = issue as unknown as Record<string, unknown> & { code: string; path: PropertyKey[]; message: string; params?: Record<string, unknown> };
  // A regex's pattern is shown as text; every other parameter is JSON already.
  const shown = Object.fromEntries(Object.entries({ ...fields, ...params }).map(([name, v]) => [name, v instanceof RegExp ? String(v) : typeof v === 'bigint' ? Number(v) : v]));
  return { path: path.map(String), code, ...(Object.keys(shown).length > 0 ? { params: shown } : {}), message: message.replace(/^: /, '') };
}

export interface Publication {
  key: PolicyKey;
  /** Already parsed by parsePolicyValue. */
  value: unknown;
  /** A designer's reason; null when written through PUT /api/settings (origin `settings`). */
  reason: string | null;
  origin?: 'designer' | 'settings';
  effectiveAt: Date;
  createdBy: number | null;
  rollbackOf: number | null;
}

/** Two publishers of one key wait for each other, so versions are numbered without gaps or clashes. */
export async function lockPolicyKey(trx: Knex.Transaction, key: PolicyKey): Promise<void> {
  // The same lock as the trigger that turns a direct write of settings into a version (migration 007).
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`policy_versions:${key}`]);
}

/**
 * Publishes a version in the caller's transaction: the version, its `policy.published` event,
 * and, when it takes effect now, the `settings` row older readers still use. The caller has
 * locked the key (lockPolicyKey). Answers the new version's id, number and changes.
 */
export async function publishPolicy(trx: Knex.Transaction, publication: Publication, now = new Date()): Promise<{ id: number; version: number; changes: PolicyChange[] }> {
  const { key, value, reason, effectiveAt, createdBy, rollbackOf } = publication;
  const origin = publication.origin ?? 'designer';
  const previous = await trx('policy_versions').where({ key }).orderBy('version', 'desc').first('version', 'value');
  const version = (previous?.version ?? 0) + 1;
  const changes = previous ? diffPolicies(valueInEffect(key, previous.value), value) : [];
  const [row] = await trx('policy_versions')
    .insert({ key, version, value: JSON.stringify(value), origin, reason, effective_at: effectiveAt, created_by: createdBy, rollback_of: rollbackOf })
    .returning('id');
  await appendEvent(trx, {
    type: 'policy.published',
    actor: createdBy === null ? 'system' : `user:${createdBy}`,
    data: { key, version, effectiveAt: effectiveAt.toISOString(), origin, reason, rollbackOf, changes },
  });
  if (effectiveAt.getTime() <= now.getTime()) {
    // Written by this publication: the trigger must not publish it a second time.
    await trx.raw("SELECT set_config('gridflow.publishing', 'on', true)");
    await trx('settings').insert({ key, value: JSON.stringify(value), updated_at: trx.fn.now() }).onConflict('key').merge();
    await trx.raw("SELECT set_config('gridflow.publishing', '', true)");
  }
  return { id: row.id, version, changes };
}
