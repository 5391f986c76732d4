import { DataTable, ResourceContextProvider } from 'react-admin';
import { CaseLink } from '../common/CaseLink';
import { DateTimeField } from '../common/DateTimeField';
import { TranslatedField } from '../common/TranslatedField';
import type { CustomerDetail } from '../types';

type Order = CustomerDetail['workOrders'][number];

/** The customer's latest work orders, labelled as in the work orders list. */
export const CustomerWorkOrders = ({ orders }: { orders: Order[] }) => (
  <ResourceContextProvider value="work_orders">
    <DataTable<Order & { id: string }>
      data={orders.map((order) => ({ ...order, id: order.orderNo }))}
      total={orders.length}
      rowClick={false}
      bulkActionButtons={false}
    >
      <DataTable.Col source="orderNo" disableSort />
      <DataTable.Col source="kind" disableSort>
        <TranslatedField source="kind" prefix="app.work_order_kind" />
      </DataTable.Col>
      <DataTable.Col source="state" disableSort>
        <TranslatedField source="state" prefix="app.work_order_state" />
      </DataTable.Col>
      <DataTable.Col source="outcome" disableSort>
        <TranslatedField source="outcome" prefix="app.work_order_outcome" />
      </DataTable.Col>
      <DataTable.Col source="caseId" field={CaseLink} disableSort />
      <DataTable.Col source="openedAt" field={DateTimeField} disableSort />
    </DataTable>
  </ResourceContextProvider>
);
