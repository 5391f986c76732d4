import Alert from '@mui/material/Alert';
import { maxLength, RadioButtonGroupInput, required, SimpleForm, TextInput, useGetIdentity, useTranslate } from 'react-admin';
import { CompleteToolbar } from './CompleteToolbar';
import type { StepFormProps } from './types';

const EMPTY = { decision: 'approve' };
const DECISIONS = [
  { id: 'approve', name: 'app.forms.approval.approve' },
  { id: 'reject', name: 'app.forms.approval.reject' },
];

/**
 * 欠费停电审批: the approver decides, always with an opinion, having read the application
 * above it (TaskShow's ApplicationSummary). The server refuses the applicant; the form says
 * so before they write an opinion for nothing.
 */
export const ApprovalForm = ({ task, onSubmit }: StepFormProps) => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const applicantId = (task.payload as { applicantId?: unknown }).applicantId;
  const ownApplication = identity !== undefined && applicantId !== undefined && String(applicantId) === String(identity.id);
  return (
    <SimpleForm
      record={EMPTY}
      onSubmit={(values: Record<string, unknown>) => onSubmit({ decision: values.decision, opinion: String(values.opinion ?? '').trim() })}
      toolbar={<CompleteToolbar />}
      sx={{ padding: 0 }}
    >
      {ownApplication && (
        <Alert severity="warning" sx={{ marginBottom: 2 }} data-testid="own-application">
          {translate('app.errors.reasons.OWN_APPLICATION')}
        </Alert>
      )}
      <RadioButtonGroupInput source="decision" label="app.forms.approval.decision" choices={DECISIONS} validate={required()} />
      <TextInput source="opinion" label="app.forms.approval.opinion" multiline minRows={2} fullWidth validate={[required(), maxLength(2000)]} />
    </SimpleForm>
  );
};
