import { Create, regex, required, SimpleForm, TextInput } from 'react-admin';
import { DEVICE_ID, type RepairDeviceCreateRequest } from '../../../../domain/contracts/repair-devices';
import { CategoryInput, CustomersInput, PlaceInput } from './inputs';
import { useNotifyDeviceRefusal } from './useDeviceRefusal';

type DeviceForm = Partial<RepairDeviceCreateRequest>;

/** What POST /api/repair_devices takes, nothing the form holds besides. */
const request = ({ deviceId, category, place, customerIds }: DeviceForm) => ({ deviceId: deviceId?.trim(), category, place, customerIds: customerIds ?? [] });

export const DeviceCreate = () => {
  const notifyRefusal = useNotifyDeviceRefusal();
  return (
    <Create
      title="app.repair_device.create_title"
      redirect="list"
      transform={request}
      mutationOptions={{ onError: (error: unknown, variables: { data?: DeviceForm }) => notifyRefusal(error, variables.data?.deviceId ?? '') }}
    >
      <SimpleForm defaultValues={{ customerIds: [] }}>
        <TextInput source="deviceId" validate={[required(), regex(DEVICE_ID, 'app.repair_device.device_id_rule')]} helperText="app.repair_device.device_id_help" autoComplete="off" />
        <CategoryInput />
        <PlaceInput />
        <CustomersInput />
      </SimpleForm>
    </Create>
  );
};
