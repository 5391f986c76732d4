import { maxLength, RadioButtonGroupInput, required, SimpleForm, TextInput } from 'react-admin';
import { CompleteToolbar } from './CompleteToolbar';
import type { StepFormProps } from './types';

const EMPTY = { decision: 'approve' };
const DECISIONS = [
  { id: 'approve', name: 'app.forms.approval.approve' },
  { id: 'reject', name: 'app.forms.approval.reject' },
];

/** 欠费停电审批: the approver decides, always with an opinion; the server refuses the applicant. */
export const ApprovalForm = ({ onSubmit }: StepFormProps) => (
  <SimpleForm
    record={EMPTY}
    onSubmit={(values: Record<string, unknown>) => onSubmit({ decision: values.decision, opinion: String(values.opinion ?? '').trim() })}
    toolbar={<CompleteToolbar />}
    sx={{ padding: 0 }}
  >
    <RadioButtonGroupInput source="decision" label="app.forms.approval.decision" choices={DECISIONS} validate={required()} />
    <TextInput source="opinion" label="app.forms.approval.opinion" multiline minRows={2} fullWidth validate={[required(), maxLength(2000)]} />
  </SimpleForm>
);
