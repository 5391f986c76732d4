import { DataTable, List, NumberField, SearchInput, SelectInput, useCanAccess } from 'react-admin';
import type { RepairDevice } from '../../../../domain/contracts/repair-devices';
import { choicesOf } from '../../common/choices';
import { bodyWithRowTestIds } from '../../common/rowTestIds';
import { useCategoryLabel } from '../fields';
import { useRepairCategories } from '../useRepairCategories';
import { categoryWords, leafChoices } from './categories';
import { DeviceActiveField, DeviceCustomersField, DeviceUpdatedField } from './fields';

const DeviceBody = bodyWithRowTestIds('device-row');

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** 告警映射: each monitored device with the category, place and customers its alarms open orders for. */
export const DeviceList = () => {
  const tree = useRepairCategories();
  const label = useCategoryLabel();
  const { canAccess: canEdit } = useCanAccess({ resource: 'repair_devices', action: 'edit' });
  // The filters GET /api/repair_devices offers (api/repair/devices.ts).
  const filters = [
    <SearchInput source="q" alwaysOn />,
    <SelectInput source="category" choices={leafChoices(tree, label)} translateChoice={false} alwaysOn />,
    <SelectInput source="active" choices={choicesOf('app.repair_device.active', ['true', 'false'])} alwaysOn />,
  ];
  return (
    <List filters={filters} sort={{ field: 'id', order: 'ASC' }} exporter={false}>
      <DataTable<RepairDevice> body={DeviceBody} bulkActionButtons={false} rowClick={canEdit ? 'edit' : false}>
        <DataTable.Col source="id" sx={NOWRAP} />
        <DataTable.Col source="category" render={(device) => categoryWords(tree, label, device.category)} />
        <DataTable.Col source="place" disableSort sx={{ minWidth: 120 }} />
        <DataTable.Col source="customers" field={DeviceCustomersField} disableSort sx={{ minWidth: 160 }} />
        <DataTable.Col source="active" field={DeviceActiveField} disableSort />
        <DataTable.Col source="openOrders" field={NumberField} disableSort />
        <DataTable.Col source="updatedAt" field={DeviceUpdatedField} sx={NOWRAP} />
      </DataTable>
    </List>
  );
};
