import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { BooleanInput, RadioButtonGroupInput, useTranslate } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { apiRefusalOf } from '../httpClient';
import { listFreeNumbers } from './lookups';
import { useRelocationErrorMessage } from './words';

/** A page of the choosing screen. */
const PAGE = 20;

/**
 * The choosing screen (选号) of a cross-exchange move: free numbers of the new exchange, in
 * order, by pattern or a random page; or keep the number (NP flag), which disables the choice
 * and the number-change announcement. `reload` changes when a number was taken meanwhile.
 */
export const NumberChoice = ({ exchangeCode, reload }: { exchangeCode: string; reload: number }) => {
  const translate = useTranslate();
  const errorMessage = useRelocationErrorMessage();
  const { setValue } = useFormContext();
  const keepNumber = useWatch({ name: 'keepNumber' }) === true;
  const chosen = useWatch({ name: 'number' }) as string | undefined;
  const [pattern, setPattern] = useState('');
  const [numbers, setNumbers] = useState<string[] | null>(null);
  const [exchangeName, setExchangeName] = useState('');
  const [problem, setProblem] = useState<string>();

  // Only the last search's answer is shown, however the answers come back.
  const latest = useRef(0);

  const load = async (options: { pattern?: string; random?: boolean }) => {
    const asked = ++latest.current;
    setProblem(undefined);
    try {
      const page = await listFreeNumbers(exchangeCode, { ...options, limit: PAGE });
      if (asked !== latest.current) return;
      setNumbers(page.numbers);
      setExchangeName(page.exchangeName);
    } catch (error) {
      if (asked !== latest.current) return;
      const { code, reason } = apiRefusalOf(error);
      setProblem(code === 'INVALID_NUMBER_PATTERN' && reason ? translate(`app.relocation.errors.pattern.${reason}`, { _: errorMessage(error).text }) : errorMessage(error).text);
    }
  };

  // A new exchange, or a number taken meanwhile: its free numbers from the first, the choice cleared.
  useEffect(() => {
    setValue('number', undefined);
    setPattern('');
    void load({});
  }, [exchangeCode, reload]);

  useEffect(() => {
    if (keepNumber) {
      setValue('number', undefined);
      setValue('announcement', false);
    }
  }, [keepNumber, setValue]);

  const byPattern = () => void load(pattern.trim() ? { pattern: pattern.trim() } : {});
  const onKey = (event: KeyboardEvent) => {
    // Enter searches; it must not send the order.
    if (event.key === 'Enter') {
      event.preventDefault();
      byPattern();
    }
  };
  const shown = numbers ?? [];
  const choices = (chosen && !shown.includes(chosen) ? [chosen, ...shown] : shown).map((number) => ({ id: number, name: number }));

  return (
    <Stack spacing={1} sx={{ width: '100%' }} data-testid="relocation-number-choice">
      <BooleanInput source="keepNumber" label="app.relocation.intake.keep_number" helperText="app.relocation.intake.keep_number_help" />
      {!keepNumber && (
        <>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            <TextField
              size="small"
              label={translate('app.relocation.intake.pattern')}
              helperText={translate('app.relocation.intake.pattern_help')}
              value={pattern}
              onChange={(event) => setPattern(event.target.value)}
              onKeyDown={onKey}
              slotProps={{ htmlInput: { 'data-testid': 'relocation-number-pattern', maxLength: 40 } }}
              sx={{ minWidth: 260 }}
            />
            <Button variant="outlined" onClick={byPattern} sx={{ flexShrink: 0, marginTop: 1 }} data-testid="relocation-number-search">
              {translate('app.relocation.intake.by_pattern')}
            </Button>
            <Button variant="outlined" onClick={() => void load({ random: true })} sx={{ flexShrink: 0, marginTop: 1 }} data-testid="relocation-number-random">
              {translate('app.relocation.intake.random_page')}
            </Button>
          </Stack>
          {problem && <Alert severity="warning">{problem}</Alert>}
          <Typography variant="subtitle2">{translate('app.relocation.intake.free_numbers', { exchange: exchangeName })}</Typography>
          {numbers !== null && choices.length === 0 && (
            <Typography variant="body2" color="text.secondary" data-testid="relocation-no-free-numbers">
              {translate('app.relocation.intake.no_free_numbers')}
            </Typography>
          )}
          {choices.length > 0 && <RadioButtonGroupInput source="number" label="app.relocation.intake.choose_number" choices={choices} translateChoice={false} row helperText={false} />}
          <Typography variant="body2" color={chosen ? undefined : 'text.secondary'} data-testid="relocation-chosen-number">
            {chosen ? translate('app.relocation.intake.chosen_number', { number: chosen }) : translate('app.relocation.intake.no_number_chosen')}
          </Typography>
        </>
      )}
      <BooleanInput source="announcement" label="app.relocation.intake.announcement" helperText="app.relocation.intake.announcement_help" disabled={keepNumber} />
    </Stack>
  );
};
