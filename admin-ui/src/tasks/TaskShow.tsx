import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RecordField, Show, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import { KeyValueList } from '../common/KeyValueList';
import { RoleChips } from '../common/RoleChips';
import { Section } from '../common/Section';
import { StepField } from '../common/StepField';
import { TranslatedField } from '../common/TranslatedField';
import type { Task } from '../types';
import { ApplicationSummary } from './ApplicationSummary';
import { AssigneeField } from './AssigneeField';
import { TaskActions } from './actions/TaskActions';
import { CaseTimeline } from './CaseTimeline';
import { CompleteTaskPanel } from './CompleteTaskPanel';
import { CustomerCell } from './CustomerCell';
import { DueField } from './DueField';
import { PriorityField } from './PriorityField';
import { TaskTitleField } from './TaskTitleField';
import { useTaskTexts } from './taskTexts';

export const TaskShow = () => (
  <Show actions={<TaskActions />} title={<TaskPageTitle />}>
    <TaskPage />
  </Show>
);

/** "待办 <title>" in the reader's language, not the stored title. */
const TaskPageTitle = () => {
  const task = useRecordContext<Task>();
  const translate = useTranslate();
  const texts = useTaskTexts();
  return <span>{task ? `${translate('resources.tasks.name', { smart_count: 1 })} ${texts.title(task)}` : ''}</span>;
};

/**
 * The payload as people read it: an approval's level by its number, not the designer's name
 * for it (free text in one language).
 */
function shownPayload(task: Task, approvalLevel: (level: number) => string): Record<string, unknown> {
  const payload = { ...task.payload };
  const level = task.titleParams.level;
  if (task.titleCode === 'disconnection-approval' && typeof level === 'number' && 'level' in payload) payload.level = approvalLevel(level);
  return payload;
}

/** An approval shows the application it decides on: its customers, their arrears, the applicant. */
const APPROVAL_STEP = 'disconnection-approval';

const TaskPage = () => {
  const task = useRecordContext<Task>();
  const texts = useTaskTexts();
  const translate = useTranslate();
  if (!task) return null;
  return (
    <Grid container spacing={4} sx={{ padding: 2 }}>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Section title="app.task.section.details">
          <Stack spacing={1}>
            <RecordField source="title" variant="inline" field={TaskTitleField} />
            <RecordField source="state" variant="inline" field={TaskStateField} />
            <RecordField source="step" variant="inline" field={StepField} />
            <RecordField source="customerName" variant="inline" field={CustomerCell} />
            <RecordField source="dueAt" variant="inline" field={DueField} />
            <RecordField source="priority" variant="inline" field={PriorityField} />
            <RecordField source="assigneeName" variant="inline" field={AssigneeField} />
            <RecordField source="urgeCount" variant="inline" />
            <RecordField source="escalationLevel" variant="inline" />
            <RecordField source="createdAt" variant="inline" field={DateTimeField} />
            {task.completedAt && <RecordField source="completedAt" variant="inline" field={DateTimeField} />}
            {task.completedByName && <RecordField source="completedByName" variant="inline" />}
          </Stack>
        </Section>
        <Section title="app.task.section.routing">
          <Typography variant="body2" data-testid="task-routing-reason" gutterBottom>
            {texts.routing(task)}
          </Typography>
          {task.candidateRoles.length > 0 && <RecordField source="candidateRoles" variant="inline" field={RoleChips} />}
        </Section>
        {task.step === APPROVAL_STEP ? (
          <Section title="app.task.section.application">
            <ApplicationSummary task={task} />
          </Section>
        ) : (
          <Section title="app.task.section.payload">
            <KeyValueList values={shownPayload(task, (level) => translate('app.approval_level', { level }))} people={task.people} />
          </Section>
        )}
        {task.result && (
          <Section title="app.task.section.result">
            <KeyValueList values={task.result} people={task.people} />
          </Section>
        )}
        <CompleteTaskPanel />
      </Grid>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Section title="app.task.section.timeline">
          <CaseTimeline caseId={task.caseId} />
        </Section>
      </Grid>
    </Grid>
  );
};

const TaskStateField = () => <TranslatedField source="state" prefix="app.task_state" />;
