import { DateTimeInput, maxLength, required, SimpleForm, TextInput } from 'react-admin';
import { CompleteToolbar } from './CompleteToolbar';
import type { StepFormProps } from './types';

interface Values {
  /** "YYYY-MM-DDTHH:mm" in the user's time zone, as the browser's picker gives it. */
  reconnectedAt: string;
  note?: string;
}

const notInFuture = (value: unknown) =>
  typeof value === 'string' && new Date(value).getTime() > Date.now() ? 'app.forms.manual_reconnection.not_in_future' : undefined;

// The workflow refuses a longer note (domain/tasks/forms.ts); say so before sending.
const NOTE_MAX = 2000;
const EMPTY = {};

/** 现场复电: the collector records when supply was restored on site. */
export const ManualReconnectionForm = ({ onSubmit }: StepFormProps) => {
  const submit = (values: Partial<Values>) =>
    onSubmit({
      reconnectedAt: new Date(values.reconnectedAt as string).toISOString(),
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
    });

  return (
    <SimpleForm record={EMPTY} onSubmit={submit} toolbar={<CompleteToolbar />} sx={{ padding: 0 }}>
      <DateTimeInput
        source="reconnectedAt"
        label="app.forms.manual_reconnection.reconnected_at"
        validate={[required(), notInFuture]}
      />
      <TextInput
        source="note"
        label="app.forms.manual_reconnection.note"
        multiline
        minRows={2}
        fullWidth
        validate={maxLength(NOTE_MAX)}
      />
    </SimpleForm>
  );
};
