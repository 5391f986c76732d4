import SendIcon from '@mui/icons-material/Send';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import {
  AccessDenied,
  CanAccess,
  FormDataConsumer,
  ListBase,
  maxLength,
  required,
  SaveButton,
  SimpleForm,
  TextInput,
  Title,
  Toolbar,
  useGetIdentity,
  useListContext,
  useTranslate,
} from 'react-admin';
import type { Customer, DisconnectionApplication } from '../types';
import { applicationKeys } from './applicationKey';
import { CustomerFilterInputs, matchingFilter } from './CustomerFilterInputs';
import { PickedCustomers, type Scope } from './PickedCustomers';
import { useApplyForDisconnection } from './useApplyForDisconnection';

/** The customers an application may cover, as the server's filter takes them: connected and in arrears. */
const CONNECTED = { supplyStatus: 'connected' };
const NEW_APPLICATION = { segmentCode: '', arrearsAbove: 0, scope: 'picked', reason: '' };
/** domain/disconnection/application.ts MAX_REASON_LENGTH. */
const REASON_MAX = 500;

/** 停电申请: a collector picks customers in arrears, says why, and sends it for approval. */
export const DisconnectionCreate = () => (
  <CanAccess resource="disconnections" action="create" accessDenied={<AccessDenied />}>
    <Title title="app.disconnection.apply_title" />
    <ListBase<Customer>
      resource="customers"
      filter={CONNECTED}
      filterDefaultValues={{ arrearsAbove: 0 }}
      sort={{ field: 'customerNo', order: 'ASC' }}
      perPage={25}
      storeKey={false}
      disableSyncWithLocation
    >
      <Card sx={{ marginTop: 2 }}>
        <ApplicationForm />
      </Card>
    </ListBase>
  </CanAccess>
);

const ApplicationForm = () => {
  const { selectedIds, filterValues } = useListContext<Customer>();
  const apply = useApplyForDisconnection();
  // Kept for the form's life: resending the same application reuses its key.
  const [keyFor] = useState(() => applicationKeys());
  const submit = (values: Record<string, unknown>) => {
    const reason = String(values.reason ?? '').trim();
    // "All matching" sends the filter the list shows, not its ids: it may be thousands.
    const application: DisconnectionApplication =
      values.scope === 'matching' ? { reason, filter: matchingFilter(filterValues) } : { reason, customerIds: selectedIds };
    return apply({ ...application, idempotencyKey: keyFor(application) });
  };
  return (
    <SimpleForm defaultValues={NEW_APPLICATION} onSubmit={submit} toolbar={<ApplyToolbar />}>
      <Applicant />
      <CustomerFilterInputs />
      <PickedCustomers />
      <TextInput
        source="reason"
        label="resources.disconnections.fields.reason"
        multiline
        minRows={2}
        fullWidth
        validate={[required(), maxLength(REASON_MAX)]}
      />
    </SimpleForm>
  );
};

/** Whoever is logged in applies; the server ignores any other applicant. */
const Applicant = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (
    <Box sx={{ marginBottom: 2 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate('resources.disconnections.fields.applicant')}
      </Typography>
      <Typography variant="body1" data-testid="applicant">
        {identity?.fullName ?? translate('ra.page.loading')}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate('app.disconnection.applicant_help')}
      </Typography>
    </Box>
  );
};

const ApplyToolbar = () => (
  <Toolbar>
    <FormDataConsumer>{({ formData }) => <ApplyButton scope={formData.scope as Scope} />}</FormDataConsumer>
  </Toolbar>
);

/** Spins from sending until the case page opens; disabled while the application covers nobody. */
const ApplyButton = ({ scope }: { scope: Scope }) => {
  const { selectedIds, total } = useListContext<Customer>();
  const covered = scope === 'matching' ? (total ?? 0) : selectedIds.length;
  return <SaveButton label="app.disconnection.submit" icon={<SendIcon />} disabled={covered === 0} data-testid="apply-submit" />;
};
