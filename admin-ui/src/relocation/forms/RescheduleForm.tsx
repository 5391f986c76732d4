import Alert from '@mui/material/Alert';
import { DateInput, FormDataConsumer, maxLength, required, SelectInput, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { payloadOf, useSlotName } from './payload';

const EMPTY = {};

/**
 * 重新预约: after a failed installation a clerk picks a new date and one of the policy's slots;
 * slots known to be full that day are marked and refused here, and a slot taken meanwhile
 * brings the task back with the refusal shown.
 */
export const RescheduleForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const slotName = useSlotName();
  const payload = payloadOf(task);
  const full = payload.fullSlots ?? [];
  const isFull = (date: unknown, slot: unknown) => full.some((booked) => booked.date === date && booked.slot === slot);
  const notFull = (slot: unknown, values: Record<string, unknown>) => (isFull(values.date, slot) ? 'app.errors.reasons.SLOT_FULL' : undefined);
  return (
    <SimpleForm
      record={EMPTY}
      onSubmit={(values: Record<string, unknown>) =>
        onSubmit({ date: String(values.date ?? ''), slot: String(values.slot ?? ''), ...(String(values.note ?? '').trim() ? { note: String(values.note).trim() } : {}) })
      }
      toolbar={<CompleteToolbar />}
      sx={{ padding: 0 }}
    >
      {payload.installFailure && <Alert severity="warning">{translate('app.forms.relocation.install_failure', { reason: payload.installFailure })}</Alert>}
      {payload.refusal && (
        <Alert severity="error" data-testid="relocation-slot-refused">
          {translate('app.forms.relocation.refused_full', { date: payload.refusal.params.date, slot: slotName(payload.refusal.params.slot) })}
        </Alert>
      )}
      <DateInput source="date" label="app.forms.relocation.date" validate={required()} />
      <FormDataConsumer>
        {({ formData }) => (
          <SelectInput
            source="slot"
            label="app.forms.relocation.slot"
            choices={(payload.slots ?? []).map((slot) => ({
              id: slot.code,
              name: `${slotName(slot.code)}${isFull(formData.date, slot.code) ? translate('app.forms.relocation.full') : ''}`,
            }))}
            validate={[required(), notFull]}
          />
        )}
      </FormDataConsumer>
      <TextInput source="note" label="app.forms.relocation.note" multiline fullWidth validate={maxLength(2000)} />
    </SimpleForm>
  );
};
