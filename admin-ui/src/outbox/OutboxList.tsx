import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { CaseLink } from '../common/CaseLink';
import { choicesOf } from '../common/choices';
import { DateTimeField } from '../common/DateTimeField';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { TranslatedField } from '../common/TranslatedField';
import { MESSAGE_CHANNELS as CHANNELS, MESSAGE_STATES as STATES } from '../../../domain/contracts/outbox';
import type { OutboxMessage } from '../types';

/** The purposes the workflows send for (channels and states: the API's contract). */
const PURPOSES = ['customer-reconnected', 'collector-manual-reconnection', 'task-overdue', 'task-urged'] as const;

const outboxFilters = [
  <SelectInput source="channel" choices={choicesOf('app.channel', CHANNELS)} alwaysOn />,
  <SelectInput source="state" choices={choicesOf('app.outbox_state', STATES)} alwaysOn />,
  <SelectInput source="purpose" choices={choicesOf('app.outbox_purpose', PURPOSES)} />,
  <TextInput source="recipient" />,
];

const OutboxBody = bodyWithRowTestIds('outbox-row');

/** 短信/邮件发件箱: every message the processes sent or tried to send. */
export const OutboxList = () => (
  <List filters={outboxFilters} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
    <DataTable<OutboxMessage> body={OutboxBody} bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="channel" disableSort>
        <TranslatedField source="channel" prefix="app.channel" />
      </DataTable.Col>
      <DataTable.Col source="recipient" disableSort />
      <DataTable.Col source="body" disableSort sx={{ maxWidth: 480, whiteSpace: 'pre-wrap' }} />
      <DataTable.Col source="purpose" disableSort>
        <TranslatedField source="purpose" prefix="app.outbox_purpose" />
      </DataTable.Col>
      <DataTable.Col source="state" disableSort>
        <TranslatedField source="state" prefix="app.outbox_state" />
      </DataTable.Col>
      <DataTable.Col source="lastError" disableSort />
      <DataTable.Col source="caseId" field={CaseLink} disableSort />
      <DataTable.Col source="createdAt" field={DateTimeField} />
      <DataTable.Col source="sentAt" field={DateTimeField} disableSort />
    </DataTable>
  </List>
);
