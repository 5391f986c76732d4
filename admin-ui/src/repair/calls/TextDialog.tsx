import MuiButton from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';

/** The API's limit on a call's note and an abandonment's reason (domain/contracts/repair-calls.ts). */
export const MAX_TEXT = 500;

/** A dialog asking one text: optional (what was said on the call) or required (why it is abandoned). */
export const TextDialog = (props: { title: string; label: string; helperText?: string; required: boolean; confirm: string; isPending: boolean; testId: string; onCancel(): void; onConfirm(text: string): void }) => {
  const translate = useTranslate();
  const titleId = useId();
  const [text, setText] = useState('');
  const blank = text.trim() === '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (props.required && blank) return;
    props.onConfirm(text.trim());
  };
  return (
    <Dialog open onClose={props.onCancel} onClick={(event) => event.stopPropagation()} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={submit}>
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={2}
            margin="dense"
            required={props.required}
            label={props.label}
            helperText={props.helperText}
            value={text}
            onChange={(event) => setText(event.target.value)}
            slotProps={{ htmlInput: { maxLength: MAX_TEXT, 'data-testid': `${props.testId}-text` } }}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={props.onCancel}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton type="submit" variant="contained" disabled={props.isPending || (props.required && blank)} data-testid={`${props.testId}-confirm`}>
            {props.confirm}
          </MuiButton>
        </DialogActions>
      </form>
    </Dialog>
  );
};
