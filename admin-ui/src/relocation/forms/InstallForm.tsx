import Typography from '@mui/material/Typography';
import { FormDataConsumer, maxLength, RadioButtonGroupInput, required, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { payloadOf, useSlotName } from './payload';

const EMPTY = { outcome: 'installed' };
const OUTCOMES = [
  { id: 'installed', name: 'app.forms.relocation.installed' },
  { id: 'not-installed', name: 'app.forms.relocation.not_installed' },
];

/** 移机装机: the team installed the line at the new address, or says why it could not (a clerk then books again). */
export const InstallForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const slotName = useSlotName();
  const payload = payloadOf(task);
  return (
    <SimpleForm
      record={EMPTY}
      onSubmit={(values: Record<string, unknown>) =>
        onSubmit(
          values.outcome === 'not-installed'
            ? { outcome: 'not-installed', reason: String(values.reason ?? '').trim() }
            : { outcome: 'installed', ...(String(values.note ?? '').trim() ? { note: String(values.note).trim() } : {}) },
        )
      }
      toolbar={<CompleteToolbar />}
      sx={{ padding: 0 }}
    >
      <Typography variant="body2">{translate('app.forms.relocation.appointment', { date: payload.appointmentDate ?? '—', slot: slotName(payload.appointmentSlot), team: payload.teamName ?? '—' })}</Typography>
      <RadioButtonGroupInput source="outcome" label="app.forms.relocation.outcome" choices={OUTCOMES} validate={required()} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.outcome === 'not-installed' ? (
            <TextInput source="reason" label="app.forms.relocation.not_installed_reason" multiline fullWidth validate={[required(), maxLength(2000)]} />
          ) : (
            <TextInput source="note" label="app.forms.relocation.note" multiline fullWidth validate={maxLength(2000)} />
          )
        }
      </FormDataConsumer>
    </SimpleForm>
  );
};
