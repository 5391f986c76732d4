import CancelIcon from '@mui/icons-material/Cancel';
import { useState } from 'react';
import { Button, useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { CANCEL_REASON_MAX } from '../../../domain/relocation/forms';
import type { RelocationOrder } from '../../../domain/contracts/relocation';
import { TextDialog } from '../common/TextDialog';
import { API_URL, httpClient } from '../httpClient';
import { useRelocationErrorMessage } from './words';

/**
 * 撤单 before installation, with a reason (POST /api/relocations/:id/cancel): the workflow
 * frees the number and the slot and refunds what was paid. For those who may cancel, only
 * while the order is open.
 */
export const CancelOrderButton = () => {
  const order = useRecordContext<RelocationOrder>();
  const { canAccess } = useCanAccess({ resource: 'relocations', action: 'cancel' });
  const [open, setOpen] = useState(false);
  const [isPending, setPending] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  const errorMessage = useRelocationErrorMessage();
  if (!order || !canAccess || order.state !== 'open') return null;

  const cancel = async (reason: string) => {
    setPending(true);
    try {
      await httpClient(`${API_URL}/relocations/${order.id}/cancel`, { method: 'POST', body: JSON.stringify({ reason }) });
      notify('app.relocation.show.cancelled', { type: 'success', messageArgs: { orderNo: order.orderNo } });
      setOpen(false);
    } catch (error) {
      const { text, refusal } = errorMessage(error);
      notify(text, { type: 'error', messageArgs: { _: text } });
      // Installed or cancelled meanwhile: the page shows how it stands now.
      if (refusal && ['RELOCATION_NOT_OPEN', 'ALREADY_INSTALLED', 'ALREADY_CANCELLED'].includes(refusal.code)) setOpen(false);
    } finally {
      setPending(false);
      refresh();
    }
  };
  return (
    <>
      <Button label="app.relocation.show.cancel" onClick={() => setOpen(true)} data-testid="relocation-cancel">
        <CancelIcon />
      </Button>
      {open && (
        <TextDialog
          title={translate('app.relocation.show.cancel_title', { orderNo: order.orderNo })}
          label="app.relocation.show.cancel_reason"
          helperText="app.relocation.show.cancel_help"
          confirmLabel="app.relocation.show.cancel"
          required
          isPending={isPending}
          maxLength={CANCEL_REASON_MAX}
          minRows={2}
          testId="relocation-cancel"
          onCancel={() => setOpen(false)}
          onConfirm={cancel}
        />
      )}
    </>
  );
};
