import DirectionsCarIcon from '@mui/icons-material/DirectionsCar';
import PlaceIcon from '@mui/icons-material/Place';
import Box from '@mui/material/Box';
import MuiButton from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useCanAccess, useGetIdentity, useLocaleState, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { RepairOrder } from '../../../domain/contracts/repair';
import type { RepairProgressRequest } from '../../../domain/contracts/repair-progress';
import { Section } from '../common/Section';
import { API_URL, apiRefusalOf, httpClient } from '../httpClient';
import { NO_PRINT } from './printStyles';

type Progress = NonNullable<RepairOrder['progress']>[number];
const KNOWN_REFUSALS = new Set(['NOT_ACCEPTED', 'NOT_YOUR_ORDER', 'ORDER_NOT_OPEN', 'ALREADY_DEPARTED', 'ALREADY_ARRIVED', 'INVALID_PROGRESS', 'UNSTORABLE_TEXT']);

/**
 * What the crew did on site, as it happened; for the crew member holding the open order, the
 * buttons to record it from a phone: leaving, arriving, and each repair step.
 */
export const RepairProgressPanel = () => {
  const record = useRecordContext<RepairOrder>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { identity } = useGetIdentity();
  const { canAccess } = useCanAccess({ resource: 'repair_orders', action: 'report' });
  if (!record) return null;
  const progress = record.progress ?? [];
  const mine = Boolean(canAccess && identity && record.crewUserId !== null && String(identity.id) === String(record.crewUserId) && record.state === 'open');
  const time = (at: string) => new Date(at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <Section title="app.repair_order.progress.title">
      {record.arrivedAt && (
        <Typography variant="body2" gutterBottom data-testid="repair-arrived-at">
          {translate('app.repair_order.progress.arrived_at', { time: time(record.arrivedAt) })}
        </Typography>
      )}
      {progress.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('app.repair_order.progress.none')}
        </Typography>
      ) : (
        <List dense disablePadding data-testid="repair-progress">
          {progress.map((p) => (
            <ListItem key={p.id} disableGutters>
              <ListItemText
                primary={p.kind === 'step' ? p.text : translate(`app.repair_order.progress.kind.${p.kind}`)}
                secondary={[time(p.at), p.byName, ...(p.loop > 0 ? [translate('app.repair_order.progress.round', { round: p.loop + 1 })] : [])].join(' · ')}
              />
            </ListItem>
          ))}
        </List>
      )}
      {mine && <CrewActions record={record} progress={progress} />}
    </Section>
  );
};

/** Big buttons and one text box: usable with a thumb on a phone-sized screen. */
const CrewActions = ({ record, progress }: { record: RepairOrder; progress: Progress[] }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [step, setStep] = useState('');
  const [busy, setBusy] = useState(false);
  const thisRound = progress.filter((p) => p.loop === record.loopCount);
  const departed = thisRound.some((p) => p.kind === 'departed');
  const arrived = thisRound.some((p) => p.kind === 'arrived');

  const send = async (body: RepairProgressRequest) => {
    setBusy(true);
    try {
      await httpClient(`${API_URL}/repair_orders/${record.id}/progress`, { method: 'POST', body: JSON.stringify(body) });
      notify('app.repair_order.progress.recorded', { type: 'success' });
      if (body.kind === 'step') setStep('');
      refresh();
    } catch (error) {
      const { code, message } = apiRefusalOf(error);
      notify(code && KNOWN_REFUSALS.has(code) ? `app.repair_order.progress.error.${code}` : 'app.repair_order.progress.error.other', { type: 'error', messageArgs: { message: message ?? '' } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box className={NO_PRINT} sx={{ marginTop: 2 }}>
      <Stack direction="row" spacing={1} sx={{ marginBottom: 2 }}>
        <MuiButton variant="outlined" size="large" startIcon={<DirectionsCarIcon />} disabled={busy || departed} onClick={() => send({ kind: 'departed' })} data-testid="repair-depart" sx={{ flex: 1 }}>
          {translate('app.repair_order.progress.depart')}
        </MuiButton>
        <MuiButton variant="outlined" size="large" startIcon={<PlaceIcon />} disabled={busy || arrived} onClick={() => send({ kind: 'arrived' })} data-testid="repair-arrive" sx={{ flex: 1 }}>
          {translate('app.repair_order.progress.arrive')}
        </MuiButton>
      </Stack>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <TextField
          label={translate('app.repair_order.progress.step_label')}
          value={step}
          onChange={(event) => setStep(event.target.value)}
          slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'repair-step-text' } }}
          multiline
          fullWidth
          size="small"
        />
        <MuiButton variant="contained" disabled={busy || step.trim() === ''} onClick={() => send({ kind: 'step', text: step })} data-testid="repair-add-step">
          {translate('app.repair_order.progress.add_step')}
        </MuiButton>
      </Stack>
    </Box>
  );
};
