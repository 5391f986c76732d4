import type { Knex } from 'knex';
import { versionInForce } from '../../domain/policies/in-force';
import type { PolicyKey } from '../../domain/policies/keys';
import { DEFAULT_TASK_SETTINGS, parseTaskSettings, type TaskSettings } from '../../domain/tasks/urging';

export interface PolicyVersionInForce {
  id: number;
  version: number;
  effectiveAt: Date;
  value: unknown;
}

/**
 * The version of a policy in force at `now` (table policy_versions, domain/policies/in-force.ts),
 * read by whatever applies a policy: the activities that load one and the case that records it.
 */
export async function policyVersionInForce(db: Knex | Knex.Transaction, key: PolicyKey, now = Date.now()): Promise<PolicyVersionInForce | undefined> {
  const candidates: Array<{ id: number; version: number; effective_at: Date }> = await db('policy_versions')
    .where({ key })
    .andWhere('effective_at', '<=', new Date(now))
    .select('id', 'version', 'effective_at');
  const chosen = versionInForce(
    candidates.map((row) => ({ ...row, effectiveAt: row.effective_at })),
    now,
  );
  if (!chosen) return undefined;
  const row = await db('policy_versions').where({ id: chosen.id }).first('value');
  return { id: chosen.id, version: chosen.version, effectiveAt: chosen.effective_at, value: row.value };
}

/** The task settings in force (urging, SMS templates); the defaults when none are stored or they no longer parse. */
export async function taskSettingsInForce(db: Knex | Knex.Transaction): Promise<TaskSettings> {
  const inForce = await policyVersionInForce(db, 'tasks');
  try {
    return parseTaskSettings(inForce?.value ?? {});
  } catch {
    return DEFAULT_TASK_SETTINGS;
  }
}
