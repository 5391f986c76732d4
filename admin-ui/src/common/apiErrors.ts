import { useCallback } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { HttpError } from 'react-admin';
import { apiRefusalOf } from '../httpClient';
import { useTextParams } from '../tasks/taskTexts';

/** The parameters a refusal's reason carries (details.params), e.g. {field: 'reconnectedAt'} for TIME_IN_FUTURE. */
function refusalParams(error: unknown): Record<string, unknown> {
  const params = error instanceof HttpError ? (error.body as { error?: { details?: { params?: unknown } } } | undefined)?.error?.details?.params : undefined;
  return typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
}

/**
 * Why the API refused, in the user's language: by the finer reason when the catalog knows it
 * ("app.errors.reasons.OWN_APPLICATION"), else by the code ("app.errors.TASK_NOT_OPEN"), else
 * the API's own (English) message, so a code this UI does not know yet still says something.
 * Catalog entries may quote the API's message as %{message} where it carries the detail.
 */
export function useApiErrorMessage(): (error: unknown) => string {
  const translate = useTranslate();
  const textParams = useTextParams();
  return useCallback(
    (error: unknown) => {
      const { code, reason, message } = apiRefusalOf(error);
      const params = textParams(refusalParams(error));
      const keys = [reason && `app.errors.reasons.${reason}`, code && `app.errors.${code}`];
      for (const key of keys) {
        // An empty default tells a missing key apart from a translation.
        const text = key ? translate(key, { ...params, message: message ?? '', _: '' }) : '';
        if (text) return text;
      }
      return message ?? translate('ra.notification.http_error');
    },
    [translate, textParams],
  );
}

/** Shows the refusal as an error notification. */
export function useNotifyApiError(): (error: unknown) => void {
  const notify = useNotify();
  const describe = useApiErrorMessage();
  return useCallback(
    (error: unknown) => {
      const text = describe(error);
      // Already translated: `_` keeps react-admin from looking the sentence up as a key.
      notify(text, { type: 'error', messageArgs: { _: text } });
    },
    [describe, notify],
  );
}
