import { forwardRef } from 'react';
import { DataTableBody, DataTableRow, useRecordContext, type DataTableBodyProps, type DataTableRowProps } from 'react-admin';

/**
 * A DataTable body whose rows carry `data-testid="<prefix>-<id>"`, so browser tests can open
 * one record without depending on its text. Create it once per list, at module level.
 */
export function bodyWithRowTestIds(prefix: string) {
  const Row = forwardRef<HTMLTableRowElement, DataTableRowProps>(function RowWithTestId(props, ref) {
    const record = useRecordContext();
    return <DataTableRow ref={ref} data-testid={`${prefix}-${record?.id}`} {...props} />;
  });
  return function BodyWithRowTestIds(props: DataTableBodyProps) {
    return <DataTableBody {...props} row={Row} />;
  };
}
