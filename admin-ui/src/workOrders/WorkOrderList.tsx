import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { CaseLink } from '../common/CaseLink';
import { choicesOf } from '../common/choices';
import { DateTimeField } from '../common/DateTimeField';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { TranslatedField } from '../common/TranslatedField';
import { WORK_ORDER_KINDS as KINDS, WORK_ORDER_STATES as STATES } from '../../../domain/contracts/work_orders';
import type { WorkOrder } from '../types';

const workOrderFilters = [
  <SelectInput source="kind" choices={choicesOf('app.work_order_kind', KINDS)} alwaysOn />,
  <SelectInput source="state" choices={choicesOf('app.work_order_state', STATES)} alwaysOn />,
  <TextInput source="customerNo" />,
];

const WorkOrderBody = bodyWithRowTestIds('work-order-row');

/** 工单: automatic reconnection orders (8 digits, "10...") and manual ones (12 digits, "14..."). */
export const WorkOrderList = () => (
  <List filters={workOrderFilters} sort={{ field: 'openedAt', order: 'DESC' }} exporter={false}>
    <DataTable<WorkOrder> body={WorkOrderBody} bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="orderNo" />
      <DataTable.Col source="kind" disableSort>
        <TranslatedField source="kind" prefix="app.work_order_kind" />
      </DataTable.Col>
      <DataTable.Col source="customerNo" disableSort />
      <DataTable.Col source="state" disableSort>
        <TranslatedField source="state" prefix="app.work_order_state" />
      </DataTable.Col>
      <DataTable.Col source="outcome" disableSort>
        <TranslatedField source="outcome" prefix="app.work_order_outcome" />
      </DataTable.Col>
      <DataTable.Col source="caseId" field={CaseLink} disableSort />
      <DataTable.Col source="openedAt" field={DateTimeField} />
      <DataTable.Col source="closedAt" field={DateTimeField} disableSort />
    </DataTable>
  </List>
);
