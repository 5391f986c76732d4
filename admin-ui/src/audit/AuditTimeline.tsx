import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { HttpError, Loading } from 'react-admin';
import type { TimelineKind } from '../../../domain/audit/codes';
import { useFormatDateTime } from '../common/DateTimeField';
import { KeyValueList } from '../common/KeyValueList';
import { fetchTimeline, type Order, type TimelineEntry, type TimelinePage } from './api';
import { AuditEntry } from './AuditEntry';
import { useAuditWords } from './useAuditWords';

interface Loaded {
  subject: TimelinePage['subject'];
  entries: TimelineEntry[];
  next: number | null;
  unchained: TimelinePage['unchainedMessages'];
}

/**
 * The chain's events of one case, customer, meter or person, newest or oldest first, a page
 * at a time (keyset by seq: a page never repeats or skips an event written meanwhile).
 */
export const AuditTimeline = ({ kind, subjectKey, showHeading = true }: { kind: TimelineKind; subjectKey: string; showHeading?: boolean }) => {
  const words = useAuditWords();
  const { t } = words;
  const [order, setOrder] = useState<Order>('newest');
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [error, setError] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let current = true;
    setLoaded(undefined);
    setError(undefined);
    fetchTimeline(kind, subjectKey, { order }).then(
      (page) => current && setLoaded({ subject: page.subject, entries: page.entries, next: page.next, unchained: page.unchainedMessages }),
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [kind, subjectKey, order]);

  const more = async () => {
    if (!loaded?.next) return;
    setLoadingMore(true);
    try {
      const page = await fetchTimeline(kind, subjectKey, { order, after: loaded.next });
      setLoaded({ ...loaded, entries: [...loaded.entries, ...page.entries], next: page.next });
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  if (error) {
    const notFound = error instanceof HttpError && error.status === 404;
    return <Alert severity={notFound ? 'info' : 'warning'} data-testid="audit-timeline-error">{t(notFound ? 'app.audit.timeline.not_found' : 'app.timeline.unavailable')}</Alert>;
  }
  if (!loaded) return <Loading />;
  return (
    <Box data-testid={`audit-timeline-${kind}`}>
      <Stack direction="row" spacing={2} alignItems="center" flexWrap="wrap" useFlexGap sx={{ marginBottom: 2 }}>
        {showHeading && (
          <Typography variant="h6" component="h2" data-testid="audit-timeline-heading">
            {t('app.audit.timeline.heading', { kind: t(`app.audit.kind.${kind}`), title: loaded.subject.title })}
            {loaded.subject.subtitle && (
              <Typography component="span" variant="body2" color="text.secondary" sx={{ marginLeft: 1 }}>
                {loaded.subject.subtitle}
              </Typography>
            )}
          </Typography>
        )}
        <ToggleButtonGroup size="small" exclusive value={order} onChange={(_, value: Order | null) => value && setOrder(value)} aria-label={t('app.audit.timeline.order')}>
          <ToggleButton value="newest" data-testid="order-newest">
            {t('app.audit.timeline.newest')}
          </ToggleButton>
          <ToggleButton value="oldest" data-testid="order-oldest">
            {t('app.audit.timeline.oldest')}
          </ToggleButton>
        </ToggleButtonGroup>
        {loaded.subject.workflow && (
          <Button component="a" size="small" href={loaded.subject.workflow.historyUrl} download title={loaded.subject.workflow.workflowId} data-testid="subject-workflow-history">
            {t('app.audit.timeline.download_history')}
          </Button>
        )}
      </Stack>
      {loaded.entries.length === 0 ? (
        <Typography color="text.secondary">{t('app.audit.timeline.empty')}</Typography>
      ) : (
        <Stack component="ol" spacing={2} sx={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {loaded.entries.map((entry) => (
            <AuditEntry key={entry.seq} entry={entry} />
          ))}
        </Stack>
      )}
      {loaded.next && (
        <Button onClick={more} disabled={loadingMore} sx={{ marginTop: 2 }} data-testid="audit-timeline-more">
          {t(order === 'newest' ? 'app.audit.timeline.more' : 'app.audit.timeline.more_oldest')}
        </Button>
      )}
      {loaded.unchained.length > 0 && <UnchainedMessages messages={loaded.unchained} />}
    </Box>
  );
};

/** Outbox rows from before messages were events: not on the chain, shown as stored. */
const UnchainedMessages = ({ messages }: { messages: Loaded['unchained'] }) => {
  const { t } = useAuditWords();
  const formatDateTime = useFormatDateTime();
  return (
    <Box component="section" sx={{ marginTop: 3 }} data-testid="unchained-messages">
      <Typography variant="subtitle1" component="h3">
        {t('app.audit.timeline.unchained')}
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {t('app.audit.timeline.unchained_note')}
      </Typography>
      <Stack component="ol" spacing={1} sx={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {messages.map((m) => (
          <Box component="li" key={m.outboxId} sx={{ borderLeft: 2, borderColor: 'divider', paddingLeft: 1.5 }}>
            <Typography variant="body2">
              <strong>{t(`app.events.message.${m.state}`)}</strong>
            </Typography>
            <Typography variant="caption" color="text.secondary" component="p">
              <time dateTime={m.at}>{formatDateTime(m.at)}</time>
            </Typography>
            <KeyValueList values={{ channel: m.channel, recipient: m.recipient, purpose: m.purpose, body: m.body }} />
          </Box>
        ))}
      </Stack>
    </Box>
  );
};
