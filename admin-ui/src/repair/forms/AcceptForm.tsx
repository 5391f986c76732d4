import { FormDataConsumer, maxLength, RadioButtonGroupInput, required, SimpleForm, TextInput } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';

const EMPTY = { decision: 'accept' };
const DECISIONS = [
  { id: 'accept', name: 'app.forms.repair.accept' },
  { id: 'refuse', name: 'app.forms.repair.refuse' },
];

/** 接单: the crew member accepts, or refuses with a reason (back to the dispatcher). */
export const AcceptForm = ({ onSubmit }: StepFormProps) => (
  <SimpleForm
    record={EMPTY}
    onSubmit={(values: Record<string, unknown>) => onSubmit(values.decision === 'refuse' ? { decision: 'refuse', reason: String(values.reason ?? '').trim() } : { decision: 'accept' })}
    toolbar={<CompleteToolbar />}
    sx={{ padding: 0 }}
  >
    <RadioButtonGroupInput source="decision" label="app.forms.repair.decision" choices={DECISIONS} validate={required()} />
    <FormDataConsumer>
      {({ formData }) => formData.decision === 'refuse' && <TextInput source="reason" label="app.forms.repair.reason" multiline fullWidth validate={[required(), maxLength(2000)]} />}
    </FormDataConsumer>
  </SimpleForm>
);
