import { FormDataConsumer, maxLength, RadioButtonGroupInput, required, SimpleForm, TextInput } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';

const EMPTY = { decision: 'paid' };
const DECISIONS = [
  { id: 'paid', name: 'app.forms.repair.paid' },
  { id: 'waived', name: 'app.forms.repair.waived' },
];

/** 赔偿确认: the cashier confirms payment, or it is waived with a reason. */
export const CompensationForm = ({ onSubmit }: StepFormProps) => (
  <SimpleForm
    record={EMPTY}
    onSubmit={(values: Record<string, unknown>) => onSubmit(values.decision === 'waived' ? { decision: 'waived', reason: String(values.reason ?? '').trim() } : { decision: 'paid' })}
    toolbar={<CompleteToolbar />}
    sx={{ padding: 0 }}
  >
    <RadioButtonGroupInput source="decision" label="app.forms.repair.decision" choices={DECISIONS} validate={required()} />
    <FormDataConsumer>
      {({ formData }) => formData.decision === 'waived' && <TextInput source="reason" label="app.forms.repair.reason" multiline fullWidth validate={[required(), maxLength(2000)]} />}
    </FormDataConsumer>
  </SimpleForm>
);
