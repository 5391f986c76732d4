import Chip from '@mui/material/Chip';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

/** 未停电 in green, 已停电 in red: the first thing a collector or agent looks for. */
export const SupplyStatusField = ({ source = 'supplyStatus' }: FieldProps) => {
  const translate = useTranslate();
  const status = useFieldValue({ source });
  if (typeof status !== 'string') return null;
  return (
    <Chip
      size="small"
      color={status === 'connected' ? 'success' : 'error'}
      label={translate(`app.supply_status.${status}`, { _: status })}
      data-testid={`supply-status-${status}`}
    />
  );
};
