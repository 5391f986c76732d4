import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableFooter from '@mui/material/TableFooter';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { Link, Loading, useCanAccess, useCreatePath, useDataProvider, useLocaleState, useTranslate, type DataProvider } from 'react-admin';
import type { Customer, Task } from '../types';

/** What the approval task's payload holds (workflows/disconnection/case.ts). */
interface ApprovalPayload {
  reason?: string;
  applicantId?: number;
  applicantName?: string;
  customers?: number;
}

const PAGE = 500;

/** The case's customers (the application's, from the case's start), the first PAGE of them by number. */
async function loadCustomers(dataProvider: DataProvider, task: Task): Promise<Customer[]> {
  const { data } = await dataProvider.getList<Customer>('customers', { filter: { caseId: task.caseId }, pagination: { page: 1, perPage: PAGE }, sort: { field: 'customerNo', order: 'ASC' } });
  return data;
}

/** Yuan text ("128.50") to whole fen, so a total of many has no rounding error. */
const fen = (yuan: string) => Math.round(Number(yuan) * 100);

/**
 * 停电申请 as the approver reads it: who applied and why, each customer with their arrears,
 * the total, protected customers (保电客户) flagged, and the way to the case.
 */
export const ApplicationSummary = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const createPath = useCreatePath();
  const [locale] = useLocaleState();
  const { canAccess: canReadCustomers } = useCanAccess({ resource: 'customers', action: 'list' });
  const payload = task.payload as ApprovalPayload;
  const [customers, setCustomers] = useState<Customer[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!canReadCustomers) return;
    let current = true;
    loadCustomers(dataProvider, task)
      .then((rows) => current && setCustomers(rows))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
    // The task's id and case are what the list depends on; its payload does not change.
  }, [dataProvider, task.id, task.caseId, canReadCustomers]);

  const money = (amountFen: number) => (amountFen / 100).toLocaleString(locale, { style: 'currency', currency: 'CNY' });
  const applicant = (payload.applicantId !== undefined ? task.people?.[String(payload.applicantId)] : undefined) ?? payload.applicantName;
  const total = payload.customers ?? customers?.length ?? 0;
  const protectedCount = customers?.filter((customer) => customer.protected).length ?? 0;
  const totalFen = customers?.reduce((sum, customer) => sum + fen(customer.arrears), 0) ?? 0;

  return (
    <Stack spacing={1} data-testid="application-summary">
      <Typography variant="body2" data-testid="application-applicant">
        {translate('app.task.application.applicant', { name: applicant ?? translate('app.timeline.actor.unknown_person') })}
      </Typography>
      {payload.reason && (
        <Typography variant="body2" data-testid="application-reason">
          {translate('app.task.application.reason', { reason: payload.reason })}
        </Typography>
      )}
      <Typography variant="body2">
        <Link to={createPath({ resource: 'cases', id: task.caseId, type: 'show' })} data-testid="application-case-link">
          {translate('app.task.application.open_case', { id: task.caseId })}
        </Link>
      </Typography>
      {protectedCount > 0 && (
        <Alert severity="warning" data-testid="application-protected">
          {translate('app.task.application.protected_warning', { smart_count: protectedCount })}
        </Alert>
      )}
      {!canReadCustomers ? null : failed ? (
        <Alert severity="warning">{translate('app.task.application.unavailable')}</Alert>
      ) : customers === null ? (
        <Loading />
      ) : (
        <Table size="small" data-testid="application-customers">
          <TableHead>
            <TableRow>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('resources.customers.fields.customerNo')}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate('resources.customers.fields.name')}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {translate('resources.customers.fields.arrears')}
              </TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {customers.map((customer) => (
              <TableRow key={customer.id} data-testid={`application-customer-${customer.customerNo}`}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{customer.customerNo}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Link to={createPath({ resource: 'customers', id: customer.id, type: 'show' })}>{customer.name}</Link>
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {money(fen(customer.arrears))}
                </TableCell>
                <TableCell>
                  {customer.protected && <Chip size="small" color="warning" label={translate('resources.customers.fields.protected')} data-testid="customer-protected" />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableCell colSpan={2} sx={{ fontWeight: 600 }}>
                {customers.length < total
                  ? translate('app.task.application.total_listed', { listed: customers.length, smart_count: total })
                  : translate('app.task.application.total', { smart_count: total })}
              </TableCell>
              <TableCell align="right" sx={{ fontWeight: 600, whiteSpace: 'nowrap' }} data-testid="application-total">
                {money(totalFen)}
              </TableCell>
              <TableCell />
            </TableRow>
          </TableFooter>
        </Table>
      )}
    </Stack>
  );
};
