import ViewKanbanIcon from '@mui/icons-material/ViewKanban';
import { Button, CreateButton, DataTable, Link, List, NumberField, SelectInput, TextInput, TopToolbar, useCanAccess } from 'react-admin';
import { REPAIR_PRIORITIES, REPAIR_SOURCES, REPAIR_STATES, type RepairOrder } from '../../../domain/contracts/repair';
import { choicesOf } from '../common/choices';
import { DateTimeField } from '../common/DateTimeField';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { TranslatedField } from '../common/TranslatedField';
import { useCanUseBoard } from './RepairBoard';
import { CategoryField, CrewField, RatingField, RepairCustomerField, RepairPriorityField, SlaField } from './fields';

/** The filters GET /api/repair_orders offers (api/repair/routes.ts). */
const repairFilters = [
  <SelectInput source="state" choices={choicesOf('app.repair_order.state', REPAIR_STATES)} alwaysOn />,
  <SelectInput source="priority" choices={choicesOf('app.repair_order.priority', REPAIR_PRIORITIES)} alwaysOn />,
  <SelectInput source="source" choices={choicesOf('app.repair_order.source', REPAIR_SOURCES)} />,
  <TextInput source="orderNo" />,
];

const RepairOrderBody = bodyWithRowTestIds('repair-order-row');

const ListActions = () => {
  const { canAccess: canCreate } = useCanAccess({ resource: 'repair_orders', action: 'create' });
  const canUseBoard = useCanUseBoard();
  return (
    <TopToolbar>
      {canUseBoard && (
        <Button component={Link} to="/repair_orders/board" label="app.repair_order.menu.board">
          <ViewKanbanIcon />
        </Button>
      )}
      {canCreate && <CreateButton label="app.repair_order.menu.intake" />}
    </TopToolbar>
  );
};

/** 报修工单: every order, newest first; overdue ones in red. */
export const RepairOrderList = () => (
  <List filters={repairFilters} sort={{ field: 'openedAt', order: 'DESC' }} exporter={false} actions={<ListActions />}>
    <DataTable<RepairOrder> body={RepairOrderBody} bulkActionButtons={false} rowClick="show">
      <DataTable.Col source="orderNo" />
      <DataTable.Col source="customerName" field={RepairCustomerField} disableSort />
      <DataTable.Col source="category" field={CategoryField} disableSort />
      <DataTable.Col source="priority" field={RepairPriorityField} disableSort />
      <DataTable.Col source="state" disableSort>
        <TranslatedField source="state" prefix="app.repair_order.state" />
      </DataTable.Col>
      <DataTable.Col source="slaStage" field={SlaField} disableSort />
      <DataTable.Col source="crewName" field={CrewField} disableSort />
      <DataTable.Col source="loopCount" field={NumberField} disableSort />
      <DataTable.Col source="urgeCount" field={NumberField} disableSort />
      <DataTable.Col source="rating" field={RatingField} disableSort />
      <DataTable.Col source="openedAt" field={DateTimeField} />
    </DataTable>
  </List>
);
