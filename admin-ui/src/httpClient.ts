import { fetchUtils, HttpError } from 'react-admin';

export const API_URL = '/api';

/** The API's error body: `{error: {code, message, details?}}` (api/README.md). */
interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { reason?: unknown } };
}

/**
 * fetchJson with the session cookie, and with the API's own error message in place of the
 * HTTP status text: react-admin shows `error.message` to the user.
 */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  try {
    return await fetchUtils.fetchJson(url, { ...options, credentials: 'include' });
  } catch (error) {
    if (error instanceof HttpError) {
      const message = (error.body as ApiErrorBody | undefined)?.error?.message;
      if (message) throw new HttpError(message, error.status, error.body);
    }
    throw error;
  }
}

/** What the API said when it refused: its code ("TASK_NOT_OPEN"), finer reason ("OWN_APPLICATION") and message. */
export interface ApiRefusal {
  code?: string;
  reason?: string;
  message?: string;
}

export function apiRefusalOf(error: unknown): ApiRefusal {
  const message = error instanceof Error && error.message ? error.message : undefined;
  if (!(error instanceof HttpError)) return { message };
  const body = (error.body as ApiErrorBody | undefined)?.error;
  const reason = body?.details?.reason;
  return { code: body?.code, reason: typeof reason === 'string' ? reason : undefined, message };
}
