import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';

interface TextDialogProps {
  /** Catalog keys, or text already worded. */
  title: string;
  label: string;
  confirmLabel: string;
  helperText?: string;
  /** Whether an empty text may be sent (an urge needs no reason, a note or an abandonment does). */
  required: boolean;
  isPending: boolean;
  /** The API's limit on the text. Default 2000. */
  maxLength?: number;
  minRows?: number;
  /** The text field is `<testId>-text`, the confirm button `<testId>-confirm`. Default `dialog`. */
  testId?: string;
  onCancel(): void;
  onConfirm(text: string): void;
}

/**
 * Asks for one text (a note, a reason) before an action. Mount it only while open. Clicks
 * inside stay inside, so it can open from a list row without opening the row.
 */
export const TextDialog = ({ title, label, confirmLabel, helperText, required, isPending, maxLength = 2000, minRows = 3, testId = 'dialog', onCancel, onConfirm }: TextDialogProps) => {
  const translate = useTranslate();
  const titleId = useId();
  const [text, setText] = useState('');
  const blank = text.trim() === '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (required && blank) return;
    onConfirm(text.trim());
  };
  return (
    <Dialog open onClose={onCancel} onClick={(event) => event.stopPropagation()} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={submit}>
        <DialogTitle id={titleId}>{translate(title)}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={minRows}
            margin="dense"
            label={translate(label)}
            helperText={helperText === undefined ? undefined : translate(helperText)}
            value={text}
            onChange={(event) => setText(event.target.value)}
            required={required}
            slotProps={{ htmlInput: { maxLength, 'data-testid': `${testId}-text` } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={isPending || (required && blank)} data-testid={`${testId}-confirm`}>
            {translate(confirmLabel)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
