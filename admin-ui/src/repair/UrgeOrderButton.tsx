import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import { useState } from 'react';
import { Button, useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { RepairOrder, RepairUrged } from '../../../domain/contracts/repair';
import { useNotifyApiError } from '../common/apiErrors';
import { TextDialog } from '../common/TextDialog';
import { API_URL, apiRefusalOf, httpClient } from '../httpClient';

/** The API's limit on an urge's reason (domain/contracts/repair.ts repairUrgeRequest). */
const MAX_REASON = 200;

/**
 * 催单: a customer called to urge the open order. The agent adds an optional reason; the
 * answer names who was texted, who was not (texted within the quiet interval) and the
 * supervisor when the urges passed the threshold.
 */
export const UrgeOrderButton = () => {
  const order = useRecordContext<RepairOrder>();
  const { canAccess } = useCanAccess({ resource: 'repair_orders', action: 'urge' });
  const [open, setOpen] = useState(false);
  const [isPending, setPending] = useState(false);
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const refresh = useRefresh();
  const describe = useUrgeOutcome();
  if (!order || !canAccess || order.state !== 'open') return null;

  const send = async (reason: string) => {
    setPending(true);
    try {
      const { json } = await httpClient(`${API_URL}/repair_orders/${order.id}/urge`, { method: 'POST', body: JSON.stringify(reason ? { reason } : {}) });
      const urged = json as RepairUrged;
      const text = describe(urged);
      notify(text, { type: urged.undeliveredSms ? 'warning' : 'success', messageArgs: { _: text } });
      setOpen(false);
      refresh();
    } catch (error) {
      // Closed meanwhile (another agent, the dispatcher): say so in the user's language.
      if (apiRefusalOf(error).code === 'ORDER_NOT_OPEN') {
        notify('app.repair_urge.not_open', { type: 'warning' });
        setOpen(false);
        refresh();
      } else notifyApiError(error);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button label="app.repair_urge.action" data-testid="repair-urge" onClick={() => setOpen(true)}>
        <NotificationsActiveIcon />
      </Button>
      {open && (
        <TextDialog
          title="app.repair_urge.title"
          label="app.repair_urge.reason"
          helperText="app.repair_urge.reason_help"
          confirmLabel="app.repair_urge.action"
          required={false}
          isPending={isPending}
          maxLength={MAX_REASON}
          minRows={2}
          testId="repair-urge"
          onCancel={() => setOpen(false)}
          onConfirm={send}
        />
      )}
    </>
  );
};

/** What the urge did, in one sentence of the user's language, people by name. */
function useUrgeOutcome() {
  const translate = useTranslate();
  return (urged: RepairUrged) => {
    const names = (list: string[]) => list.join(translate('app.repair_urge.name_separator'));
    const parts = [translate('app.repair_urge.counted', { count: urged.urgeCount })];
    if (urged.texted.length) parts.push(translate('app.repair_urge.texted', { names: names(urged.texted) }));
    if (urged.throttled.length) parts.push(translate('app.repair_urge.throttled', { names: names(urged.throttled) }));
    if (!urged.texted.length && !urged.throttled.length) parts.push(translate('app.repair_urge.nobody'));
    if (urged.supervisorNotified) parts.push(translate('app.repair_urge.supervisor', { name: urged.supervisorNotified }));
    if (urged.undeliveredSms) parts.push(translate('app.repair_urge.undelivered', { count: urged.undeliveredSms }));
    return parts.join(translate('app.repair_urge.sentence_separator'));
  };
}

