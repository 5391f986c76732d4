import { BooleanInput, Edit, SimpleForm, TextInput, useRecordContext, useTranslate } from 'react-admin';
import type { RepairDevice, RepairDeviceUpdateRequest } from '../../../../domain/contracts/repair-devices';
import { CategoryInput, CustomersInput, PlaceInput } from './inputs';
import { useNotifyDeviceRefusal } from './useDeviceRefusal';

/** What PUT /api/repair_devices/:deviceId takes: the rest of the record (names, counts) stays behind. */
const changes = ({ category, place, customerIds, active }: RepairDevice): RepairDeviceUpdateRequest => ({ category, place, customerIds, active });

const EditTitle = () => {
  const device = useRecordContext<RepairDevice>();
  const translate = useTranslate();
  return <>{device ? translate('app.repair_device.edit_title', { deviceId: device.id }) : ''}</>;
};

/** A device's category, place and customers; the switch retires it (its alarms are then refused). */
export const DeviceEdit = () => {
  const notifyRefusal = useNotifyDeviceRefusal();
  return (
    <Edit
      title={<EditTitle />}
      mutationMode="pessimistic"
      redirect="list"
      transform={changes}
      mutationOptions={{ onError: (error: unknown, variables: { id?: unknown }) => notifyRefusal(error, String(variables.id ?? '')) }}
    >
      <SimpleForm>
        {/* The monitoring system's own name for it: the map's key, never changed. */}
        <TextInput source="id" readOnly />
        <CategoryInput />
        <PlaceInput />
        <CustomersInput />
        <BooleanInput source="active" label="app.repair_device.in_use" helperText="app.repair_device.active_help" />
      </SimpleForm>
    </Edit>
  );
};
