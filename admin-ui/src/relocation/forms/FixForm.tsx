import Alert from '@mui/material/Alert';
import { maxLength, regex, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { payloadOf } from './payload';

const trimmed = (value: unknown) => String(value ?? '').trim();

/** 稽核驳回修改: the accepting clerk reads why, corrects the contact if need be and resubmits with a note. */
export const FixForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const payload = payloadOf(task);
  const record = { contactName: payload.contactName ?? '', contactPhone: payload.contactPhone ?? '' };
  const submit = (values: Record<string, unknown>) =>
    onSubmit({
      ...(trimmed(values.note) ? { note: trimmed(values.note) } : {}),
      ...(trimmed(values.contactName) && trimmed(values.contactName) !== record.contactName ? { contactName: trimmed(values.contactName) } : {}),
      ...(trimmed(values.contactPhone) && trimmed(values.contactPhone) !== record.contactPhone ? { contactPhone: trimmed(values.contactPhone) } : {}),
    });
  return (
    <SimpleForm record={record} onSubmit={submit} toolbar={<CompleteToolbar />} sx={{ padding: 0 }}>
      {payload.rejection && (
        <Alert severity="warning" sx={{ marginBottom: 1 }} data-testid="relocation-rejection">
          {translate('app.forms.relocation.rejection', { reason: payload.rejection })}
        </Alert>
      )}
      <TextInput source="contactName" label="app.forms.relocation.contact_name" validate={maxLength(50)} />
      <TextInput source="contactPhone" label="app.forms.relocation.contact_phone" validate={regex(/^\s*(\+?[0-9][0-9-]{5,18}[0-9])?\s*$/, 'app.errors.reasons.CONTACT_PHONE_INVALID')} />
      <TextInput source="note" label="app.forms.relocation.note" multiline fullWidth validate={maxLength(2000)} />
    </SimpleForm>
  );
};
