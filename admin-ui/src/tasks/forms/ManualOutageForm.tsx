import { DateTimeInput, maxLength, required, SimpleForm, TextInput } from 'react-admin';
import { CompleteToolbar } from './CompleteToolbar';
import type { StepFormProps } from './types';

const notInFuture = (value: unknown) =>
  typeof value === 'string' && new Date(value).getTime() > Date.now() ? 'app.forms.manual_outage.not_in_future' : undefined;
const EMPTY = {};

/** 录入停电信息: the trip command failed; the executor enters when supply was cut on site. */
export const ManualOutageForm = ({ onSubmit }: StepFormProps) => (
  <SimpleForm
    record={EMPTY}
    onSubmit={(values: Record<string, unknown>) =>
      onSubmit({ outageAt: new Date(values.outageAt as string).toISOString(), ...(String(values.note ?? '').trim() ? { note: String(values.note).trim() } : {}) })
    }
    toolbar={<CompleteToolbar />}
    sx={{ padding: 0 }}
  >
    <DateTimeInput source="outageAt" label="app.forms.manual_outage.outage_at" validate={[required(), notInFuture]} />
    <TextInput source="note" label="app.forms.manual_outage.note" multiline minRows={2} fullWidth validate={maxLength(2000)} />
  </SimpleForm>
);
