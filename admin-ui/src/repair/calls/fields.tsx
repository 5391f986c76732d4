import Typography from '@mui/material/Typography';
import type { MouseEvent } from 'react';
import { Link, useCreatePath, useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { RepairCall } from '../../../../domain/contracts/repair-calls';
import { useFormatDateTime } from '../../common/DateTimeField';

/** When the call is due; overdue ones in red, marked in words too. */
export const DueAtField = (_props: Partial<FieldProps>) => {
  const call = useRecordContext<RepairCall>();
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  if (!call) return null;
  return (
    <Typography component="span" variant="body2" color={call.overdue ? 'error' : undefined} sx={{ fontWeight: call.overdue ? 'bold' : undefined }} data-testid={call.overdue ? 'call-overdue' : 'call-due'}>
      {formatDateTime(call.dueAt)}
      {call.overdue && (
        <>
          <br />
          {translate('app.repair_order.calls.overdue')}
        </>
      )}
    </Typography>
  );
};

/** The order the call is about: its number, linking to its page. */
export const CallOrderField = (_props: Partial<FieldProps>) => {
  const call = useRecordContext<RepairCall>();
  const createPath = useCreatePath();
  if (!call) return null;
  return (
    <Link to={createPath({ resource: 'repair_orders', type: 'show', id: call.orderId })} onClick={(event: MouseEvent) => event.stopPropagation()}>
      {call.orderNo}
    </Link>
  );
};

/** Who made or abandoned it, and when; an abandonment's reason. */
export const HandledField = (_props: Partial<FieldProps>) => {
  const call = useRecordContext<RepairCall>();
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  if (!call || !call.handledByName || !call.handledAt) return null;
  return (
    <Typography component="span" variant="caption" color="text.secondary">
      {translate('app.repair_order.calls.handled', { name: call.handledByName, time: formatDateTime(call.handledAt) })}
      {call.reason && ` · ${call.reason}`}
    </Typography>
  );
};
