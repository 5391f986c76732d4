import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { CaseTimelineEntry, CustomerHistoryEntry, FrameExchange } from '../types';
import { useFormatDateTime } from './DateTimeField';
import { FrameExchanges } from './FrameExchanges';
import { KeyValueList } from './KeyValueList';

/**
 * Everything that happened, oldest first: task events (who and why), workflow steps, meter
 * frames, messages sent. Event types read "app.events.<type>"; unknown ones show as sent.
 */
export const Timeline = ({ entries }: { entries: Array<CaseTimelineEntry | CustomerHistoryEntry> }) => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  if (entries.length === 0) {
    return <Typography color="text.secondary">{translate('app.timeline.empty')}</Typography>;
  }
  return (
    <Stack component="ol" spacing={2} sx={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {entries.map((entry, index) => {
        // The API puts the person's name in data.by; the actor is an id ("user:7", "workflow:...").
        const { exchanges, by, ...data } = entry.data;
        return (
          <Box component="li" key={index} data-testid="timeline-entry" sx={{ borderLeft: 2, borderColor: 'divider', paddingLeft: 1.5 }}>
            <Typography variant="body2">
              <strong>{translate(`app.events.${entry.type}`, { _: entry.type })}</strong>
            </Typography>
            <Typography variant="caption" color="text.secondary" component="p">
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> · {typeof by === 'string' && by ? by : entry.actor}
            </Typography>
            <KeyValueList values={data} />
            {Array.isArray(exchanges) && exchanges.length > 0 && <FrameExchanges exchanges={exchanges as FrameExchange[]} />}
          </Box>
        );
      })}
    </Stack>
  );
};
