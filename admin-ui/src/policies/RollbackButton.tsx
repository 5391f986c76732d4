import RestoreIcon from '@mui/icons-material/Restore';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useCanAccess, useNotify, useRecordContext, useRedirect, useRefresh, useTranslate } from 'react-admin';
import { useNotifyApiError } from '../common/apiErrors';
import { publishPolicy } from './api';
import type { PolicyVersion } from './types';

/** Publishes an old version's values again as a new version, in force now, with a reason (the API copies the values). */
export const RollbackButton = () => {
  const translate = useTranslate();
  const version = useRecordContext<PolicyVersion>();
  const { canAccess } = useCanAccess({ resource: 'policies', action: 'create' });
  const notify = useNotify();
  const notifyError = useNotifyApiError();
  const redirect = useRedirect();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  // Only an old version: the one in force or one still to come has nothing to roll back to.
  if (!version || !canAccess || version.inForce || version.pending) return null;

  const submit = async () => {
    setBusy(true);
    try {
      const published = await publishPolicy({ key: version.key, reason: reason.trim(), rollbackOf: Number(version.id) });
      notify('app.policy.rolled_back', { type: 'success', messageArgs: { version: version.version, new_version: published.version } });
      setOpen(false);
      refresh();
      redirect('show', 'policies', published.id);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button startIcon={<RestoreIcon />} onClick={() => setOpen(true)} data-testid="action-rollback">
        {translate('app.policy.rollback')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('app.policy.rollback_title', { version: version.version })}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('app.policy.rollback_help')}</DialogContentText>
          <TextField
            autoFocus
            fullWidth
            multiline
            margin="normal"
            label={translate('app.policy.reason')}
            helperText={translate('app.policy.reason_required')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'rollback-reason' } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" disabled={busy || reason.trim() === ''} onClick={submit} data-testid="confirm-rollback">
            {translate('app.policy.publish')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
