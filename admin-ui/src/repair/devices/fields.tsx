import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { RepairDevice } from '../../../../domain/contracts/repair-devices';
import { useFormatDateTime } from '../../common/DateTimeField';

/** The customers it stands for, by name, in the designer's order (the number on hover). */
export const DeviceCustomersField = (_props: Partial<FieldProps>) => {
  const device = useRecordContext<RepairDevice>();
  if (!device?.customers.length) return null;
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }} data-testid="device-customers">
      {device.customers.map((customer) => (
        <Chip key={customer.id} size="small" label={customer.name} title={customer.customerNo} />
      ))}
    </Stack>
  );
};

/** In use, or retired (its alarms refused) in red. */
export const DeviceActiveField = (_props: Partial<FieldProps>) => {
  const device = useRecordContext<RepairDevice>();
  const translate = useTranslate();
  if (!device) return null;
  return <Chip size="small" color={device.active ? 'success' : 'error'} variant="outlined" label={translate(`app.repair_device.active.${device.active}`)} data-testid="device-active" />;
};

/** When it was last changed, and by whom. */
export const DeviceUpdatedField = (_props: Partial<FieldProps>) => {
  const device = useRecordContext<RepairDevice>();
  const formatDateTime = useFormatDateTime();
  if (!device) return null;
  return (
    <Typography component="span" variant="body2">
      {formatDateTime(device.updatedAt)}
      {device.updatedByName && (
        <>
          <br />
          {device.updatedByName}
        </>
      )}
    </Typography>
  );
};
