import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import MuiButton from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type FormEvent } from 'react';
import { Button, RecordContextProvider, useCanAccess, useGetList, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { RepairOrder } from '../../../../domain/contracts/repair';
import { CALL_NOTE_MAX, type RepairCall, type RepairCallRequest } from '../../../../domain/contracts/repair-calls';
import { useFormatDateTime } from '../../common/DateTimeField';
import { Section } from '../../common/Section';
import { API_URL, httpClient } from '../../httpClient';
import { NO_PRINT } from '../printStyles';
import { CallActions } from './CallActions';
import { useNotifyCallRefusal } from './useCallRefusal';


/** An `<input type="datetime-local">` value (the browser's time zone) for a moment. */
function localInputValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** On a repair order's page: its scheduled calls, each made or abandoned from here, and a button to schedule one. */
export const OrderCalls = () => {
  const order = useRecordContext<RepairOrder>();
  const { canAccess: canList } = useCanAccess({ resource: 'repair_calls', action: 'list' });
  if (!order || !canList) return null;
  return (
    <div className={NO_PRINT}>
      <Section title="app.repair_order.calls.section">
        <ScheduleCallButton order={order} />
        <CallsOfOrder orderId={order.id} />
      </Section>
    </div>
  );
};

const CallsOfOrder = ({ orderId }: { orderId: number }) => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const { data, isPending } = useGetList<RepairCall>('repair_calls', { filter: { orderId }, sort: { field: 'dueAt', order: 'DESC' }, pagination: { page: 1, perPage: 50 } });
  if (isPending) return null;
  if (!data?.length) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('app.repair_order.calls.none')}
      </Typography>
    );
  }
  return (
    <List dense disablePadding data-testid="order-calls">
      {data.map((call) => (
        <RecordContextProvider key={call.id} value={call}>
          <ListItem disableGutters data-testid={`order-call-${call.id}`} secondaryAction={<CallActions />}>
            <ListItemText
              primary={
                <Typography component="span" variant="body2" color={call.overdue ? 'error' : undefined} sx={{ fontWeight: call.overdue ? 'bold' : undefined }}>
                  {[formatDateTime(call.dueAt), translate(`app.repair_order.calls.state.${call.state}`), ...(call.overdue ? [translate('app.repair_order.calls.overdue')] : []), ...(call.note ? [call.note] : [])].join(' · ')}
                </Typography>
              }
              secondary={[
                call.scheduledByName,
                ...(call.handledByName && call.handledAt ? [translate('app.repair_order.calls.handled', { name: call.handledByName, time: formatDateTime(call.handledAt) })] : []),
                ...(call.reason ? [call.reason] : []),
              ].join(' · ')}
            />
          </ListItem>
        </RecordContextProvider>
      ))}
    </List>
  );
};

const ScheduleCallButton = ({ order }: { order: RepairOrder }) => {
  const { canAccess } = useCanAccess({ resource: 'repair_calls', action: 'create' });
  const [open, setOpen] = useState(false);
  if (!canAccess || order.state === 'done') return null;
  return (
    <>
      <Button label="app.repair_order.calls.schedule" onClick={() => setOpen(true)} data-testid="call-schedule">
        <AddIcCallIcon />
      </Button>
      {open && <ScheduleDialog order={order} onClose={() => setOpen(false)} />}
    </>
  );
};

const ScheduleDialog = ({ order, onClose }: { order: RepairOrder; onClose(): void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyRefusal = useNotifyCallRefusal();
  const refresh = useRefresh();
  const formatDateTime = useFormatDateTime();
  const titleId = useId();
  const [dueAt, setDueAt] = useState(() => localInputValue(new Date(Date.now() + 60 * 60 * 1000)));
  const [note, setNote] = useState('');
  const [isPending, setPending] = useState(false);
  // A key per dialog: a double click schedules one call.
  const [idempotencyKey] = useState(() => `ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`);
  const due = new Date(dueAt);
  const valid = !Number.isNaN(due.getTime());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    setPending(true);
    try {
      const body: RepairCallRequest = { dueAt: due.toISOString(), idempotencyKey, ...(note.trim() ? { note: note.trim() } : {}) };
      await httpClient(`${API_URL}/repair_orders/${order.id}/calls`, { method: 'POST', body: JSON.stringify(body) });
      notify('app.repair_order.calls.scheduled', { type: 'success', messageArgs: { time: formatDateTime(body.dueAt) } });
      onClose();
      refresh();
    } catch (error) {
      notifyRefusal(error);
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={submit}>
        <DialogTitle id={titleId}>{translate('app.repair_order.calls.schedule_title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ paddingTop: 1 }}>
            <TextField
              type="datetime-local"
              required
              label={translate('app.repair_order.calls.due_at')}
              helperText={translate('app.repair_order.calls.due_help')}
              value={dueAt}
              onChange={(event) => setDueAt(event.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'call-due-at' } }}
            />
            <TextField
              fullWidth
              multiline
              minRows={2}
              label={translate('app.repair_order.calls.note')}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              slotProps={{ htmlInput: { maxLength: CALL_NOTE_MAX, 'data-testid': 'call-note' } }}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={onClose}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton type="submit" variant="contained" disabled={isPending || !valid} data-testid="call-schedule-confirm">
            {translate('app.repair_order.calls.schedule')}
          </MuiButton>
        </DialogActions>
      </form>
    </Dialog>
  );
};
