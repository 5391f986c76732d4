import type { Identifier } from 'react-admin';
import type { PolicyKey } from '../../../domain/policies/keys';
import type { PolicyImpact as DomainPolicyImpact } from '../../../domain/policies/preview';

/** One change from the version before: the field's path, its old and new value. */
export interface PolicyChange {
  path: string[];
  from?: unknown;
  to?: unknown;
}

/** A published version of a policy (GET /api/policies, /api/policies/:id). */
export interface PolicyVersion {
  id: Identifier;
  key: string;
  version: number;
  value: Record<string, unknown>;
  /** Who wrote it: a designer (with a reason), versioning's start (v1), or a direct write of the settings. */
  origin: 'designer' | 'initial' | 'settings';
  reason: string | null;
  effectiveAt: string;
  createdAt: string;
  createdBy: { id: Identifier; name: string } | null;
  /** The version whose values this one publishes again. */
  rollbackOf: number | null;
  inForce: boolean;
  pending: boolean;
  changes: PolicyChange[];
}

/** What a preview reports a version would do to running work (POST /api/policies/preview). */
export type PolicyImpact = DomainPolicyImpact;

export type { PolicyKey };
/**
 * The policies designers version (domain/policies/keys.ts, whose module would bring the
 * schemas into the bundle): a key missing here fails to type-check.
 */
export const POLICY_KEYS = ['disconnection', 'reconnection', 'repair', 'relocation', 'revisit', 'tasks'] as const satisfies readonly PolicyKey[];
type MissingKey = Exclude<PolicyKey, (typeof POLICY_KEYS)[number]>;
const _everyKeyListed: [MissingKey] extends [never] ? true : never = true;
