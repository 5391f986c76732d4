import { fetchUtils, HttpError } from 'react-admin';

export const API_URL = '/api';

/** The API's error body: `{error: {code, message}}` (api/README.md). */
interface ApiErrorBody {
  error?: { code?: string; message?: string };
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

/** The API's error code (e.g. "TASK_NOT_OPEN"), when the error came from the API. */
export function apiErrorCode(error: unknown): string | undefined {
  return error instanceof HttpError ? (error.body as ApiErrorBody | undefined)?.error?.code : undefined;
}
