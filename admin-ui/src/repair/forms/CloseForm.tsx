import { maxLength, SimpleForm, TextInput } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';

const EMPTY = {};

/** 结单: the dispatcher closes the order once the crew reports it done. */
export const CloseForm = ({ onSubmit }: StepFormProps) => (
  <SimpleForm
    record={EMPTY}
    onSubmit={(values: Record<string, unknown>) => onSubmit(String(values.note ?? '').trim() ? { note: String(values.note).trim() } : {})}
    toolbar={<CompleteToolbar />}
    sx={{ padding: 0 }}
  >
    <TextInput source="note" label="app.forms.repair.note" multiline fullWidth validate={maxLength(2000)} />
  </SimpleForm>
);
