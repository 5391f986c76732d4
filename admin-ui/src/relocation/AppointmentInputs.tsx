import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { useEffect, useState } from 'react';
import { required, SelectInput, useTranslate } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import type { InstallTeam } from '../../../domain/contracts/relocation';
import { addDays, chinaDate } from '../../../domain/relocation/appointment';
import { listInstallTeams } from './lookups';
import { useRelocationErrorMessage, useRelocationWords } from './words';

/** The days the clerk books from: today (China) and the 13 after. */
const DAYS = 14;

/** A slot as the clerk reads it: its name and what is left, a full one not choosable. */
export function slotChoices(team: InstallTeam | undefined, date: string | undefined, describe: (slot: { slot: string; capacity: number; remaining: number }) => string) {
  const day = team?.days.find((d) => d.date === date);
  return (day?.slots ?? []).map((slot) => ({ id: slot.slot, name: describe(slot), disabled: slot.remaining === 0 }));
}

/**
 * The installation appointment: a team serving the new exchange, a day, a slot with room
 * left. `reload` changes when a slot was taken meanwhile.
 */
export const AppointmentInputs = ({ exchangeCode, reload }: { exchangeCode: string; reload: number }) => {
  const translate = useTranslate();
  const words = useRelocationWords();
  const errorMessage = useRelocationErrorMessage();
  const { setValue } = useFormContext();
  const teamCode = useWatch({ name: 'teamCode' }) as string | undefined;
  const date = useWatch({ name: 'date' }) as string | undefined;
  const [teams, setTeams] = useState<InstallTeam[] | null>(null);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let current = true;
    const from = chinaDate(Date.now());
    setProblem(undefined);
    listInstallTeams(exchangeCode, from, addDays(from, DAYS - 1))
      .then((found) => current && setTeams(found))
      .catch((error: unknown) => current && setProblem(errorMessage(error).text));
    return () => {
      current = false;
    };
    // The error's words are read when it comes; the lookup depends on the exchange only.
  }, [exchangeCode, reload]);

  // A team of another exchange is no choice any more.
  useEffect(() => {
    if (teams && teamCode && !teams.some((team) => team.code === teamCode)) setValue('teamCode', undefined);
  }, [teams, teamCode, setValue]);

  const team = teams?.find((t) => t.code === teamCode);
  const dates = (team?.days ?? teams?.[0]?.days ?? []).map((day) => ({ id: day.date, name: day.date }));
  const describe = (slot: { slot: string; capacity: number; remaining: number }) =>
    slot.remaining === 0 ? translate('app.relocation.intake.slot_full', { slot: words.slot(slot.slot) }) : translate('app.relocation.intake.slot_left', { slot: words.slot(slot.slot), remaining: slot.remaining, capacity: slot.capacity });

  if (problem) return <Alert severity="warning">{problem}</Alert>;
  if (teams && teams.length === 0) return <Alert severity="warning">{translate('app.relocation.intake.no_teams')}</Alert>;
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ width: '100%' }} data-testid="relocation-appointment">
      <SelectInput source="teamCode" label="app.relocation.intake.team" choices={(teams ?? []).map((t) => ({ id: t.code, name: t.name }))} translateChoice={false} validate={required()} sx={{ minWidth: 220 }} />
      <SelectInput source="date" label="app.relocation.intake.date" choices={dates} translateChoice={false} validate={required()} sx={{ minWidth: 180 }} />
      <SelectInput source="slot" label="app.relocation.intake.slot" choices={slotChoices(team, date, describe)} translateChoice={false} validate={required()} disabled={!team || !date} sx={{ minWidth: 220 }} />
    </Stack>
  );
};
