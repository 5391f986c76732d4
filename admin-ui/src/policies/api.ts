import { API_URL, httpClient } from '../httpClient';
import type { JsonSchema } from './schema';
import type { PolicyImpact, PolicyVersion } from './types';

/** The calls the publishing page makes beyond react-admin's CRUD (api: /api/policies). */
/** A new value, or a rollback: the id of the version whose value is published again. */
export type PublishRequest = {
  key: string;
  reason: string;
  effectiveAt?: string;
} & ({ value: unknown; rollbackOf?: never } | { rollbackOf: number; value?: never });

export async function publishPolicy(request: PublishRequest): Promise<PolicyVersion> {
  const { json } = await httpClient(`${API_URL}/policies`, { method: 'POST', body: JSON.stringify(request) });
  return json as PolicyVersion;
}

export async function previewPolicy(request: { key: string; value: unknown; effectiveAt?: string }): Promise<PolicyImpact[]> {
  const { json } = await httpClient(`${API_URL}/policies/preview`, { method: 'POST', body: JSON.stringify(request) });
  return (json as { impacts: PolicyImpact[] }).impacts;
}

export async function policySchema(key: string): Promise<JsonSchema> {
  const { json } = await httpClient(`${API_URL}/policies/schema/${encodeURIComponent(key)}`);
  return (json as { jsonSchema: JsonSchema }).jsonSchema;
}

/** The version in force now, if any was published. */
export async function policyInForce(key: string): Promise<PolicyVersion | undefined> {
  const query = new URLSearchParams({ filter: JSON.stringify({ key }), sort: JSON.stringify(['version', 'DESC']), range: JSON.stringify([0, 99]) });
  const { json } = await httpClient(`${API_URL}/policies?${query}`);
  return (json as PolicyVersion[]).find((version) => version.inForce);
}

/** A refusal's field issues (400 INVALID_POLICY), wherever the error body carries them. */
export interface PolicyIssue {
  path: (string | number)[];
  code: string;
  params?: Record<string, unknown>;
}

export function issuesOf(error: unknown): PolicyIssue[] {
  const body = (error as { body?: { error?: { details?: { issues?: unknown }; issues?: unknown }; issues?: unknown } })?.body;
  const issues = body?.error?.details?.issues ?? body?.error?.issues ?? body?.issues;
  return Array.isArray(issues) ? (issues as PolicyIssue[]) : [];
}
