import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { useTaskTexts } from '../tasks/taskTexts';
import type { FrameExchange } from '../types';
import { useFormatDateTime } from './DateTimeField';
import { FrameExchanges } from './FrameExchanges';
import { KeyValueList } from './KeyValueList';

/** A line of a case's timeline or a customer's history, as the API answers it. */
export interface TimelineLine {
  at: string;
  type: string;
  actor: string;
  /** The acting person's name when a person acted; the people the data names by id. */
  actorName?: string | null;
  people?: Record<string, string>;
  data: Record<string, unknown>;
}

/** Who acted, in the reader's language: a person by name, else what kind of actor it was. */
function useActorLabel(): (entry: TimelineLine, by: unknown) => string {
  const translate = useTranslate();
  return (entry, by) => {
    if (entry.actorName) return entry.actorName;
    if (typeof by === 'string' && by) return by;
    const [kind, name] = entry.actor.split(/:(.*)/s);
    if (kind === 'user') return translate('app.timeline.actor.unknown_person');
    if (kind === 'workflow') return translate('app.timeline.actor.workflow');
    if (kind === 'service') return translate('app.timeline.actor.service', { name: name ?? '' });
    // Messages: the gateway that carried them (outbox, smtp:host…).
    if (entry.type.startsWith('message.')) return translate('app.timeline.actor.gateway');
    return translate('app.timeline.actor.system');
  };
}

/**
 * Everything that happened, oldest first: task events (who and why), workflow steps, meter
 * frames, messages sent. Event types read "app.events.<type>"; unknown ones show as sent.
 */
export const Timeline = ({ entries }: { entries: TimelineLine[] }) => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const actorLabel = useActorLabel();
  const taskTexts = useTaskTexts();
  if (entries.length === 0) {
    return <Typography color="text.secondary">{translate('app.timeline.empty')}</Typography>;
  }
  return (
    <Stack component="ol" spacing={2} sx={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {entries.map((entry, index) => {
        // The API puts the person's name in data.by of task actions; the actor is an id ("user:7", "workflow:...").
        const { exchanges, by, ...data } = entry.data ?? {};
        // A task's title and routing reason are stored as text for auditors; people read them worded from their codes.
        if (entry.type === 'task.created' && typeof data.titleCode === 'string') {
          data.title = taskTexts.title(data as Parameters<typeof taskTexts.title>[0]);
          if (typeof data.routingCode === 'string') data.routingReason = taskTexts.routing(data as Parameters<typeof taskTexts.routing>[0]);
        }
        return (
          <Box component="li" key={index} data-testid="timeline-entry" sx={{ borderLeft: 2, borderColor: 'divider', paddingLeft: 1.5 }}>
            <Typography variant="body2">
              <strong>{translate(`app.events.${entry.type}`, { _: entry.type })}</strong>
            </Typography>
            <Typography variant="caption" color="text.secondary" component="p">
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> · {actorLabel(entry, by)}
            </Typography>
            <KeyValueList values={data} people={entry.people} />
            {Array.isArray(exchanges) && exchanges.length > 0 && <FrameExchanges exchanges={exchanges as FrameExchange[]} />}
          </Box>
        );
      })}
    </Stack>
  );
};
