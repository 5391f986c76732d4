import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import type { ServiceAccount } from '../../../domain/contracts/relocation';
import { useRelocationWords } from './words';

/** The line as located by its number: read-only here (the customer by name, never an id). */
export const LineCard = ({ line }: { line: ServiceAccount }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const words = useRelocationWords();
  const rows: Array<[string, string]> = [
    ['customer', `${line.customerName} (${line.customerNo})`],
    ['line_type', words.word('line_type', line.lineType)],
    ['exchange', line.exchangeName],
    ['address', line.address],
    ['account_relation', line.accountRelation],
    ['pricing_plan', words.plan(line.pricingPlan)],
  ];
  return (
    <Stack spacing={1} sx={{ marginBottom: 2, width: '100%' }} data-testid="relocation-line">
      <Table size="small" sx={{ maxWidth: 640 }}>
        <TableBody>
          {rows.map(([key, value]) => (
            <TableRow key={key}>
              <TableCell component="th" scope="row" sx={{ width: 160, color: 'text.secondary' }}>
                {translate(`app.relocation.intake.${key}`)}
              </TableCell>
              <TableCell data-testid={`relocation-line-${key}`}>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div>
        {line.local ? (
          <Chip size="small" color="success" label={translate('app.relocation.intake.local')} data-testid="relocation-line-local" />
        ) : (
          <Chip size="small" color="warning" label={translate('app.relocation.intake.outside_area')} data-testid="relocation-line-outside" />
        )}
      </div>
      {line.state !== 'active' && (
        <Alert severity="error" data-testid="relocation-line-inactive">
          {translate('app.relocation.intake.line_not_active', { state: words.word('account_state', line.state) })}
        </Alert>
      )}
      {line.openRelocation && (
        <Alert severity="warning" data-testid="relocation-line-open-order">
          {translate('app.relocation.intake.open_order', { orderNo: line.openRelocation.orderNo })}{' '}
          <Link to={createPath({ resource: 'relocations', id: line.openRelocation.id, type: 'show' })}>
            {translate('app.relocation.intake.open_order_link', { orderNo: line.openRelocation.orderNo })}
          </Link>
        </Alert>
      )}
    </Stack>
  );
};
