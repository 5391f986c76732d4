import type { useNotify } from 'react-admin';
import { apiErrorCode } from '../httpClient';

/**
 * Tells the user why the API refused: "app.errors.<CODE>" when the catalog knows the code
 * (with the API's message as %{message}), else the API's own message.
 */
export function notifyApiError(notify: ReturnType<typeof useNotify>, error: unknown): void {
  const message = error instanceof Error && error.message ? error.message : undefined;
  const code = apiErrorCode(error);
  notify(code ? `app.errors.${code}` : (message ?? 'ra.notification.http_error'), {
    type: 'error',
    messageArgs: { message: message ?? '', _: message },
  });
}
