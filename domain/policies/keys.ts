/**
 * The policies designers version (table policy_versions): each registered process's own
 * (domain/processes.ts, `policyKey`) and the `tasks` group shared by every process's tasks.
 */
import type { z } from 'zod/v4';
import { disconnectionPolicySchema } from '../disconnection/policy';
import { reconnectionPolicySchema } from '../reconnection/policy';
import { taskSettingsSchema } from '../tasks/urging';

export const POLICY_KEYS = ['disconnection', 'reconnection', 'tasks'] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

/** Each key's schema: what a designer may publish, with the defaults it fills in. */
export const POLICY_SCHEMAS: Record<PolicyKey, z.ZodType<unknown, unknown>> = {
  disconnection: disconnectionPolicySchema,
  reconnection: reconnectionPolicySchema,
  tasks: taskSettingsSchema,
};

/** Own names only: `__proto__` or `toString` name no policy. */
export function isPolicyKey(value: unknown): value is PolicyKey {
  return typeof value === 'string' && (POLICY_KEYS as readonly string[]).includes(value);
}
