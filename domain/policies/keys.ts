/**
 * The policies designers version (table policy_versions): each registered process's own
 * (domain/processes.ts, `policyKey`) and the `tasks` group shared by every process's tasks.
 */
import type { z } from 'zod/v4';
import { PROCESSES } from '../processes';
import { taskSettingsSchema } from '../tasks/urging';

/** Shared by every process: the tasks' urging and templates. */
const SHARED_POLICIES = { tasks: taskSettingsSchema } as const;

export type PolicyKey = (typeof PROCESSES)[number]['policyKey'] | keyof typeof SHARED_POLICIES;

/** Each key's schema: what a designer may publish, with the defaults it fills in. */
export const POLICY_SCHEMAS = {
  ...Object.fromEntries(PROCESSES.map((process) => [process.policyKey, process.policySchema])),
  ...SHARED_POLICIES,
} as Record<PolicyKey, z.ZodType<unknown, unknown>>;

export const POLICY_KEYS = Object.keys(POLICY_SCHEMAS) as PolicyKey[];

/** Own names only: `__proto__` or `toString` name no policy. */
export function isPolicyKey(value: unknown): value is PolicyKey {
  return typeof value === 'string' && (POLICY_KEYS as readonly string[]).includes(value);
}

/**
 * A stored version's value as it applies: its schema's defaults filled in (a field added to
 * the schema later counts as its default, not as a change). A value the schema now refuses
 * is shown as stored.
 */
export function valueInEffect(key: PolicyKey, stored: unknown): unknown {
  const parsed = POLICY_SCHEMAS[key].safeParse(stored ?? {});
  return parsed.success ? parsed.data : stored;
}
