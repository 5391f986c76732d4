import Typography from '@mui/material/Typography';
import { useRecordContext, type FieldProps } from 'react-admin';
import type { Task } from '../types';

/** The customer's name with the number people search by underneath. */
export const CustomerCell = (_props: FieldProps) => {
  const task = useRecordContext<Task>();
  if (!task?.customerName && !task?.customerNo) return null;
  return (
    <Typography component="span" variant="body2">
      {task.customerName}
      <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
        {task.customerNo}
      </Typography>
    </Typography>
  );
};
