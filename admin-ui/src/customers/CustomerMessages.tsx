import { DataTable, ResourceContextProvider } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import { TranslatedField } from '../common/TranslatedField';
import type { CustomerDetail } from '../types';

type Message = CustomerDetail['messages'][number];

/** The latest messages sent to or about the customer, labelled as in the outbox. */
export const CustomerMessages = ({ messages }: { messages: Message[] }) => (
  <ResourceContextProvider value="outbox">
    <DataTable<Message & { id: number }>
      data={messages.map((message, index) => ({ ...message, id: index }))}
      total={messages.length}
      rowClick={false}
      bulkActionButtons={false}
    >
      <DataTable.Col source="channel" disableSort>
        <TranslatedField source="channel" prefix="app.channel" />
      </DataTable.Col>
      <DataTable.Col source="recipient" disableSort />
      {/* The text as sent, in the language it was sent in. */}
      <DataTable.Col source="body" disableSort render={(message: Message) => <span data-testid="message-body">{message.body}</span>} />
      <DataTable.Col source="state" disableSort>
        <TranslatedField source="state" prefix="app.outbox_state" />
      </DataTable.Col>
      <DataTable.Col source="sentAt" field={DateTimeField} disableSort />
    </DataTable>
  </ResourceContextProvider>
);
