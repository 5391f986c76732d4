import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

export interface Column<Row> {
  /** Catalog key of the heading. */
  label: string;
  render: (row: Row) => ReactNode;
  numeric?: boolean;
}

/** A report's rows as a small table; headings from the catalogs. */
export function ReportTable<Row>({ rows, columns, rowKey, testId }: { rows: readonly Row[]; columns: Column<Row>[]; rowKey: (row: Row) => string; testId: string }) {
  const translate = useTranslate();
  return (
    <Table size="small" data-testid={`table-${testId}`}>
      <TableHead>
        <TableRow>
          {columns.map((column) => (
            <TableCell key={column.label} align={column.numeric ? 'right' : 'left'}>
              {translate(column.label)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.length === 0 ? (
          <TableRow>
            <TableCell colSpan={columns.length}>{translate('app.reports.no_data')}</TableCell>
          </TableRow>
        ) : (
          rows.map((row) => (
            <TableRow key={rowKey(row)} data-testid={`row-${testId}-${rowKey(row)}`}>
              {columns.map((column) => (
                <TableCell key={column.label} align={column.numeric ? 'right' : 'left'}>
                  {column.render(row)}
                </TableCell>
              ))}
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
