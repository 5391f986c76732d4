import PrintIcon from '@mui/icons-material/Print';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Button, CanAccess, DataTable, Link, NumberField, RecordField, Show, TopToolbar, useCanAccess, useCreatePath, useLocaleState, useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { RepairOrder } from '../../../domain/contracts/repair';
import { AuditTimeline } from '../audit';
import { CaseLink } from '../common/CaseLink';
import { DateTimeField } from '../common/DateTimeField';
import { Section } from '../common/Section';
import { useStepLabel } from '../common/steps';
import { TranslatedField } from '../common/TranslatedField';
import { CaseTimeline } from '../tasks/CaseTimeline';
import { CrewReportBlank } from './CrewReportBlank';
import { PhotoStrip } from './PhotoStrip';
import { CategoryField, RatingField, RepairCustomerField, RepairPriorityField, SlaField } from './fields';
import { NO_PRINT, RepairPrintStyles } from './printStyles';
import { UrgeOrderButton } from './UrgeOrderButton';
import { RepairProgressPanel } from './RepairProgressPanel';
import { OrderCalls } from './calls';

type Alarm = NonNullable<RepairOrder['alarms']>[number];
type Part = NonNullable<RepairOrder['parts']>[number];
type Compensation = NonNullable<RepairOrder['compensations']>[number];

const Title = () => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  return <>{`${translate('app.repair_order.section.details')} ${record?.orderNo ?? ''}`}</>;
};

const ShowActions = () => (
  <TopToolbar className={NO_PRINT}>
    <UrgeOrderButton />
    <Button label="app.repair_order.print" onClick={() => window.print()} data-testid="repair-print">
      <PrintIcon />
    </Button>
  </TopToolbar>
);

/** One repair order: its details, alarms, parts, compensation, callback and case timeline; printable as a work order. */
export const RepairOrderShow = () => (
  <Show title={<Title />} actions={<ShowActions />}>
    <RepairPrintStyles />
    <RepairOrderPage />
  </Show>
);

const RepairOrderPage = () => {
  const record = useRecordContext<RepairOrder>();
  if (!record) return null;
  return (
    <Grid container spacing={4} sx={{ padding: 2 }}>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Section title="app.repair_order.section.details">
          <Stack spacing={1}>
            <RecordField source="orderNo" variant="inline" />
            <RecordField source="source" variant="inline" field={SourceField} />
            <RecordField source="customerName" variant="inline" field={RepairCustomerField} />
            <RecordField source="category" variant="inline" field={CategoryField} />
            <RecordField source="description" variant="inline" field={DescriptionField} />
            <RecordField source="place" variant="inline" />
            {record.contactPhone && <RecordField source="contactPhone" variant="inline" />}
            <RecordField source="priority" variant="inline" field={RepairPriorityField} />
            <RecordField source="state" variant="inline" field={StateField} />
            <RecordField source="slaStage" variant="inline" field={SlaField} />
            {record.crewName && <RecordField source="crewName" variant="inline" />}
            {record.crewTeamName && <RecordField source="crewTeamName" variant="inline" />}
            {record.handlerName && <RecordField source="handlerName" variant="inline" />}
            <RecordField source="urgeCount" variant="inline" field={NumberField} />
            {record.deviceId && <RecordField source="deviceId" variant="inline" />}
            {record.alarmCode && <RecordField source="alarmCode" variant="inline" />}
            {(record.affectedCustomers?.length ?? 0) > 1 && <RecordField source="affectedCustomers" variant="inline" field={AffectedCustomersField} />}
            <RecordField source="openedAt" variant="inline" field={DateTimeField} />
            {record.closedAt && <RecordField source="closedAt" variant="inline" field={DateTimeField} />}
            {record.doneAt && <RecordField source="doneAt" variant="inline" field={DateTimeField} />}
            {record.caseId && <RecordField source="caseId" variant="inline" field={CaseLink} />}
            <OpenTaskLink />
          </Stack>
        </Section>
        <Section title="app.repair_order.section.callback">
          <Stack spacing={1}>
            <RecordField source="rating" variant="inline" field={RatingField} />
            {record.ratingComment && <RecordField source="ratingComment" variant="inline" />}
            <RecordField source="loopCount" variant="inline" field={NumberField} />
            {(record.revisits?.length ?? 0) > 0 && <RecordField source="revisits" variant="inline" field={RevisitsField} />}
          </Stack>
        </Section>
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Section title="app.repair_photo.section">
          <PhotoStrip />
        </Section>
        {record.alarmCount > 0 && (
          <Section title="app.repair_order.section.alarms">
            <AlarmTable alarms={record.alarms ?? []} />
          </Section>
        )}
        <RepairProgressPanel />
        <OrderCalls />
        <Section title="app.repair_order.section.parts">
          <PartTable parts={record.parts ?? []} />
        </Section>
        <Section title="app.repair_order.section.compensation">
          <CompensationTable compensations={record.compensations ?? []} />
        </Section>
        <CrewReportBlank />
        {record.caseId && (
          <div className={NO_PRINT}>
            <Section title="app.repair_order.section.timeline">
              {/* Auditors read the chain itself, as on the case page. */}
              <CanAccess resource="audit" action="search" accessDenied={<CaseTimeline caseId={record.caseId} />}>
                <AuditTimeline kind="case" subjectKey={String(record.caseId)} showHeading={false} />
              </CanAccess>
            </Section>
          </div>
        )}
      </Grid>
    </Grid>
  );
};

/** An alarm's order is described by its alarm code, worded in the reader's language; others by the caller's words. */
const DescriptionField = (_props: FieldProps) => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2">
      {record.source === 'alarm' ? translate('app.repair_order.alarm_description', { code: record.alarmCode ?? record.description }) : record.description}
    </Typography>
  );
};

/** The revisits after this order's bad reviews, each a link for those who may open it; the one that reopened the order says so. */
const RevisitsField = (_props: FieldProps) => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ resource: 'revisits', action: 'show' });
  return (
    <Stack component="span" spacing={0.5} data-testid="repair-revisits">
      {(record?.revisits ?? []).map((revisit) => {
        const state = revisit.outcome ? translate(`app.revisit.outcome.${revisit.outcome}`) : translate(`app.revisit.state.${revisit.state}`);
        const text = translate('app.repair_order.revisit', { revisitNo: revisit.revisitNo, state });
        return (
          <Typography key={revisit.id} component="span" variant="body2">
            {canAccess ? <Link to={createPath({ resource: 'revisits', id: revisit.id, type: 'show' })}>{text}</Link> : text}
            {revisit.reopenedAt && ` · ${translate('app.repair_order.revisit_reopened')}`}
          </Typography>
        );
      })}
    </Stack>
  );
};

/** Every customer the alarm map named for the device when the alarm came, by name. */
const AffectedCustomersField = (_props: FieldProps) => {
  const record = useRecordContext<RepairOrder>();
  return (
    <Typography component="span" variant="body2" data-testid="repair-affected-customers">
      {(record?.affectedCustomers ?? []).map((c) => `${c.name} (${c.customerNo})`).join(', ')}
    </Typography>
  );
};

const SourceField = (_props: FieldProps) => <TranslatedField source="source" prefix="app.repair_order.source" />;
const StateField = (_props: FieldProps) => <TranslatedField source="state" prefix="app.repair_order.state" />;

/** The open task of the order's current step, named by its step; the place to complete it. */
const OpenTaskLink = () => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const stepLabel = useStepLabel();
  if (!record) return null;
  if (!record.openTaskId || !record.openTaskStep) {
    return (
      <Typography variant="body2" color="text.secondary" className={NO_PRINT}>
        {translate('app.repair_order.no_open_task')}
      </Typography>
    );
  }
  return (
    <Link to={createPath({ resource: 'tasks', id: record.openTaskId, type: 'show' })} className={NO_PRINT} data-testid="repair-open-task">
      {translate('app.repair_order.open_task', { step: stepLabel(record.openTaskStep) })}
    </Link>
  );
};

const None = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary">
      {translate('app.repair_order.none')}
    </Typography>
  );
};

const AlarmTable = ({ alarms }: { alarms: Alarm[] }) => (
  <DataTable<Alarm> data={alarms} total={alarms.length} sort={{ field: 'id', order: 'DESC' }} rowClick={false} bulkActionButtons={false} empty={<None />}>
    <DataTable.Col source="alarmCode" disableSort />
    <DataTable.Col source="severity" disableSort>
      <TranslatedField source="severity" prefix="app.repair_order.severity" />
    </DataTable.Col>
    <DataTable.Col source="clearing" field={ClearingField} disableSort />
    <DataTable.Col source="raisedAt" field={DateTimeField} disableSort />
    <DataTable.Col source="receivedAt" field={DateTimeField} disableSort />
  </DataTable>
);

const ClearingField = (_props: FieldProps) => {
  const record = useRecordContext<Alarm>();
  const translate = useTranslate();
  return record?.clearing ? <Typography variant="body2">{translate('app.repair_order.alarm_clearing')}</Typography> : null;
};

const PartTable = ({ parts }: { parts: Part[] }) => (
  <DataTable<Part> data={parts} total={parts.length} sort={{ field: 'id', order: 'ASC' }} rowClick={false} bulkActionButtons={false} empty={<None />}>
    <DataTable.Col source="oldSerial" disableSort />
    <DataTable.Col source="newSerial" disableSort />
    <DataTable.Col source="installed" field={InstalledField} disableSort />
    <DataTable.Col source="recordedByName" disableSort />
    <DataTable.Col source="recordedAt" field={DateTimeField} disableSort />
  </DataTable>
);

const InstalledField = (_props: FieldProps) => {
  const record = useRecordContext<Part>();
  const translate = useTranslate();
  if (!record) return null;
  return <Typography variant="body2">{translate(record.installed ? 'app.repair_order.part_installed' : 'app.repair_order.part_removed')}</Typography>;
};

const CompensationTable = ({ compensations }: { compensations: Compensation[] }) => (
  <DataTable<Compensation> data={compensations} total={compensations.length} sort={{ field: 'id', order: 'ASC' }} rowClick={false} bulkActionButtons={false} empty={<None />}>
    <DataTable.Col source="liableParty" disableSort />
    <DataTable.Col source="amountFen" field={MoneyField} disableSort align="right" />
    <DataTable.Col source="state" label="resources.repair_orders.fields.compensationState" disableSort>
      <TranslatedField source="state" prefix="app.repair_order.compensation_state" />
    </DataTable.Col>
    <DataTable.Col source="reason" disableSort />
    <DataTable.Col source="settledByName" disableSort />
    <DataTable.Col source="settledAt" field={DateTimeField} disableSort />
  </DataTable>
);

/** Money travels in fen (1/100 yuan). */
const MoneyField = (_props: FieldProps) => {
  const record = useRecordContext<Compensation>();
  const [locale] = useLocaleState();
  if (!record) return null;
  return <Typography variant="body2">{(record.amountFen / 100).toLocaleString(locale, { style: 'currency', currency: 'CNY' })}</Typography>;
};
