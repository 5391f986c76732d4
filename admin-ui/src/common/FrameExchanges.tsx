import Box from '@mui/material/Box';
import { useTranslate } from 'react-admin';
import type { FrameExchange } from '../types';
import { useFormatDateTime } from './DateTimeField';

/** DL/T 645 frames sent to a meter and its replies, in hex, as an auditor reads them. */
export const FrameExchanges = ({ exchanges }: { exchanges: FrameExchange[] }) => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const lines = exchanges.flatMap((exchange) => [
    `${formatDateTime(exchange.at)}${exchange.note ? `  ${exchange.note}` : ''}`,
    `  → ${exchange.sentHex}`,
    `  ← ${exchange.receivedHex ?? translate('app.timeline.no_reply')}`,
  ]);
  return (
    <Box
      component="pre"
      data-testid="meter-frames"
      aria-label={translate('app.timeline.meter_frames')}
      sx={{ fontFamily: 'monospace', fontSize: 12, backgroundColor: 'action.hover', padding: 1, margin: 0, overflowX: 'auto' }}
    >
      {lines.join('\n')}
    </Box>
  );
};
