import type { Identifier } from 'react-admin';

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
  reason: string;
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
export interface PolicyImpact {
  code: 'CUSTOMERS_MOVED' | 'TASKS_OVERDUE_AT_ONCE' | 'RETRIES_SOONER' | 'RETRIES_LATER' | 'NO_IMPACT';
  params?: Record<string, unknown>;
}

/** The policies designers version: each process's own (its policyKey) and the task settings. */
export const POLICY_KEYS = ['disconnection', 'reconnection', 'tasks'] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];
