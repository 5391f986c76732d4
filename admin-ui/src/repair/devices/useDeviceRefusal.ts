import { useNotify } from 'react-admin';
import { apiRefusalOf } from '../../httpClient';

/** The refusals the alarm map's forms say in the user's own words (never the API's English). */
const KNOWN_REFUSALS = new Set(['DEVICE_EXISTS', 'UNKNOWN_CATEGORY', 'CUSTOMER_NOT_FOUND', 'INVALID_DEVICE', 'UNSTORABLE_TEXT', 'FORBIDDEN', 'NOT_FOUND']);

/** Notifies why a device was not saved; `deviceId` is the one the form sent. */
export function useNotifyDeviceRefusal(): (error: unknown, deviceId: string) => void {
  const notify = useNotify();
  return (error, deviceId) => {
    const { code } = apiRefusalOf(error);
    notify(code && KNOWN_REFUSALS.has(code) ? `app.repair_device.errors.${code}` : 'app.repair_device.errors.other', { type: 'error', messageArgs: { deviceId } });
  };
}
