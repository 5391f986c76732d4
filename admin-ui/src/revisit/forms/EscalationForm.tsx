import { maxLength, required, SimpleForm, TextInput } from 'react-admin';
import { ESCALATION_NOTE_MAX } from '../../../../domain/revisit/forms';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { FirstCallFindings, payloadOf, RatingFacts, RevisitHistory } from './payload';
import { escalationResult } from './results';

const EMPTY = {};

/**
 * 升级处理: the customer is not recovered. The next level of management reads the whole history —
 * the bad review, the calls and who made them, what the first call found, the recovery check —
 * and acknowledges it, saying what follows.
 */
export const EscalationForm = ({ task, onSubmit }: StepFormProps) => {
  const payload = payloadOf(task);
  return (
    <SimpleForm record={EMPTY} onSubmit={(values: Record<string, unknown>) => onSubmit({ ...escalationResult(values) })} toolbar={<CompleteToolbar />} sx={{ padding: 0 }}>
      <RatingFacts payload={payload} />
      <RevisitHistory payload={payload} />
      <FirstCallFindings payload={payload} />
      <TextInput source="note" label="app.forms.revisit.escalation_note" multiline fullWidth validate={[required(), maxLength(ESCALATION_NOTE_MAX)]} />
    </SimpleForm>
  );
};
