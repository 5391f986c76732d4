import Stack from '@mui/material/Stack';
import { useEffect } from 'react';
import { FormDataConsumer, minValue, NumberInput, SelectInput, useListContext, useTranslate } from 'react-admin';
import type { Segment } from '../types';
import { useSegments } from './useSegments';

/** The list filter as the API's application filter: "all matching" is exactly what the list shows. */
export function matchingFilter(values: { segmentCode?: unknown; arrearsAbove?: unknown }): { arrearsAbove: number; segmentCode?: string } {
  const segmentCode = typeof values.segmentCode === 'string' && values.segmentCode !== '' ? values.segmentCode : undefined;
  return { arrearsAbove: Number(values.arrearsAbove) || 0, ...(segmentCode ? { segmentCode } : {}) };
}

/** Segment and "arrears above" as inputs of the application form, driving the customer list below. */
export const CustomerFilterInputs = () => {
  const translate = useTranslate();
  const segments = useSegments();
  const segmentLabel = (segment: Segment) =>
    translate('app.disconnection.segment_choice', {
      code: segment.code,
      name: segment.name,
      collector: segment.collectorName ?? translate('app.disconnection.no_reader'),
    });
  return (
    <>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <SelectInput
          source="segmentCode"
          label="resources.disconnections.fields.segmentCode"
          choices={segments}
          optionValue="code"
          optionText={segmentLabel}
          translateChoice={false}
          emptyText="app.disconnection.any_segment"
          sx={{ minWidth: 320 }}
        />
        <NumberInput
          source="arrearsAbove"
          label="resources.disconnections.fields.arrearsAbove"
          min={0}
          step={10}
          validate={minValue(0)}
          helperText="app.disconnection.arrears_help"
        />
      </Stack>
      <FormDataConsumer>{({ formData }) => <ListFilterSync segmentCode={formData.segmentCode} arrearsAbove={formData.arrearsAbove} />}</FormDataConsumer>
    </>
  );
};

/** A new filter also clears the ticks: what is sent is always what is on screen. */
const ListFilterSync = ({ segmentCode, arrearsAbove }: { segmentCode?: unknown; arrearsAbove?: unknown }) => {
  const { setFilters, onUnselectItems } = useListContext();
  useEffect(() => {
    setFilters(matchingFilter({ segmentCode, arrearsAbove }), undefined, true);
    onUnselectItems();
    // Only a new filter matters; the list's callbacks change with every tick.
  }, [segmentCode, arrearsAbove]);
  return null;
};
