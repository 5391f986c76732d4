import { useCallback } from 'react';
import { HttpError, useDataProvider, useLocaleState, useNotify, useRedirect, useTranslate } from 'react-admin';
import { useNotifyApiError } from '../common/apiErrors';
import type { GridflowDataProvider } from '../dataProvider';
import type { Disconnection, DisconnectionApplication, DisconnectionWarning } from '../types';
import { customersInOpenCase } from './openCaseRefusal';

/** The case opens within a second or two of the workflow starting; past this, say so and stop waiting. */
const CASE_WAIT_MS = 30_000;
const CASE_POLL_MS = 500;
/** Long enough to read a warning that the page is about to leave behind. */
const WARNING_SHOWN_MS = 15_000;
/** Customers named in a refusal; a long list would hide the message. */
const SHOWN_CUSTOMERS = 10;

/**
 * Sends an application; on 201 says how many customers it covers (with the server's warnings),
 * waits for the workflow to open its case and goes to the case page. Resolves when done,
 * so the form's button spins until then.
 */
export function useApplyForDisconnection(): (application: DisconnectionApplication) => Promise<void> {
  const dataProvider = useDataProvider<GridflowDataProvider>();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const redirect = useRedirect();
  const describeWarnings = useDescribeWarnings();
  const [locale] = useLocaleState();

  return useCallback(
    async (application) => {
      let workflowId: string;
      try {
        const { data } = await dataProvider.applyForDisconnection(application);
        workflowId = data.workflowId;
        if (data.warnings.length === 0) {
          notify('app.disconnection.applied', { type: 'success', messageArgs: { count: data.customers } });
        } else {
          notify('app.disconnection.applied_with_warnings', {
            type: 'warning',
            autoHideDuration: WARNING_SHOWN_MS,
            messageArgs: { count: data.customers, warnings: describeWarnings(data.warnings) },
          });
        }
      } catch (error) {
        const busy = error instanceof HttpError ? customersInOpenCase(error.body) : undefined;
        if (busy) {
          // Which customers (the first few of a long list), so the applicant can untick them.
          const shown = new Intl.ListFormat(locale, { type: 'conjunction' }).format(busy.slice(0, SHOWN_CUSTOMERS)) + (busy.length > SHOWN_CUSTOMERS ? ' …' : '');
          notify('app.disconnection.in_open_case', { type: 'error', messageArgs: { count: busy.length, customers: shown } });
        } else {
          notifyApiError(error);
        }
        return;
      }
      const caseId = await waitForCase(dataProvider, workflowId);
      if (caseId === null) {
        notify('app.disconnection.case_pending', { type: 'info' });
        redirect('list', 'cases');
      } else {
        redirect('show', 'cases', caseId);
      }
    },
    [dataProvider, describeWarnings, locale, notify, notifyApiError, redirect],
  );
}

/** The case id once the workflow has opened it; null if it takes longer than CASE_WAIT_MS. */
async function waitForCase(dataProvider: GridflowDataProvider, workflowId: string): Promise<number | null> {
  const deadline = Date.now() + CASE_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const { data } = await dataProvider.getOne<Disconnection>('disconnections', { id: workflowId });
      if (data.caseId !== null) return data.caseId;
    } catch {
      // A worker busy starting may not answer the query yet: ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, CASE_POLL_MS));
  }
  return null;
}

/** "SEG-02 (read by 王抄表) and SEG-03 (…)" in the user's language. */
function useDescribeWarnings(): (warnings: DisconnectionWarning[]) => string {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return useCallback(
    (warnings) => {
      const items = warnings.map((warning) =>
        translate(`app.disconnection.warning.${warning.code}`, {
          segment: warning.segmentCode,
          collector: warning.collectorName ?? translate('app.disconnection.no_reader'),
          _: `${warning.code} ${warning.segmentCode}`,
        }),
      );
      return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
    },
    [locale, translate],
  );
}
