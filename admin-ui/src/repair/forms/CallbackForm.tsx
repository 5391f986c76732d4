import { FormDataConsumer, maxLength, maxValue, minValue, NumberInput, RadioButtonGroupInput, required, SimpleForm, TextInput } from 'react-admin';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';

const EMPTY = { outcome: 'accept' };
const OUTCOMES = [
  { id: 'accept', name: 'app.forms.repair.accept' },
  { id: 'reject', name: 'app.forms.repair.reject' },
];

/** 回访: the agent records the customer's rating, or rejects the repair back to the crew. */
export const CallbackForm = ({ onSubmit }: StepFormProps) => (
  <SimpleForm
    record={EMPTY}
    onSubmit={(values: Record<string, unknown>) =>
      onSubmit(
        values.outcome === 'reject'
          ? { outcome: 'reject', reason: String(values.reason ?? '').trim() }
          : { outcome: 'accept', rating: Number(values.rating), ...(String(values.comment ?? '').trim() ? { comment: String(values.comment).trim() } : {}) },
      )
    }
    toolbar={<CompleteToolbar />}
    sx={{ padding: 0 }}
  >
    <RadioButtonGroupInput source="outcome" label="app.forms.repair.outcome" choices={OUTCOMES} validate={required()} />
    <FormDataConsumer>
      {({ formData }) =>
        formData.outcome === 'reject' ? (
          <TextInput source="reason" label="app.forms.repair.reason" multiline fullWidth validate={[required(), maxLength(2000)]} />
        ) : (
          <>
            <NumberInput source="rating" label="app.forms.repair.rating" validate={[required(), minValue(1), maxValue(5)]} />
            <TextInput source="comment" label="app.forms.repair.comment" multiline fullWidth validate={maxLength(2000)} />
          </>
        )
      }
    </FormDataConsumer>
  </SimpleForm>
);
