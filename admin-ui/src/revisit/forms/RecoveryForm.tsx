import { maxLength, RadioButtonGroupInput, required, SimpleForm, TextInput } from 'react-admin';
import { NOTE_MAX } from '../../../../domain/revisit/forms';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { FirstCallFindings, payloadOf, RatingFacts } from './payload';
import { RECOVERED_CHOICES, recoveryResult } from './results';

const EMPTY = {};
const CHOICES = [
  { id: RECOVERED_CHOICES[0], name: 'app.forms.revisit.recovered_yes' },
  { id: RECOVERED_CHOICES[1], name: 'app.forms.revisit.recovered_no' },
];

/** 回访复核: some days after the call, is the customer satisfied now? Not recovered goes to the next level of management. */
export const RecoveryForm = ({ task, onSubmit }: StepFormProps) => {
  const payload = payloadOf(task);
  return (
    <SimpleForm record={EMPTY} onSubmit={(values: Record<string, unknown>) => onSubmit({ ...recoveryResult(values) })} toolbar={<CompleteToolbar />} sx={{ padding: 0 }}>
      <RatingFacts payload={payload} />
      <FirstCallFindings payload={payload} />
      <RadioButtonGroupInput source="recovered" label="app.forms.revisit.recovered" choices={CHOICES} validate={required()} row={false} />
      <TextInput source="note" label="app.forms.revisit.note" multiline fullWidth validate={maxLength(NOTE_MAX)} />
    </SimpleForm>
  );
};
