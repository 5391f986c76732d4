import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type KeyboardEvent } from 'react';
import { RadioButtonGroupInput, required, useDataProvider, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useNotifyApiError } from '../common/apiErrors';
import { formatYuan } from './money';

export interface Guarantor {
  id: number;
  customerNo: string;
  name: string;
  address: string;
}

/**
 * A line from outside the area (异地): the deposit of its type (the policy's, in yuan), or a
 * local customer who guarantees it, found by number, name or address and chosen by name.
 */
export const GuarantorPicker = ({ depositFen, guarantor, onChoose }: { depositFen: number; guarantor: Guarantor | null; onChoose: (guarantor: Guarantor | null) => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const notifyApiError = useNotifyApiError();
  const guarantee = useWatch({ name: 'guarantee' }) as 'deposit' | 'guarantor' | undefined;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Guarantor[] | null>(null);

  const search = async () => {
    if (!q.trim()) return;
    try {
      const { data } = await dataProvider.getList<Guarantor>('customers', { filter: { q: q.trim() }, pagination: { page: 1, perPage: 10 }, sort: { field: 'customerNo', order: 'ASC' } });
      setFound(data.map(({ id, customerNo, name, address }) => ({ id, customerNo, name, address })));
    } catch (error) {
      notifyApiError(error);
    }
  };
  const onKey = (event: KeyboardEvent) => {
    // Enter searches; it must not send the order.
    if (event.key === 'Enter') {
      event.preventDefault();
      void search();
    }
  };
  const choices = [
    { id: 'deposit', name: translate('app.relocation.intake.deposit', { amount: formatYuan(depositFen) }) },
    { id: 'guarantor', name: translate('app.relocation.intake.guarantor') },
  ];
  return (
    <Stack spacing={1} sx={{ width: '100%' }} data-testid="relocation-guarantee">
      <RadioButtonGroupInput source="guarantee" label="app.relocation.intake.guarantee_choice" choices={choices} translateChoice={false} row validate={required()} />
      {guarantee === 'guarantor' &&
        (guarantor ? (
          <Alert
            severity="info"
            data-testid="relocation-guarantor"
            action={
              <Button size="small" onClick={() => onChoose(null)}>
                {translate('app.relocation.intake.guarantor_change')}
              </Button>
            }
          >
            {translate('app.relocation.intake.guarantor_chosen', { name: guarantor.name, customerNo: guarantor.customerNo })}
          </Alert>
        ) : (
          <>
            <Typography variant="body2" color="text.secondary">
              {translate('app.relocation.intake.guarantor_required')}
            </Typography>
            <Stack direction="row" spacing={1}>
              <TextField size="small" label={translate('app.relocation.intake.guarantor_search')} value={q} onChange={(event) => setQ(event.target.value)} onKeyDown={onKey} slotProps={{ htmlInput: { 'data-testid': 'relocation-guarantor-search' } }} sx={{ minWidth: 280 }} />
              <Button variant="outlined" onClick={() => void search()}>
                {translate('app.relocation.intake.search')}
              </Button>
            </Stack>
            {found && found.length === 0 && (
              <Typography variant="body2" color="text.secondary">
                {translate('app.relocation.intake.no_results')}
              </Typography>
            )}
            {found && found.length > 0 && (
              <List dense>
                {found.map((customer) => (
                  <ListItem
                    key={customer.id}
                    secondaryAction={
                      <Button size="small" variant="outlined" onClick={() => onChoose(customer)} data-testid={`relocation-choose-guarantor-${customer.id}`}>
                        {translate('app.relocation.intake.choose')}
                      </Button>
                    }
                  >
                    <ListItemText primary={`${customer.name} (${customer.customerNo})`} secondary={customer.address} />
                  </ListItem>
                ))}
              </List>
            )}
          </>
        ))}
    </Stack>
  );
};
