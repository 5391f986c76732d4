import { BooleanField, DataTable, List, NullableBooleanInput, SearchInput, SelectInput, TextInput } from 'react-admin';
import { choicesOf } from '../common/choices';
import { QuickFilter } from '../common/QuickFilter';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import type { Customer } from '../types';
import { ArrearsField } from './ArrearsField';
import { SUPPLY_STATUSES } from './customerCodes';
import { SupplyStatusField } from './SupplyStatusField';

const customerFilters = [
  <SearchInput source="q" alwaysOn />,
  <SelectInput source="supplyStatus" choices={choicesOf('app.supply_status', SUPPLY_STATUSES)} />,
  <TextInput source="segmentCode" />,
  <NullableBooleanInput source="remoteReconnectEligible" />,
  <QuickFilter source="inArrears" label="resources.customers.fields.inArrears" defaultValue />,
];

const CustomerBody = bodyWithRowTestIds('customer-row');

export const CustomerList = () => (
  <List filters={customerFilters} sort={{ field: 'customerNo', order: 'ASC' }} exporter={false}>
    <DataTable<Customer> body={CustomerBody} bulkActionButtons={false} rowClick="show">
      <DataTable.Col source="customerNo" />
      <DataTable.Col source="name" />
      <DataTable.Col source="address" disableSort />
      <DataTable.Col source="segmentCode" disableSort />
      <DataTable.Col source="supplyStatus" field={SupplyStatusField} disableSort />
      <DataTable.Col source="arrears" field={ArrearsField} disableSort align="right" />
      <DataTable.Col source="remoteReconnectEligible" field={BooleanField} disableSort />
    </DataTable>
  </List>
);
