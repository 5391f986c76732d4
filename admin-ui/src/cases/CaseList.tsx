import { DataTable, List, SearchInput, SelectInput, TextInput } from 'react-admin';
import { choicesOf } from '../common/choices';
import { DateTimeField } from '../common/DateTimeField';
import { QuickFilter } from '../common/QuickFilter';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { StepField } from '../common/StepField';
import { TranslatedField } from '../common/TranslatedField';
import type { Case } from '../types';
import { CASE_STATES, CASE_TYPES } from './caseCodes';
import { CaseTitleField } from './caseTitle';
import { PROCESSES } from '../../../domain/processes';

/**
 * Every step of every registered process, once: the catalogue links here filtered by one.
 * A numbered step (approval levels, close commands) is named for all its instances.
 */
const STEP_CHOICES = [
  ...new Map(
    PROCESSES.flatMap((process) =>
      Object.entries(process.steps).map(([step, def]) => [step, { id: step, name: (def as { numbered?: boolean }).numbered ? `app.steps_any.${step}` : `app.steps.${step}` }] as const),
    ),
  ).values(),
];

const caseFilters = [
  <SearchInput source="q" alwaysOn />,
  <SelectInput source="type" choices={choicesOf('app.case_type', CASE_TYPES)} />,
  <SelectInput source="state" choices={choicesOf('app.case_state', CASE_STATES)} />,
  <SelectInput source="step" choices={STEP_CHOICES} />,
  <TextInput source="customerNo" />,
  <QuickFilter source="startedToday" label="resources.cases.fields.startedToday" defaultValue />,
  <QuickFilter source="reconnectedToday" label="resources.cases.fields.reconnectedToday" defaultValue />,
];

const CaseBody = bodyWithRowTestIds('case-row');

export const CaseList = () => (
  <List filters={caseFilters} sort={{ field: 'startedAt', order: 'DESC' }} exporter={false}>
    <DataTable<Case> body={CaseBody} bulkActionButtons={false}>
      <DataTable.Col source="id" />
      <DataTable.Col source="title" field={CaseTitleField} disableSort />
      <DataTable.Col source="type" disableSort>
        <TranslatedField source="type" prefix="app.case_type" />
      </DataTable.Col>
      <DataTable.Col source="customerName" disableSort />
      <DataTable.Col source="state" disableSort>
        <TranslatedField source="state" prefix="app.case_state" />
      </DataTable.Col>
      <DataTable.Col source="currentStep" field={StepField} disableSort />
      <DataTable.Col source="startedAt" field={DateTimeField} />
      <DataTable.Col source="closedAt" field={DateTimeField} disableSort />
    </DataTable>
  </List>
);
