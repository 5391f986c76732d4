/**
 * The alarm map (告警映射, api/repair/devices.ts): which fault category, place and customers a
 * monitoring system's device stands for. Designers keep it; an alarm from a device not in it,
 * or retired, is refused.
 */
import { z } from 'zod/v4';
import { id, storableText, timestamp } from './common';

/** Letters, digits and `. _ : -`, as monitoring systems name their devices (also the URL's id). */
export const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** The customers one device may stand for: a transformer feeds a street, not a city. */
export const DEVICE_CUSTOMERS_MAX = 200;
export const DEVICE_PLACE_MAX = 200;

const place = storableText.pipe(
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(DEVICE_PLACE_MAX, { error: `must be at most ${DEVICE_PLACE_MAX} characters` }),
);
const customerIds = z
  .array(id, { error: 'must be a list of customer ids' })
  .max(DEVICE_CUSTOMERS_MAX, { error: `must name at most ${DEVICE_CUSTOMERS_MAX} customers` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'must not name a customer twice' });
/** A leaf code of the repair policy's fault category tree (checked against the policy in force). */
const category = z.string().min(1).max(40);

/** A device added to the map. */
export const repairDeviceCreateRequest = z
  .strictObject({
    deviceId: z.string().regex(DEVICE_ID, { error: 'must be 1 to 64 letters, digits or . _ : - (starting with a letter or digit)' }),
    category,
    place,
    /** The customers it supplies, the first being the order's customer; none for a line nobody owns. */
    customerIds: customerIds.default([]),
  })
  .meta({ id: 'RepairDeviceCreateRequest' });
export type RepairDeviceCreateRequest = z.infer<typeof repairDeviceCreateRequest>;

/** A change to a device: any of its fields; `active: false` retires it (its alarms are refused). */
export const repairDeviceUpdateRequest = z
  .object({
    category: category.optional(),
    place: place.optional(),
    customerIds: customerIds.optional(),
    active: z.boolean().optional(),
  })
  // Not strict: a form sends the whole record back, and the fields it shows but does not change are dropped.
  .meta({ id: 'RepairDeviceUpdateRequest' });
export type RepairDeviceUpdateRequest = z.infer<typeof repairDeviceUpdateRequest>;

export const repairDeviceCustomer = z.strictObject({ id, customerNo: z.string(), name: z.string() }).meta({ id: 'RepairDeviceCustomer' });

/** One device of the map; its id is the device's own id. */
export const repairDeviceRecord = z
  .strictObject({
    id: z.string(),
    category: z.string(),
    place: z.string(),
    customerIds: z.array(id),
    /** The customers by name, in the designer's order. */
    customers: z.array(repairDeviceCustomer),
    active: z.boolean(),
    /** Orders its alarms opened that are still open. */
    openOrders: z.int().min(0),
    updatedAt: timestamp,
    updatedByName: z.string().nullable(),
  })
  .meta({ id: 'RepairDevice' });
export type RepairDevice = z.infer<typeof repairDeviceRecord>;
