import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';

/** The approval form's limit (domain/tasks/forms.ts OPINION_LENGTH). */
const MAX_OPINION = 2000;

export type Decision = 'approve' | 'reject';

interface BulkApprovalDialogProps {
  count: number;
  isPending: boolean;
  onCancel(): void;
  onConfirm(result: { decision: Decision; opinion: string }): void;
}

/** One decision and one opinion for every selected approval; the server still checks each (e.g. one's own application). */
export const BulkApprovalDialog = ({ count, isPending, onCancel, onConfirm }: BulkApprovalDialogProps) => {
  const translate = useTranslate();
  const titleId = useId();
  const [decision, setDecision] = useState<Decision>('approve');
  const [opinion, setOpinion] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (opinion.trim()) onConfirm({ decision, opinion: opinion.trim() });
  };
  return (
    <Dialog open onClose={onCancel} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={submit}>
        <DialogTitle id={titleId}>{translate('app.task.bulk.approval_title', { smart_count: count })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ marginBottom: 1 }}>{translate('app.task.bulk.approval_help')}</DialogContentText>
          <RadioGroup row value={decision} onChange={(event) => setDecision(event.target.value as Decision)} aria-label={translate('app.forms.approval.decision')}>
            <FormControlLabel value="approve" control={<Radio slotProps={{ input: { 'data-testid': 'bulk-decision-approve' } as object }} />} label={translate('app.forms.approval.approve')} />
            <FormControlLabel value="reject" control={<Radio slotProps={{ input: { 'data-testid': 'bulk-decision-reject' } as object }} />} label={translate('app.forms.approval.reject')} />
          </RadioGroup>
          <TextField
            fullWidth
            multiline
            minRows={2}
            margin="dense"
            required
            label={translate('app.forms.approval.opinion')}
            value={opinion}
            onChange={(event) => setOpinion(event.target.value)}
            slotProps={{ htmlInput: { maxLength: MAX_OPINION, 'data-testid': 'bulk-opinion' } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={isPending || opinion.trim() === ''} data-testid="dialog-confirm">
            {translate('app.task.action.complete')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
