import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { CanAccess, Loading, useGetOne, useLocaleState, useRefresh, useTranslate, type Identifier } from 'react-admin';
import { useFormatDateTime } from '../common/DateTimeField';
import { Section } from '../common/Section';
import type { Disconnection, DisconnectionProgress as Progress } from '../types';
import { FINAL_STAGES, LIVE_REFRESH_MS } from './disconnectionCodes';
import { OutcomeList } from './OutcomeList';

const isLive = (disconnection: Disconnection | undefined) => !disconnection || !FINAL_STAGES.includes(disconnection.progress.stage);

/**
 * A disconnection case's live progress and each customer's outcome, for its case page. Asks
 * again every few seconds until the case is archived or rejected.
 */
export const DisconnectionProgress = ({ caseId, workflowId }: { caseId: Identifier; workflowId: string }) => (
  <CanAccess resource="disconnections" action="show">
    <LiveProgress caseId={caseId} workflowId={workflowId} />
  </CanAccess>
);

const LiveProgress = ({ caseId, workflowId }: { caseId: Identifier; workflowId: string }) => {
  const translate = useTranslate();
  const { data, error, isPending } = useGetOne<Disconnection>(
    'disconnections',
    { id: workflowId },
    { refetchInterval: (query) => (isLive(query.state.data) ? LIVE_REFRESH_MS : false) },
  );
  useRefreshOnNewStage(data?.progress.stage);
  const live = isLive(data);
  return (
    <>
      <Section title="app.disconnection.progress.title">
        {isPending && <Loading />}
        {error && !data && <Alert severity="warning">{translate('app.disconnection.progress.unavailable')}</Alert>}
        {data && <Figures progress={data.progress} live={live} />}
      </Section>
      <CanAccess resource="disconnection_outcomes" action="list">
        <Section title="app.disconnection.outcomes.title">
          <OutcomeList caseId={caseId} live={live} />
        </Section>
      </CanAccess>
    </>
  );
};

/** A new stage changes the case itself (state, step, tasks, timeline): reload the page's records then. */
function useRefreshOnNewStage(stage: string | undefined): void {
  const refresh = useRefresh();
  const last = useRef(stage);
  useEffect(() => {
    if (stage !== undefined && last.current !== undefined && stage !== last.current) refresh();
    last.current = stage ?? last.current;
  }, [stage, refresh]);
}

const Figures = ({ progress, live }: { progress: Progress; live: boolean }) => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const settled = progress.disconnected + progress.excluded;
  const figure = (key: keyof Progress, label: string, detail?: string) => <Figure key={key} testId={`progress-${key}`} label={label} value={progress[key] as number} detail={detail} />;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Chip
          data-testid="progress-stage"
          data-stage={progress.stage}
          color={progress.stage === 'archived' ? 'success' : progress.stage === 'rejected' ? 'default' : 'primary'}
          label={translate(`app.disconnection.stage.${progress.stage}`, { _: progress.stage })}
        />
        {live && (
          <Typography variant="caption" color="text.secondary">
            {translate('app.disconnection.progress.live', { seconds: LIVE_REFRESH_MS / 1000 })}
          </Typography>
        )}
      </Stack>
      <LinearProgress variant="determinate" value={progress.total > 0 ? (100 * settled) / progress.total : 0} aria-label={translate('app.disconnection.progress.settled')} />
      {progress.pausedUntil && (
        <Alert severity="info" data-testid="progress-paused">
          {translate('app.disconnection.progress.paused', {
            until: formatDateTime(progress.pausedUntil),
            reason: progress.pauseCode
              ? translate(`app.disconnection_code.${progress.pauseCode}`, { _: progress.pauseCode })
              : translate('app.disconnection.progress.forbidden_window'),
          })}
        </Alert>
      )}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 2 }}>
        {figure('total', 'app.disconnection.progress.total')}
        {figure('disconnected', 'app.disconnection.progress.disconnected', progress.manualEntry > 0 ? translate('app.disconnection.progress.manual_entry', { count: progress.manualEntry }) : undefined)}
        {figure('failed', 'app.disconnection.progress.failed', progress.awaitingEntry > 0 ? translate('app.disconnection.progress.awaiting_entry', { count: progress.awaitingEntry }) : undefined)}
        {figure('excluded', 'app.disconnection.progress.excluded')}
        {figure('deferred', 'app.disconnection.progress.deferred')}
        {figure('inFlight', 'app.disconnection.progress.in_flight')}
        {figure('remaining', 'app.disconnection.progress.remaining')}
      </Box>
    </Stack>
  );
};

const Figure = ({ testId, label, value, detail }: { testId: string; label: string; value: number; detail?: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Box data-testid={testId}>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(label)}
      </Typography>
      <Typography variant="h5" component="div" data-value={value}>
        {value.toLocaleString(locale)}
      </Typography>
      {detail && (
        <Typography variant="caption" color="text.secondary" component="div">
          {detail}
        </Typography>
      )}
    </Box>
  );
};
