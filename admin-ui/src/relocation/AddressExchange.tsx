import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { maxLength, required, SelectInput, TextInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { ADDRESS_MAX, type Exchange, type ExchangeResolution } from '../../../domain/contracts/relocation';
import { listExchanges, resolveAddress } from './lookups';
import { useRelocationErrorMessage } from './words';

/** How long typing pauses before the address is looked up. */
const SETTLE_MS = 350;

/**
 * The new address and its exchange: the address table's (GET /api/exchanges/resolve) as the
 * clerk types, or, when no prefix covers it, the clerk's required choice among every exchange.
 * `onResolved` hears the table's answer for the address as typed now (null while unknown).
 */
export const AddressExchange = ({ resolution, onResolved }: { resolution: ExchangeResolution | null; onResolved: (resolution: ExchangeResolution | null) => void }) => {
  const translate = useTranslate();
  const errorMessage = useRelocationErrorMessage();
  const address = ((useWatch({ name: 'newAddress' }) as string | undefined) ?? '').trim();
  const [exchanges, setExchanges] = useState<Exchange[] | null>(null);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    onResolved(null);
    setProblem(undefined);
    if (!address) return;
    let current = true;
    const timer = setTimeout(() => {
      resolveAddress(address)
        .then((found) => current && onResolved(found))
        .catch((error: unknown) => current && setProblem(errorMessage(error).text));
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // The lookup depends on the address only.
  }, [address]);

  const notCovered = resolution !== null && resolution.exchange === null;
  useEffect(() => {
    if (notCovered && exchanges === null) {
      listExchanges()
        .then(setExchanges)
        .catch((error: unknown) => setProblem(errorMessage(error).text));
    }
  }, [notCovered, exchanges]);

  return (
    <Stack spacing={1} sx={{ width: '100%' }} data-testid="relocation-address">
      <TextInput source="newAddress" label="app.relocation.intake.new_address" helperText="app.relocation.intake.new_address_help" validate={[required(), maxLength(ADDRESS_MAX)]} fullWidth />
      {problem && <Alert severity="warning">{problem}</Alert>}
      {address && resolution === null && !problem && (
        <Typography variant="body2" color="text.secondary">
          {translate('app.relocation.intake.exchange_resolving')}
        </Typography>
      )}
      {resolution?.exchange && (
        <Alert severity="success" data-testid="relocation-exchange-resolved">
          {translate('app.relocation.intake.exchange_resolved', { exchange: resolution.exchange.name, prefix: resolution.prefix ?? '' })}
        </Alert>
      )}
      {notCovered && (
        <>
          <Alert severity="warning" data-testid="relocation-exchange-not-covered">
            {translate('app.relocation.intake.exchange_not_covered')}
          </Alert>
          <SelectInput
            source="exchangeCode"
            label="app.relocation.intake.exchange_choice"
            choices={(exchanges ?? []).map((exchange) => ({ id: exchange.code, name: exchange.name }))}
            translateChoice={false}
            validate={required()}
            sx={{ minWidth: 240 }}
          />
        </>
      )}
    </Stack>
  );
};
