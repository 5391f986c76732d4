import Alert from '@mui/material/Alert';
import { FormDataConsumer, maxLength, RadioButtonGroupInput, required, SimpleForm, TextInput, useGetIdentity, useTranslate } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { AuditReasons, FeeLines, payloadOf } from './payload';

const EMPTY = { decision: 'pass' };
const DECISIONS = [
  { id: 'pass', name: 'app.forms.relocation.pass' },
  { id: 'reject', name: 'app.forms.relocation.reject' },
];

/** 移机稽核: the auditor sees why the order is audited and its fees, then passes it or rejects it with a reason. */
export const AuditForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const payload = payloadOf(task);
  const { identity } = useGetIdentity();
  // The server refuses the accepting clerk; the form says so first.
  const own = identity !== undefined && payload.acceptedById !== undefined && String(payload.acceptedById) === String(identity.id);
  return (
    <SimpleForm
      record={EMPTY}
      onSubmit={(values: Record<string, unknown>) =>
        onSubmit(
          values.decision === 'reject'
            ? { decision: 'reject', reason: String(values.reason ?? '').trim() }
            : { decision: 'pass', ...(String(values.note ?? '').trim() ? { note: String(values.note).trim() } : {}) },
        )
      }
      toolbar={<CompleteToolbar />}
      sx={{ padding: 0 }}
    >
      {own && (
        <Alert severity="warning" sx={{ marginBottom: 1 }} data-testid="own-relocation-order">
          {translate('app.errors.reasons.OWN_RELOCATION_ORDER')}
        </Alert>
      )}
      <AuditReasons payload={payload} />
      {payload.lastRejection && <Alert severity="warning">{translate('app.forms.relocation.last_rejection', { reason: payload.lastRejection })}</Alert>}
      <FeeLines payload={payload} />
      <RadioButtonGroupInput source="decision" label="app.forms.relocation.decision" choices={DECISIONS} validate={required()} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.decision === 'reject' ? (
            <TextInput source="reason" label="app.forms.relocation.reject_reason" multiline fullWidth validate={[required(), maxLength(2000)]} />
          ) : (
            <TextInput source="note" label="app.forms.relocation.note" multiline fullWidth validate={maxLength(2000)} />
          )
        }
      </FormDataConsumer>
    </SimpleForm>
  );
};
