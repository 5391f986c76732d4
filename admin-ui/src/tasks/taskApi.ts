import { HttpError, type Identifier } from 'react-admin';
import type { z } from 'zod/v4';
import type { taskBulkRequest } from '../../../domain/contracts/tasks';
import { API_URL, httpClient } from '../httpClient';
import type { TaskBulkItemResult, TaskCandidate, TaskCandidatePurpose } from '../types';

/**
 * The task endpoints beside react-admin's CRUD ones: who may take a task over, and one action
 * on many tasks at once (api/tasks/candidates.ts, api/tasks/bulk.ts).
 */

/** GET /api/tasks/:id/candidates: the people the task may be assigned or delegated to (least loaded first), by a part of their name. */
export async function fetchCandidates(taskId: Identifier, purpose: TaskCandidatePurpose, q: string, limit = 20): Promise<TaskCandidate[]> {
  const params = new URLSearchParams({ purpose, limit: String(limit) });
  if (q) params.set('q', q);
  const { json } = await httpClient(`${API_URL}/tasks/${encodeURIComponent(taskId)}/candidates?${params.toString()}`);
  return (json as { data: TaskCandidate[] }).data;
}

export type BulkRequest = z.input<typeof taskBulkRequest>;

/** POST /api/tasks/bulk: each task is tried on its own; one refusal does not stop the others. */
export async function runBulk(request: BulkRequest): Promise<TaskBulkItemResult[]> {
  const { json } = await httpClient(`${API_URL}/tasks/bulk`, { method: 'POST', body: JSON.stringify(request) });
  return (json as { results: TaskBulkItemResult[] }).results;
}

/**
 * A refused item as the error a single action would have thrown, so it is worded by the
 * same catalog lookup (common/apiErrors.ts useApiErrorMessage).
 */
export function refusalAsError(item: Extract<TaskBulkItemResult, { ok: false }>): HttpError {
  return new HttpError(item.message, item.status, { error: { code: item.code, message: item.message, details: { reason: item.reason, params: item.params } } });
}
