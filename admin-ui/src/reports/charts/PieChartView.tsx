import { PieChart } from '@mui/x-charts/PieChart';

export interface PieChartProps {
  slices: Array<{ label: string; value: number }>;
  noData: string;
  height?: number;
  onSliceClick?: (index: number) => void;
}

/** Parts of a whole (cases by outcome); empty parts are left out of the drawing. */
export default function PieChartView({ slices, noData, height = 240, onSliceClick }: PieChartProps) {
  const shown = slices.map((slice, id) => ({ id, ...slice })).filter((slice) => slice.value > 0);
  return (
    <PieChart
      height={height}
      skipAnimation
      series={[{ data: shown, innerRadius: 40, paddingAngle: 1, cornerRadius: 3 }]}
      localeText={{ noData, loading: noData }}
      onItemClick={onSliceClick ? (_event, item) => onSliceClick(Number(shown[item.dataIndex]?.id)) : undefined}
    />
  );
}
