import { useNotify } from 'react-admin';
import { apiRefusalOf } from '../../httpClient';

/** The refusals the calls' screens say in the user's own words (never the API's English). */
const KNOWN_REFUSALS = new Set(['INVALID_CALL', 'ORDER_DONE', 'CALL_NOT_SCHEDULED', 'UNSTORABLE_TEXT', 'NOT_FOUND']);

export function useNotifyCallRefusal(): (error: unknown) => void {
  const notify = useNotify();
  return (error) => {
    const { code } = apiRefusalOf(error);
    notify(code && KNOWN_REFUSALS.has(code) ? `app.repair_order.calls.error.${code}` : 'app.repair_order.calls.error.other', { type: 'error' });
  };
}
