import Typography from '@mui/material/Typography';
import { DataTable, List, SelectInput, TextInput, useRecordContext, useTranslate } from 'react-admin';
import { RATED_PROCESSES, REVISIT_OUTCOMES, REVISIT_STATES } from '../../../domain/contracts/revisit';
import { choicesOf } from '../common/choices';
import { DateTimeField } from '../common/DateTimeField';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { TranslatedField } from '../common/TranslatedField';
import type { RevisitRecord } from '../types';

/** The filters GET /api/revisits offers (api/revisit/routes.ts). */
const revisitFilters = [
  <TextInput source="q" alwaysOn />,
  <SelectInput source="state" choices={choicesOf('app.revisit.state', REVISIT_STATES)} alwaysOn />,
  <SelectInput source="outcome" choices={choicesOf('app.revisit.outcome', REVISIT_OUTCOMES)} alwaysOn />,
  <SelectInput source="process" choices={choicesOf('app.revisit.process', RATED_PROCESSES)} alwaysOn />,
];

const RevisitBody = bodyWithRowTestIds('revisit-row');

/** Open, or how it closed: recovered, not recovered, unreachable. */
export const StateOutcomeField = () => {
  const record = useRecordContext<RevisitRecord>();
  const translate = useTranslate();
  if (!record) return null;
  const text = record.state === 'closed' && record.outcome ? translate(`app.revisit.outcome.${record.outcome}`, { _: record.outcome }) : translate(`app.revisit.state.${record.state}`, { _: record.state });
  return (
    <Typography component="span" variant="body2">
      {text}
    </Typography>
  );
};

/** 差评回访: every revisit, newest first; the customer and the supervisor by name, codes in words. */
export const RevisitList = () => (
  <List filters={revisitFilters} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
    <DataTable<RevisitRecord> body={RevisitBody} bulkActionButtons={false} rowClick="show">
      <DataTable.Col source="revisitNo" />
      <DataTable.Col source="process" disableSort>
        <TranslatedField source="process" prefix="app.revisit.process" />
      </DataTable.Col>
      <DataTable.Col source="orderNo" disableSort />
      <DataTable.Col source="customerName" disableSort />
      <DataTable.Col source="state" disableSort>
        <StateOutcomeField />
      </DataTable.Col>
      <DataTable.Col source="attempts" disableSort />
      <DataTable.Col source="supervisorName" disableSort />
      <DataTable.Col source="createdAt" field={DateTimeField} />
    </DataTable>
  </List>
);
