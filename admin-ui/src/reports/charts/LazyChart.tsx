import Skeleton from '@mui/material/Skeleton';
import { lazy, Suspense } from 'react';
import { useTranslate } from 'react-admin';
import type { BarChartProps } from './BarChartView';
import type { PieChartProps } from './PieChartView';

// The charting library is large: it loads with the first chart, not with the back office.
const BarChartView = lazy(() => import('./BarChartView'));
const PieChartView = lazy(() => import('./PieChartView'));

type WithoutNoData<P> = Omit<P, 'noData'>;

export const ReportBarChart = ({ testId, ...props }: WithoutNoData<BarChartProps> & { testId: string }) => {
  const translate = useTranslate();
  return (
    <div data-testid={`chart-${testId}`}>
      <Suspense fallback={<Skeleton variant="rectangular" height={props.height ?? 280} />}>
        <BarChartView {...props} noData={translate('app.reports.no_data')} />
      </Suspense>
    </div>
  );
};

export const ReportPieChart = ({ testId, ...props }: WithoutNoData<PieChartProps> & { testId: string }) => {
  const translate = useTranslate();
  return (
    <div data-testid={`chart-${testId}`}>
      <Suspense fallback={<Skeleton variant="rectangular" height={props.height ?? 240} />}>
        <PieChartView {...props} noData={translate('app.reports.no_data')} />
      </Suspense>
    </div>
  );
};
