import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { useFormatDateTime } from '../common/DateTimeField';
import { KeyValueList } from '../common/KeyValueList';
import { useTaskTexts } from '../tasks/taskTexts';
import { timelinePath, type TimelineEntry } from './api';
import { DecodedFrames } from './DecodedFrames';
import { wordCodeValues } from '../../../domain/audit/words';
import { useAuditWords } from './useAuditWords';

const STEP_COLORS = { running: 'info', done: 'default', completed: 'success', failed: 'error' } as const;

/**
 * One event of the chain as an auditor reads it: what happened, when, who did it (a person by
 * name, the system's actors named for what they are), what it concerns (each linking to its
 * own timeline), its place in the chain, the workflow behind it and a meter's frames decoded.
 */
export const AuditEntry = ({ entry }: { entry: TimelineEntry }) => {
  const words = useAuditWords();
  const formatDateTime = useFormatDateTime();
  const taskTexts = useTaskTexts();
  const { t } = words;
  const data = wordCodeValues(entry.data, t);
  delete data.by;
  // A step's state as recorded ("running" when it began) would contradict where it stands now: the chip says that.
  if (entry.step) {
    delete data.step;
    delete data.state;
  }
  // A gateway's own message id is for machines: shown apart, as raw data.
  const providerMessageId = data.providerMessageId;
  delete data.providerMessageId;
  // A task's title is worded from its codes on the task line below, not repeated from the data.
  if (entry.type === 'task.created') for (const key of ['title', 'routingReason', 'titleCode', 'routingCode']) delete data[key];
  return (
    <Box component="li" data-testid="audit-entry" data-seq={entry.seq} data-type={entry.type} sx={{ borderLeft: 2, borderColor: 'divider', paddingLeft: 1.5 }}>
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        <Typography variant="body2" component="span">
          <strong>{t(`app.events.${entry.type}`, {}, entry.type)}</strong>
        </Typography>
        {entry.step && (
          <>
            <Typography variant="body2" component="span">
              {words.step(entry.step.code)}
            </Typography>
            <Chip size="small" data-testid="step-state" label={t(`app.audit.step_state.${entry.step.state}`)} color={STEP_COLORS[entry.step.state]} variant="outlined" />
          </>
        )}
      </Stack>
      <Typography variant="caption" color="text.secondary" component="p">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> ·{' '}
        {entry.actor.kind === 'person' && entry.actor.userId ? (
          <Link component={RouterLink} to={timelinePath('person', entry.actor.userId)} data-testid="entry-actor">
            {words.actor(entry.actor)}
          </Link>
        ) : (
          <span data-testid="entry-actor">{words.actor(entry.actor)}</span>
        )}
        {' · '}
        <span title={`${t('app.audit.timeline.hash', { hash: entry.hash })}\n${t('app.audit.timeline.prev_hash', { hash: entry.prevHash })}`} data-testid="entry-seq">
          {t('app.audit.timeline.seq', { seq: entry.seq })} · <span data-raw>{entry.hash.slice(0, 12)}…</span>
        </span>
      </Typography>
      <Stack direction="row" spacing={2} flexWrap="wrap" useFlexGap sx={{ typography: 'body2' }}>
        {entry.case && (
          <span>
            {t('app.audit.ref.case')}{' '}
            <Link component={RouterLink} to={timelinePath('case', entry.case.id)}>
              {entry.case.id} {entry.case.title}
            </Link>
          </span>
        )}
        {entry.customer && (
          <span>
            {t('app.audit.ref.customer')}{' '}
            <Link component={RouterLink} to={timelinePath('customer', entry.customer.customerNo)} data-testid="entry-customer">
              {entry.customer.customerNo} {entry.customer.name}
            </Link>
          </span>
        )}
        {entry.meter && (
          <span>
            {t('app.audit.ref.meter')}{' '}
            <Link component={RouterLink} to={timelinePath('meter', entry.meter.address)} data-testid="entry-meter">
              {entry.meter.address}
            </Link>
          </span>
        )}
        {entry.task && (
          <span>
            {t('app.audit.ref.task')} {entry.task.id} {taskTexts.title({ titleCode: entry.task.titleCode, titleParams: entry.task.titleParams ?? undefined, title: entry.task.title })}
          </span>
        )}
        {entry.order && (
          <span>
            {t('app.audit.ref.order')} {entry.order.orderNo}
          </span>
        )}
      </Stack>
      <KeyValueList values={data} people={entry.people} />
      {typeof providerMessageId === 'string' && (
        <Typography variant="caption" color="text.secondary" component="p">
          {t('app.audit.timeline.provider_message_id')}: <span data-raw>{providerMessageId}</span>
        </Typography>
      )}
      {entry.frames.length > 0 && <DecodedFrames exchanges={entry.frames} />}
      {entry.workflow && (
        <Typography variant="caption" component="p" color="text.secondary">
          {/* The workflow's id is for machines: named in the link's title, not in the text. */}
          <Link component="a" href={entry.workflow.historyUrl} download title={entry.workflow.workflowId} data-testid="workflow-history">
            {t('app.audit.timeline.download_history')}
          </Link>
        </Typography>
      )}
    </Box>
  );
};
