import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { Link, useTranslate } from 'react-admin';
import { humanDuration } from './durations';
import { DURATION_WINDOW_DAYS, type Process } from './types';
import { useDiagramLabels } from './useProcessLabels';

/** The case list showing this process's open cases at one step. */
export function casesAtStepPath(caseType: string, step: string): string {
  return `/cases?filter=${encodeURIComponent(JSON.stringify({ type: caseType, step }))}`;
}

function useFormatDuration(): (seconds: number | undefined) => string {
  const translate = useTranslate();
  return (seconds) => {
    if (seconds === undefined) return translate('app.duration.none');
    const { key, count } = humanDuration(seconds);
    return translate(`app.duration.${key}`, { smart_count: count });
  };
}

/**
 * Each step that is not an end: how many open cases wait there now (opening them), and how
 * long stays lasted over the last 30 days.
 */
export const StepTable = ({ process }: { process: Process }) => {
  const translate = useTranslate();
  const labels = useDiagramLabels();
  const formatDuration = useFormatDuration();
  const waiting = new Map(process.waiting.map((at) => [at.step, at.count]));
  const durations = new Map(process.durations.map((row) => [row.step, row]));
  return (
    <Table size="small" data-testid={`steps-${process.id}`}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('app.process.step')}</TableCell>
          <TableCell align="right">{translate('app.process.waiting')}</TableCell>
          <TableCell align="right">{translate('app.process.stays', { days: DURATION_WINDOW_DAYS })}</TableCell>
          <TableCell align="right">{translate('app.process.median')}</TableCell>
          <TableCell align="right">{translate('app.process.p95')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {process.steps
          .filter((step) => step.kind !== 'end')
          .map((step) => {
            const count = waiting.get(step.id) ?? 0;
            const times = durations.get(step.id);
            return (
              <TableRow key={step.id}>
                <TableCell>{labels.step(step)}</TableCell>
                <TableCell align="right">
                  {count > 0 ? (
                    <Link to={casesAtStepPath(process.caseType, step.id)} data-testid={`waiting-${process.id}-${step.id}`}>
                      {count}
                    </Link>
                  ) : (
                    <span data-testid={`waiting-${process.id}-${step.id}`}>0</span>
                  )}
                </TableCell>
                <TableCell align="right">{times?.count ?? 0}</TableCell>
                <TableCell align="right">{formatDuration(times?.p50Seconds)}</TableCell>
                <TableCell align="right">{formatDuration(times?.p95Seconds)}</TableCell>
              </TableRow>
            );
          })}
      </TableBody>
    </Table>
  );
};
