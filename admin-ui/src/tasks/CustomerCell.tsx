import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { Task } from '../types';

/** The customer's name with the number people search by underneath; "N 户" for a task about a whole case (its customer number is null). */
export const CustomerCell = (_props: FieldProps) => {
  const task = useRecordContext<Task>();
  const translate = useTranslate();
  if (!task) return null;
  if (!task.customerNo && task.customerCount > 0) {
    return (
      <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }} data-testid="task-customer-count">
        {translate('app.task.customer_count', { smart_count: task.customerCount })}
      </Typography>
    );
  }
  if (!task.customerName && !task.customerNo) return null;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {task.customerName}
      <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
        {task.customerNo}
      </Typography>
    </Typography>
  );
};
