import Stack from '@mui/material/Stack';
import { DataTable, List, SelectInput, TextInput, useTranslate } from 'react-admin';
import { REPAIR_CALL_STATES, type RepairCall } from '../../../../domain/contracts/repair-calls';
import { choicesOf } from '../../common/choices';
import { QuickFilter } from '../../common/QuickFilter';
import { bodyWithRowTestIds } from '../../common/rowTestIds';
import { TranslatedField } from '../../common/TranslatedField';
import { CallActions } from './CallActions';
import { CallOrderField, DueAtField, HandledField } from './fields';

/** The filters GET /api/repair_calls offers (api/repair/calls.ts). */
const callFilters = [
  <SelectInput source="state" choices={choicesOf('app.repair_order.calls.state', REPAIR_CALL_STATES)} alwaysOn />,
  <QuickFilter source="due" label="app.repair_order.calls.due_now" defaultValue={true} />,
  <QuickFilter source="mine" label="app.repair_order.calls.mine" defaultValue={true} />,
  <TextInput source="orderNo" />,
];

const CallBody = bodyWithRowTestIds('call-row');

// Overdue calls in red, as overdue tasks and orders are.
const overdueInRed = (call: RepairCall) => (call.overdue ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' } : {});

const NOWRAP = { whiteSpace: 'nowrap' } as const;

const Title = () => <>{useTranslate()('app.repair_order.calls.title')}</>;

/** 预约呼叫: the agents' queue of calls back, due now first by default, soonest first. */
export const CallList = () => (
  <List title={<Title />} filters={callFilters} filterDefaultValues={{ state: 'scheduled', due: true }} sort={{ field: 'dueAt', order: 'ASC' }} exporter={false} empty={false}>
    <DataTable<RepairCall> body={CallBody} rowSx={overdueInRed} bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="dueAt" field={DueAtField} sx={{ minWidth: 120 }} />
      <DataTable.Col source="orderNo" field={CallOrderField} disableSort sx={NOWRAP} />
      <DataTable.Col source="customerName" disableSort sx={NOWRAP} />
      <DataTable.Col source="contactPhone" disableSort sx={NOWRAP} />
      <DataTable.Col source="place" disableSort sx={{ minWidth: 100 }} />
      <DataTable.Col source="note" disableSort sx={{ minWidth: 140 }} />
      <DataTable.Col source="scheduledByName" disableSort sx={NOWRAP} />
      {/* Who made or abandoned it (and why) beside its state: one column fewer on a laptop's screen. */}
      <DataTable.Col source="state" disableSort sx={{ minWidth: 90 }}>
        <Stack>
          <TranslatedField source="state" prefix="app.repair_order.calls.state" />
          <HandledField />
        </Stack>
      </DataTable.Col>
      <DataTable.Col label="app.repair_order.calls.actions" field={CallActions} disableSort sx={NOWRAP} />
    </DataTable>
  </List>
);
