import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import { BooleanField, CanAccess, EditButton, RecordField, Show, TopToolbar, useRecordContext } from 'react-admin';
import { AuditTimeline } from '../audit';
import { DateTimeField } from '../common/DateTimeField';
import { Section } from '../common/Section';
import { Timeline } from '../common/Timeline';
import { TranslatedField } from '../common/TranslatedField';
import type { Customer, CustomerDetail, Shown } from '../types';
import { ArrearsField } from './ArrearsField';
import { CustomerMessages } from './CustomerMessages';
import { CustomerWorkOrders } from './CustomerWorkOrders';
import { SupplyStatusField } from './SupplyStatusField';

// EditButton hides itself unless the permission table grants customers.update.
const CustomerActions = () => (
  <TopToolbar>
    <EditButton label="app.customer.edit_eligibility" data-testid="action-edit-eligibility" />
  </TopToolbar>
);

export const CustomerShow = () => (
  <Show actions={<CustomerActions />}>
    <CustomerPage />
  </Show>
);

const CustomerPage = () => {
  const customer = useRecordContext<Shown<Customer, CustomerDetail>>();
  if (!customer) return null;
  return (
    <Grid container spacing={4} sx={{ padding: 2 }}>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Section title="app.customer.section.details">
          <Stack spacing={1}>
            <RecordField source="customerNo" variant="inline" />
            <RecordField source="name" variant="inline" />
            <RecordField source="type" variant="inline" field={CustomerTypeField} />
            <RecordField source="address" variant="inline" />
            <RecordField source="phone" variant="inline" />
            <RecordField source="segmentCode" variant="inline" />
            <RecordField source="supplyStatus" variant="inline" field={SupplyStatusField} />
            <RecordField source="arrears" variant="inline" field={ArrearsField} />
            <RecordField source="remoteReconnectEligible" variant="inline" field={BooleanField} />
            <RecordField source="protected" variant="inline" field={BooleanField} />
            <RecordField source="lastOutageAt" variant="inline" field={DateTimeField} />
            <RecordField source="lastReconnectedAt" variant="inline" field={DateTimeField} />
          </Stack>
        </Section>
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Section title="app.customer.section.history">
          {/* Auditors read the chain itself, every event paged; others the last fifty. */}
          <CanAccess resource="audit" action="search" accessDenied={<Timeline entries={customer.history ?? []} />}>
            <AuditTimeline kind="customer" subjectKey={customer.customerNo} showHeading={false} />
          </CanAccess>
        </Section>
      </Grid>
      <Grid size={12}>
        <Section title="app.customer.section.work_orders">
          <CustomerWorkOrders orders={customer.workOrders ?? []} />
        </Section>
        <Section title="app.customer.section.messages">
          <CustomerMessages messages={customer.messages ?? []} />
        </Section>
      </Grid>
    </Grid>
  );
};

const CustomerTypeField = () => <TranslatedField source="type" prefix="app.customer_type" />;
