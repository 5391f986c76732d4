import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { useNotifyApiError } from '../common/apiErrors';
import type { CustomerChoice } from './intakeRefusal';

/** Customers to choose from, each with a button; the choice goes back to the intake. */
export const CustomerChoices = ({ customers, onChoose }: { customers: CustomerChoice[]; onChoose: (customer: CustomerChoice) => void }) => {
  const translate = useTranslate();
  return (
    <List dense data-testid="repair-customer-choices">
      {customers.map((customer) => (
        <ListItem
          key={customer.id}
          secondaryAction={
            <Button size="small" variant="outlined" onClick={() => onChoose(customer)} data-testid={`repair-choose-customer-${customer.id}`}>
              {translate('app.repair_order.intake.choose')}
            </Button>
          }
        >
          <ListItemText primary={`${customer.customerNo} ${customer.name}`} secondary={customer.address} />
        </ListItem>
      ))}
    </List>
  );
};

/** Search the customers list (GET /api/customers?q=) by number, name or address, and choose one. */
export const CustomerSearch = ({ onChoose }: { onChoose: (customer: CustomerChoice) => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const notifyApiError = useNotifyApiError();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<CustomerChoice[] | null>(null);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!q.trim()) return;
    try {
      const { data } = await dataProvider.getList<CustomerChoice>('customers', { filter: { q: q.trim() }, pagination: { page: 1, perPage: 10 }, sort: { field: 'customerNo', order: 'ASC' } });
      setFound(data.map(({ id, customerNo, name, address }) => ({ id, customerNo, name, address })));
    } catch (error) {
      notifyApiError(error);
    }
  };
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} component="form" onSubmit={search}>
        <TextField size="small" label={translate('app.repair_order.intake.search')} value={q} onChange={(event) => setQ(event.target.value)} inputProps={{ 'data-testid': 'repair-customer-search' }} sx={{ minWidth: 280 }} />
        <Button type="submit" variant="outlined">
          {translate('app.repair_order.intake.search_button')}
        </Button>
      </Stack>
      {found && found.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate('app.repair_order.intake.no_results')}
        </Typography>
      )}
      {found && found.length > 0 && <CustomerChoices customers={found} onChoose={onChoose} />}
    </Stack>
  );
};
