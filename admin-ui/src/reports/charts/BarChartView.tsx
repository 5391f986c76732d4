import { BarChart } from '@mui/x-charts/BarChart';

/** What a report draws as bars: one category per row, one series per kind (stacked when they add up). */
export interface BarChartProps {
  categories: string[];
  series: Array<{ label: string; data: number[]; stack?: string; color?: string }>;
  /** Format of the value axis (e.g. percentages). */
  valueFormatter?: (value: number | null) => string;
  horizontal?: boolean;
  noData: string;
  height?: number;
  /** A click on a bar: which series and which category. */
  onBarClick?: (seriesIndex: number, categoryIndex: number) => void;
}

/** @mui/x-charts is loaded only with the report pages (see LazyChart). */
export default function BarChartView({ categories, series, valueFormatter, horizontal, noData, height = 280, onBarClick }: BarChartProps) {
  const band = [{ scaleType: 'band' as const, data: categories }];
  return (
    <BarChart
      height={height}
      // Drawn at once: figures are read, not watched growing (and screenshots show them whole).
      skipAnimation
      layout={horizontal ? 'horizontal' : 'vertical'}
      xAxis={horizontal ? [{ valueFormatter: valueFormatter ? (v: number | null) => valueFormatter(v) : undefined }] : band}
      yAxis={horizontal ? [{ ...band[0]!, width: 220 }] : [{ valueFormatter: valueFormatter ? (v: number | null) => valueFormatter(v) : undefined }]}
      series={series.map((s, i) => ({ ...s, id: `s${i}`, valueFormatter: valueFormatter ? (v: number | null) => valueFormatter(v) : undefined }))}
      localeText={{ noData, loading: noData }}
      onItemClick={onBarClick ? (_event, item) => onBarClick(Number(String(item.seriesId).slice(1)), item.dataIndex) : undefined}
    />
  );
}
