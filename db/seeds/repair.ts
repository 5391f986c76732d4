import type { Db } from '../connection';

/**
 * The demo's alarm map: a transformer feeding three households of 幸福街道 and one meter box.
 * An alarm from TX-XF-01 (`POST /api/alarms` with a service token) opens an area-outage order
 * naming all three.
 */
export async function seedRepairDevices(db: Db, options: { updatedById?: number }): Promise<void> {
  const customerIds = async (numbers: string[]) => {
    const rows = await db('customers').whereIn('customer_no', numbers).select('id', 'customer_no');
    return numbers.map((no) => rows.find((row) => row.customer_no === no)?.id as number | undefined).filter((id): id is number => id !== undefined);
  };
  const devices = [
    { deviceId: 'TX-XF-01', category: 'outage-area', place: '幸福街道 1 号配变', customers: ['3100000001', '3100000002', '3100000006'] },
    { deviceId: 'MB-XF-16', category: 'meter-box', place: '幸福街道 16 号表箱', customers: ['3100000003'] },
  ];
  for (const device of devices) {
    await db('repair_devices').insert({ device_id: device.deviceId, category: device.category, place: device.place, updated_by_id: options.updatedById ?? null });
    const ids = await customerIds(device.customers);
    if (ids.length) await db('repair_device_customers').insert(ids.map((customerId, position) => ({ device_id: device.deviceId, customer_id: customerId, position })));
  }
}
