import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';

interface TextDialogProps {
  title: string;
  label: string;
  confirmLabel: string;
  /** Whether an empty text may be sent (an urge needs no reason, a note needs a text). */
  required: boolean;
  isPending: boolean;
  onCancel(): void;
  onConfirm(text: string): void;
}

const MAX_TEXT = 2000;

/** Asks for one text (a note, a reason) before a task action. Mount it only while open. */
export const TextDialog = ({ title, label, confirmLabel, required, isPending, onCancel, onConfirm }: TextDialogProps) => {
  const translate = useTranslate();
  const titleId = useId();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(text.trim());
  };
  return (
    <Dialog open onClose={onCancel} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={submit}>
        <DialogTitle id={titleId}>{translate(title)}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={3}
            margin="dense"
            label={translate(label)}
            value={text}
            onChange={(event) => setText(event.target.value)}
            required={required}
            slotProps={{ htmlInput: { maxLength: MAX_TEXT, 'data-testid': 'dialog-text' } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={isPending || (required && text.trim() === '')} data-testid="dialog-confirm">
            {translate(confirmLabel)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
