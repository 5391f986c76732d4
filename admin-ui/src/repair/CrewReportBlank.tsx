import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { useFormatDateTime } from '../common/DateTimeField';
import { PRINT_ONLY } from './printStyles';

const LINES: { key: string; rows: number }[] = [
  { key: 'arrived_at', rows: 1 },
  { key: 'finished_at', rows: 1 },
  { key: 'cause', rows: 2 },
  { key: 'work_done', rows: 3 },
  { key: 'parts', rows: 3 },
  { key: 'mileage', rows: 1 },
  { key: 'liable_party', rows: 1 },
  { key: 'crew_signature', rows: 1 },
  { key: 'customer_signature', rows: 1 },
];

/** On paper only: ruled lines for the crew to fill in on site (维修回单). */
export const CrewReportBlank = () => {
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  return (
    <Box className={PRINT_ONLY} sx={{ marginTop: 2 }} data-testid="repair-report-blank">
      <Typography variant="h6" component="h2" gutterBottom>
        {translate('app.repair_order.section.crew_report')}
      </Typography>
      {LINES.map(({ key, rows }) => (
        <Box key={key} sx={{ display: 'flex', alignItems: 'flex-end', gap: 1, marginBottom: 1 }}>
          <Typography variant="body2" sx={{ minWidth: '10em' }}>
            {translate(`app.repair_order.report_blank.${key}`)}
          </Typography>
          <Box sx={{ flex: 1, borderBottom: '1px solid #000', height: `${rows * 1.8}em` }} />
        </Box>
      ))}
      <Typography variant="caption">{translate('app.repair_order.printed_at', { time: formatDateTime(new Date().toISOString()) })}</Typography>
    </Box>
  );
};
