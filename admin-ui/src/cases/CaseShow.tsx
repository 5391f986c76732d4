import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { CanAccess, DataTable, Link, RecordField, ResourceContextProvider, Show, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import { AuditTimeline, CaseAuditActions } from '../audit';
import { DateTimeField } from '../common/DateTimeField';
import { Section } from '../common/Section';
import { StepField } from '../common/StepField';
import { Timeline } from '../common/Timeline';
import { TranslatedField } from '../common/TranslatedField';
import { DisconnectionProgress } from '../disconnections/DisconnectionProgress';
import { AssigneeField } from '../tasks/AssigneeField';
import { TaskTitleField } from '../tasks/TaskTitleField';
import { CasePageTitle, CaseTitleField } from './caseTitle';
import type { Case, CaseDetail, Shown, Task } from '../types';

/** One case: where it stands now and everything that happened, for staff and auditors. */
export const CaseShow = () => (
  <Show title={<CasePageTitle />}>
    <CasePage />
  </Show>
);

const CasePage = () => {
  const record = useRecordContext<Shown<Case, CaseDetail>>();
  if (!record) return null;
  return (
    <Grid container spacing={4} sx={{ padding: 2 }}>
      {/* First: a case of thousands of customers has a timeline too long to scroll past. */}
      {record.type === 'disconnection' && (
        <Grid size={12}>
          <DisconnectionProgress caseId={record.id} workflowId={record.workflowId} />
        </Grid>
      )}
      <Grid size={{ xs: 12, lg: 5 }}>
        <Section title="app.case.section.details">
          <Stack spacing={1}>
            <RecordField source="title" variant="inline" field={CaseTitleField} />
            <RecordField source="type" variant="inline" field={CaseTypeField} />
            <RecordField source="state" variant="inline" field={CaseStateField} />
            <RecordField source="currentStep" variant="inline" field={StepField} />
            {/* A disconnection case covers many customers: they are listed with their outcomes. */}
            {record.customerNo && <RecordField source="customerName" variant="inline" />}
            {record.customerNo && <RecordField source="customerNo" variant="inline" />}
            <RecordField source="startedAt" variant="inline" field={DateTimeField} />
            <RecordField source="policyVersion" label="app.policy.case_policy" variant="inline" field={CasePolicyVersion} />
            {record.closedAt && <RecordField source="closedAt" variant="inline" field={DateTimeField} />}
            <CaseAuditActions caseId={record.id} />
          </Stack>
        </Section>
        <Section title="app.case.section.tasks">
          <CaseTasks tasks={record.tasks ?? []} />
        </Section>
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Section title="app.case.section.timeline">
          {/* Auditors read the chain itself: every event with its hash, decoded frames, paged. */}
          <CanAccess resource="audit" action="search" accessDenied={<CaseTimeline record={record} />}>
            <AuditTimeline kind="case" subjectKey={String(record.id)} showHeading={false} />
          </CanAccess>
        </Section>
      </Grid>
    </Grid>
  );
};

const CaseTimeline = ({ record }: { record: Shown<Case, CaseDetail> }) => (
  <>
    <PerCustomerRecordsNote omitted={record.timelineOmitted} />
    <Timeline entries={record.timeline ?? []} />
  </>
);

/** The case's tasks, each opening its task page. */
const CaseTasks = ({ tasks }: { tasks: Task[] }) => (
  // The rows are tasks: their labels and links come from the tasks resource, not cases.
  <ResourceContextProvider value="tasks">
    <DataTable<Task>
      data={tasks}
      total={tasks.length}
      sort={{ field: 'createdAt', order: 'ASC' }}
      rowClick="show"
      bulkActionButtons={false}
      // Too narrow for its columns, it scrolls rather than squeezing them.
      sx={{ maxWidth: '100%', '& .RaDataTable-tableWrapper': { overflowX: 'auto' } }}
    >
      {/* A narrow page must not stack 状态, 处理人 or a name one character per line. */}
      <DataTable.Col source="title" field={TaskTitleField} disableSort sx={{ minWidth: 160 }} />
      <DataTable.Col source="state" disableSort sx={{ whiteSpace: 'nowrap', minWidth: 72 }}>
        <TranslatedField source="state" prefix="app.task_state" />
      </DataTable.Col>
      <DataTable.Col source="assigneeName" field={AssigneeField} disableSort sx={{ whiteSpace: 'nowrap', minWidth: 96 }} />
      <DataTable.Col source="completedAt" field={DateTimeField} disableSort sx={{ whiteSpace: 'nowrap' }} />
    </DataTable>
  </ResourceContextProvider>
);

const PerCustomerRecordsNote = ({ omitted }: { omitted?: CaseDetail['timelineOmitted'] }) => {
  const translate = useTranslate();
  if (!omitted || omitted.events + omitted.messages === 0) return null;
  return (
    <Typography variant="body2" color="text.secondary" sx={{ marginBottom: 1 }} data-testid="timeline-omitted">
      {translate('app.case.per_customer_elsewhere', omitted)}
    </Typography>
  );
};

const CaseTypeField = () => <TranslatedField source="type" prefix="app.case_type" />;
const CaseStateField = () => <TranslatedField source="state" prefix="app.case_state" />;

/** The policy version the case started under (its workflow read it once), linking to that version. */
const CasePolicyVersion = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const record = useRecordContext<Case & { policyVersion?: { id: number; version: number; key: string } | null }>();
  const policy = record?.policyVersion;
  // Undefined: the list's copy of the case, before its own answer arrives.
  if (policy === undefined) return null;
  if (!policy) {
    return (
      <Typography component="span" variant="body2" data-testid="case-policy-version">
        {translate('app.policy.case_policy_none')}
      </Typography>
    );
  }
  return (
    <Link to={createPath({ resource: 'policies', id: policy.id, type: 'show' })} data-testid="case-policy-version">
      {translate('app.policy.version', { version: policy.version })}
    </Link>
  );
};
