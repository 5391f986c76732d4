import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import {
  BooleanField,
  DataTable,
  FormDataConsumer,
  Pagination,
  RadioButtonGroupInput,
  useGetIdentity,
  useListContext,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { bodyWithRowTestIds } from '../common/rowTestIds';
import { ArrearsField } from '../customers/ArrearsField';
import type { Customer } from '../types';
import { readerWarning } from './readerWarning';
import { useSegments } from './useSegments';

export type Scope = 'picked' | 'matching';

const CustomerBody = bodyWithRowTestIds('apply-customer-row');

/**
 * Which customers the application covers: the ticked rows, or every customer the filter
 * matches (sent as the filter, so thousands need no ticking). Warns about segments read by
 * someone else before anything is sent.
 */
export const PickedCustomers = () => (
  <FormDataConsumer>
    {({ formData }) => <Picked scope={formData.scope as Scope} segmentCode={formData.segmentCode as string | undefined} />}
  </FormDataConsumer>
);

const Picked = ({ scope, segmentCode }: { scope: Scope; segmentCode?: string }) => {
  const translate = useTranslate();
  const { selectedIds, total } = useListContext<Customer>();
  const pickedSegmentCodes = usePickedSegmentCodes();
  const scopes = [
    { id: 'picked', name: translate('app.disconnection.scope_picked', { count: selectedIds.length }) },
    { id: 'matching', name: translate('app.disconnection.scope_matching', { count: total ?? 0 }) },
  ];
  return (
    <>
      <RadioButtonGroupInput source="scope" label="resources.disconnections.fields.scope" choices={scopes} translateChoice={false} />
      <ReaderWarningAlert scope={scope} segmentCode={segmentCode} pickedSegmentCodes={pickedSegmentCodes} />
      <Typography variant="body2" color="text.secondary">
        {translate('app.disconnection.list_help')}
      </Typography>
      <DataTable<Customer>
        body={CustomerBody}
        // Ticks only mean something when the ticked rows are what is sent.
        bulkActionButtons={scope === 'picked' ? <></> : false}
        rowClick={scope === 'picked' ? 'toggleSelection' : false}
        empty={<Typography variant="body2">{translate('app.disconnection.no_match')}</Typography>}
        // The "N selected" bar slides up over what is above the table (48px): leave it room.
        sx={{ width: '100%', marginTop: scope === 'picked' ? 6 : 0 }}
      >
        <DataTable.Col source="customerNo" />
        <DataTable.Col source="name" />
        <DataTable.Col source="address" disableSort />
        <DataTable.Col source="segmentCode" disableSort />
        <DataTable.Col source="arrears" field={ArrearsField} disableSort align="right" />
        <DataTable.Col source="protected" field={ProtectedField} disableSort />
      </DataTable>
      <Pagination rowsPerPageOptions={[25, 100, 500]} sx={{ width: '100%' }} />
    </>
  );
};

/** A mark for protected customers only: they are the exception worth seeing. */
const ProtectedField = () => <BooleanField source="protected" FalseIcon={null} />;

/** The segments of the ticked customers, remembered across pages of the list. */
function usePickedSegmentCodes(): string[] {
  const { data, selectedIds } = useListContext<Customer>();
  const [seen, setSeen] = useState(() => new Map<Identifier, string>());
  useEffect(() => {
    if (!data?.some((customer) => seen.get(customer.id) !== customer.segmentCode)) return;
    setSeen((before) => new Map([...before, ...data.map((customer): [Identifier, string] => [customer.id, customer.segmentCode])]));
  }, [data, seen]);
  return selectedIds.flatMap((id) => seen.get(id) ?? []);
}

const ReaderWarningAlert = ({ scope, segmentCode, pickedSegmentCodes }: { scope: Scope; segmentCode?: string; pickedSegmentCodes: string[] }) => {
  const translate = useTranslate();
  const segments = useSegments();
  const { identity } = useGetIdentity();
  if (!identity) return null;
  const { others, maybeOthers } = readerWarning({ scope, segmentCode: segmentCode || undefined, pickedSegmentCodes }, segments, Number(identity.id));
  if (others.length === 0 && !maybeOthers) return null;
  return (
    <Alert severity="warning" data-testid="reader-warning" sx={{ width: '100%', boxSizing: 'border-box' }}>
      {others.map((segment) => (
        <div key={segment.code}>
          {translate('app.disconnection.warning.SEGMENT_OF_ANOTHER_READER', {
            segment: `${segment.code} ${segment.name}`,
            collector: segment.collectorName ?? translate('app.disconnection.no_reader'),
          })}
        </div>
      ))}
      {maybeOthers && <div>{translate('app.disconnection.maybe_other_readers')}</div>}
      <div>{translate('app.disconnection.warning_rule')}</div>
    </Alert>
  );
};
