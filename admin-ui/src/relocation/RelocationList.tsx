import { CreateButton, DataTable, List, SelectInput, TextInput, TopToolbar, useCanAccess } from 'react-admin';
import { RELOCATION_KINDS, RELOCATION_STATES, type RelocationOrder } from '../../../domain/contracts/relocation';
import { choicesOf } from '../common/choices';
import { DateTimeField } from '../common/DateTimeField';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { TranslatedField } from '../common/TranslatedField';

/** The filters GET /api/relocations offers (api/relocation/routes.ts). */
const relocationFilters = [
  <TextInput source="q" alwaysOn />,
  <SelectInput source="state" choices={choicesOf('app.relocation.state', RELOCATION_STATES)} alwaysOn />,
  <SelectInput source="kind" choices={choicesOf('app.relocation.kind', RELOCATION_KINDS)} alwaysOn />,
  <TextInput source="serviceNo" />,
];

const RelocationBody = bodyWithRowTestIds('relocation-row');

const ListActions = () => {
  const { canAccess: canCreate } = useCanAccess({ resource: 'relocations', action: 'create' });
  return <TopToolbar>{canCreate && <CreateButton label="app.relocation.menu.intake" />}</TopToolbar>;
};

/** 移机工单: every order, newest first; the customer by name, codes in words. */
export const RelocationList = () => (
  <List filters={relocationFilters} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false} actions={<ListActions />}>
    <DataTable<RelocationOrder> body={RelocationBody} bulkActionButtons={false} rowClick="show">
      <DataTable.Col source="orderNo" />
      <DataTable.Col source="serviceNo" disableSort />
      <DataTable.Col source="customerName" disableSort />
      <DataTable.Col source="kind" disableSort>
        <TranslatedField source="kind" prefix="app.relocation.kind" />
      </DataTable.Col>
      <DataTable.Col source="toExchangeName" disableSort />
      <DataTable.Col source="newNumber" disableSort />
      <DataTable.Col source="state" disableSort>
        <TranslatedField source="state" prefix="app.relocation.state" />
      </DataTable.Col>
      <DataTable.Col source="createdAt" field={DateTimeField} />
    </DataTable>
  </List>
);
