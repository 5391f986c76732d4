import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { BooleanInput, FormDataConsumer, maxLength, RadioButtonGroupInput, required, SelectInput, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { ACTION_MAX, NOTE_MAX, RESPONSIBLE_MAX, SAID_MAX } from '../../../../domain/revisit/forms';
import { CompleteToolbar } from '../../tasks/forms/CompleteToolbar';
import type { StepFormProps } from '../../tasks/forms/types';
import { causeChoices, causeTreeOf } from '../causes';
import { payloadOf, RatingFacts, useCauseWords } from './payload';
import { contactResult } from './results';

const EMPTY = {};
const OUTCOMES = [
  { id: 'no-answer', name: 'app.forms.revisit.no_answer' },
  { id: 'reached', name: 'app.forms.revisit.reached' },
];

/**
 * 首次联系: the supervisor calls the customer about the bad review. No answer counts the attempt
 * (the next follows after the policy's interval); reached records the cause — a leaf of the
 * policy's cause tree — what the customer said, the corrective action and who is responsible —
 * and, when the rated order can be redone, may send it back to whoever did it.
 */
export const ContactForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const payload = payloadOf(task);
  const { word, path } = useCauseWords();
  const choices = causeChoices(causeTreeOf(payload.causes), word, path);
  const last = payload.attempt !== undefined && payload.attemptsAllowed !== undefined && payload.attempt >= payload.attemptsAllowed;
  return (
    <SimpleForm record={EMPTY} onSubmit={(values: Record<string, unknown>) => onSubmit(contactResult(values))} toolbar={<CompleteToolbar />} sx={{ padding: 0 }}>
      {payload.attempt !== undefined && payload.attemptsAllowed !== undefined && (
        <Typography variant="h6" data-testid="revisit-attempt">
          {translate('app.forms.revisit.attempt', { attempt: payload.attempt, attemptsAllowed: payload.attemptsAllowed })}
        </Typography>
      )}
      {last && (
        <Alert severity="warning" sx={{ marginBottom: 1 }} data-testid="revisit-last-attempt">
          {translate('app.forms.revisit.last_attempt')}
        </Alert>
      )}
      <RatingFacts payload={payload} />
      <RadioButtonGroupInput source="outcome" label="app.forms.revisit.outcome" choices={OUTCOMES} validate={required()} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.outcome === 'reached' ? (
            <>
              <SelectInput source="causeCode" label="app.forms.revisit.cause" choices={choices} translateChoice={false} validate={required()} sx={{ minWidth: 320 }} />
              <TextInput source="said" label="app.forms.revisit.said" multiline fullWidth validate={[required(), maxLength(SAID_MAX)]} />
              <TextInput source="action" label="app.forms.revisit.action" multiline fullWidth validate={[required(), maxLength(ACTION_MAX)]} />
              <TextInput source="responsible" label="app.forms.revisit.responsible" fullWidth validate={[required(), maxLength(RESPONSIBLE_MAX)]} />
              {payload.reopenable && <BooleanInput source="reopen" label="app.forms.revisit.reopen" />}
            </>
          ) : formData.outcome === 'no-answer' ? (
            <TextInput source="note" label="app.forms.revisit.note" multiline fullWidth validate={maxLength(NOTE_MAX)} />
          ) : null
        }
      </FormDataConsumer>
    </SimpleForm>
  );
};
