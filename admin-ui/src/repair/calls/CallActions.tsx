import PhoneDisabledIcon from '@mui/icons-material/PhoneDisabled';
import PhoneForwardedIcon from '@mui/icons-material/PhoneForwarded';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { Button, useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate, type FieldProps } from 'react-admin';
import { CALL_NOTE_MAX, CALL_REASON_MAX, type RepairCall } from '../../../../domain/contracts/repair-calls';
import { API_URL, httpClient } from '../../httpClient';
import { TextDialog } from '../../common/TextDialog';
import { useNotifyCallRefusal } from './useCallRefusal';

type Outcome = 'execute' | 'abandon';

/** A scheduled call's buttons: the call was made (with what was said), or abandoned with a reason. */
export const CallActions = (_props: Partial<FieldProps>) => {
  const call = useRecordContext<RepairCall>();
  const { canAccess } = useCanAccess({ resource: 'repair_calls', action: 'update' });
  const translate = useTranslate();
  const notify = useNotify();
  const notifyRefusal = useNotifyCallRefusal();
  const refresh = useRefresh();
  const [open, setOpen] = useState<Outcome | null>(null);
  const [isPending, setPending] = useState(false);
  if (!call || !canAccess || call.state !== 'scheduled') return null;

  const send = async (outcome: Outcome, text: string) => {
    setPending(true);
    try {
      const body = outcome === 'abandon' ? { reason: text } : text ? { note: text } : {};
      await httpClient(`${API_URL}/repair_calls/${call.id}/${outcome}`, { method: 'POST', body: JSON.stringify(body) });
      notify(outcome === 'abandon' ? 'app.repair_order.calls.abandoned' : 'app.repair_order.calls.executed', { type: 'success' });
      setOpen(null);
    } catch (error) {
      notifyRefusal(error);
      setOpen(null);
    } finally {
      setPending(false);
      refresh();
    }
  };
  return (
    <Stack direction="row" spacing={0.5} sx={{ whiteSpace: 'nowrap' }}>
      <Button label="app.repair_order.calls.execute" size="small" onClick={(event) => (event.stopPropagation(), setOpen('execute'))} data-testid={`call-execute-${call.id}`}>
        <PhoneForwardedIcon />
      </Button>
      <Button label="app.repair_order.calls.abandon" size="small" color="warning" onClick={(event) => (event.stopPropagation(), setOpen('abandon'))} data-testid={`call-abandon-${call.id}`}>
        <PhoneDisabledIcon />
      </Button>
      {open === 'execute' && (
        <TextDialog
          title={translate('app.repair_order.calls.execute_title', { orderNo: call.orderNo })}
          label={translate('app.repair_order.calls.execute_note')}
          required={false}
          confirmLabel={translate('app.repair_order.calls.execute')}
          maxLength={CALL_NOTE_MAX}
          minRows={2}
          isPending={isPending}
          testId="call-execute"
          onCancel={() => setOpen(null)}
          onConfirm={(text) => void send('execute', text)}
        />
      )}
      {open === 'abandon' && (
        <TextDialog
          title={translate('app.repair_order.calls.abandon_title', { orderNo: call.orderNo })}
          label={translate('app.repair_order.calls.reason')}
          helperText={translate('app.repair_order.calls.reason_help')}
          required
          confirmLabel={translate('app.repair_order.calls.abandon')}
          maxLength={CALL_REASON_MAX}
          minRows={2}
          isPending={isPending}
          testId="call-abandon"
          onCancel={() => setOpen(null)}
          onConfirm={(text) => void send('abandon', text)}
        />
      )}
    </Stack>
  );
};
