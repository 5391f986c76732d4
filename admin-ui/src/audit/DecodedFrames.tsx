import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useFormatDateTime } from '../common/DateTimeField';
import type { DecodedExchange, DecodedFrame } from './api';
import { useAuditWords } from './useAuditWords';

/** Hex that wraps at any byte: a 32-byte control frame never runs off the page. */
const hexSx = { fontFamily: 'monospace', fontSize: 12, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', wordBreak: 'break-all', margin: 0 } as const;

/**
 * A meter command's frames, each decoded beside its hex by the project's own DL/T 645 codec
 * (the API decodes; this only words the codes): direction, address, function, data
 * identifier, the meter's answer and what it means, and the timing on the wire.
 */
export const DecodedFrames = ({ exchanges }: { exchanges: DecodedExchange[] }) => {
  const words = useAuditWords();
  const formatDateTime = useFormatDateTime();
  return (
    <Box component="section" aria-label={words.t('app.audit.frame.title')} data-testid="decoded-frames" sx={{ marginTop: 1 }}>
      {exchanges.map((exchange, index) => (
        <Box key={index} data-testid="decoded-exchange" sx={{ backgroundColor: 'action.hover', borderRadius: 1, padding: 1, marginBottom: 1 }}>
          <Typography variant="caption" color="text.secondary" component="p" data-testid="frame-timing">
            <time dateTime={exchange.at}>{formatDateTime(exchange.at)}</time> ·{' '}
            {words.timing(exchange)}
            {exchange.untilNextMs !== null && ` · ${words.t('app.audit.frame.next', { ms: exchange.untilNextMs })}`}
          </Typography>
          <FrameRow arrow="→" label={words.t('app.audit.frame.sent')} hex={exchange.sentHex} frames={[exchange.sent]} testId="frame-sent" />
          <FrameRow
            arrow="←"
            label={words.t('app.audit.frame.received')}
            hex={exchange.receivedHex ?? words.t('app.audit.frame.no_reply')}
            frames={exchange.received}
            noise={exchange.noiseBytes}
            testId="frame-received"
          />
        </Box>
      ))}
    </Box>
  );
};

const FrameRow = ({ arrow, label, hex, frames, noise = 0, testId }: { arrow: string; label: string; hex: string; frames: DecodedFrame[]; noise?: number; testId: string }) => {
  const words = useAuditWords();
  return (
    <Box data-testid={testId} sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1fr) minmax(0, 1fr)' }, columnGap: 2, rowGap: 0.5, marginTop: 0.5 }}>
      <Box component="pre" aria-label={label} sx={hexSx} data-testid={`${testId}-hex`} data-raw>
        {arrow} {hex}
      </Box>
      <Box data-testid={`${testId}-decoded`}>
        {frames.map((frame, index) => (
          <Typography key={index} variant="body2" sx={{ overflowWrap: 'anywhere' }} data-meaning={frame.meaning}>
            {words.frame(frame)}
          </Typography>
        ))}
        {noise > 0 && (
          <Typography variant="caption" color="text.secondary">
            {words.t('app.audit.frame.noise', { count: noise })}
          </Typography>
        )}
      </Box>
    </Box>
  );
};
