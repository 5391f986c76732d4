import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import {
  DataTable,
  FilterForm,
  ListBase,
  Pagination,
  SearchInput,
  SelectInput,
  useCanAccess,
  useFieldValue,
  useTranslate,
  type FieldProps,
  type Identifier,
} from 'react-admin';
import { choicesOf } from '../common/choices';
import { DateTimeField } from '../common/DateTimeField';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { TranslatedField } from '../common/TranslatedField';
import type { DisconnectionOutcome, OutcomeState } from '../types';
import { LIVE_REFRESH_MS, OUTCOME_STATES } from './disconnectionCodes';

const outcomeFilters = [
  <SearchInput source="q" alwaysOn />,
  <SelectInput source="state" choices={choicesOf('app.outcome_state', OUTCOME_STATES)} alwaysOn />,
];

const OutcomeBody = bodyWithRowTestIds('outcome-row');

/** Each customer of one case, 25 at a time (a case may hold 10,000), filterable by state; a row opens the customer. */
export const OutcomeList = ({ caseId, live }: { caseId: Identifier; live: boolean }) => {
  const translate = useTranslate();
  const { canAccess: canShowCustomers } = useCanAccess({ resource: 'customers', action: 'show' });
  return (
    <ListBase<DisconnectionOutcome>
      resource="disconnection_outcomes"
      filter={{ caseId }}
      sort={{ field: 'customerNo', order: 'ASC' }}
      perPage={25}
      storeKey={false}
      disableSyncWithLocation
      queryOptions={{ refetchInterval: live ? LIVE_REFRESH_MS : false }}
    >
      <FilterForm filters={outcomeFilters} />
      <DataTable<DisconnectionOutcome>
        body={OutcomeBody}
        bulkActionButtons={false}
        rowClick={canShowCustomers ? (_id, _resource, outcome) => `/customers/${outcome.customerId}/show` : false}
        empty={<Typography variant="body2">{translate('app.disconnection.outcomes.empty')}</Typography>}
      >
        <DataTable.Col source="customerNo" />
        <DataTable.Col source="customerName" disableSort />
        <DataTable.Col source="state" field={OutcomeStateField} />
        <DataTable.Col source="code" field={OutcomeCodeField} disableSort />
        <DataTable.Col source="deferredUntil" field={DateTimeField} disableSort />
        <DataTable.Col source="outageAt" field={DateTimeField} disableSort />
        <DataTable.Col source="via" disableSort>
          <TranslatedField source="via" prefix="app.disconnection_via" />
        </DataTable.Col>
      </DataTable>
      <Pagination rowsPerPageOptions={[25, 100, 500]} />
    </ListBase>
  );
};

const STATE_COLORS: Record<OutcomeState, 'default' | 'error' | 'warning' | 'info' | 'primary'> = {
  waiting: 'default',
  deferred: 'info',
  commanding: 'primary',
  'awaiting-entry': 'warning',
  // Red, as 已停电 is everywhere else in the back office.
  disconnected: 'error',
  excluded: 'default',
};

const OutcomeStateField = ({ source = 'state' }: FieldProps) => {
  const translate = useTranslate();
  const state = useFieldValue({ source }) as OutcomeState | undefined;
  if (!state) return null;
  return <Chip size="small" color={STATE_COLORS[state] ?? 'default'} label={translate(`app.outcome_state.${state}`, { _: state })} data-testid={`outcome-state-${state}`} />;
};

/** Why, by code: protection, payment, removal, a forbidden window or the meter's failure. */
const OutcomeCodeField = ({ source = 'code' }: FieldProps) => <TranslatedField source={source} prefix="app.disconnection_code" />;
