import { BooleanInput, Edit, Labeled, SimpleForm, TextField } from 'react-admin';
import type { Customer } from '../types';

/**
 * Only the remote-reconnection flag (自动复电标识) changes here, and only for the roles the
 * permission table allows (outage applicants and executors, manual §2); the API takes no more.
 */
const onlyTheFlag = (customer: Partial<Customer>) => ({ remoteReconnectEligible: customer.remoteReconnectEligible });

export const CustomerEdit = () => (
  <Edit mutationMode="pessimistic" transform={onlyTheFlag} redirect="show">
    <SimpleForm>
      <Labeled source="customerNo">
        <TextField source="customerNo" />
      </Labeled>
      <Labeled source="name">
        <TextField source="name" />
      </Labeled>
      <BooleanInput source="remoteReconnectEligible" helperText="app.customer.eligibility_help" />
    </SimpleForm>
  </Edit>
);
