import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link, useTranslate } from 'react-admin';
import { useStepLabel } from '../common/steps';

export interface StepCountColumn<Row> {
  /** The column's heading (a catalog key). */
  label: string;
  count: (row: Row) => number;
  /** The list behind one cell; none when the reader may not open it. */
  to?: (row: Row) => string;
  testId: string;
  color?: 'error';
}

interface StepCountsProps<Row extends { step: string }> {
  title: string;
  rows: readonly Row[];
  columns: ReadonlyArray<StepCountColumn<Row>>;
  testId: string;
}

/** Counts per workflow step, by the step's name, each opening the tasks behind it. */
export function StepCounts<Row extends { step: string }>({ title, rows, columns, testId }: StepCountsProps<Row>) {
  const translate = useTranslate();
  const stepLabel = useStepLabel();
  return (
    <Card sx={{ height: '100%' }} data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" component="h3" gutterBottom>
          {translate(title)}
        </Typography>
        {rows.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate('app.dashboard.no_tasks')}
          </Typography>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.dashboard.step')}</TableCell>
                {columns.map((column) => (
                  <TableCell key={column.label} align="right">
                    {translate(column.label)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.step}>
                  <TableCell>{stepLabel(row.step)}</TableCell>
                  {columns.map((column) => {
                    const count = column.count(row);
                    const color = column.color && count > 0 ? `${column.color}.main` : undefined;
                    return (
                      <TableCell key={column.label} align="right" data-testid={`${column.testId}-${row.step}`}>
                        {column.to ? (
                          <Link to={column.to(row)} sx={{ color }}>
                            {count}
                          </Link>
                        ) : (
                          <Typography component="span" variant="body2" sx={{ color }}>
                            {count}
                          </Typography>
                        )}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
