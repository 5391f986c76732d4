import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { DEVICE_ID, type RepairDevice, repairDeviceCreateRequest, repairDeviceUpdateRequest } from '../../domain/contracts/repair-devices';
import { findCategory } from '../../domain/repair/policy';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asBoolean, asId, asText, likePattern, type ListSpec, parseListQuery, sendList } from '../lists';
import { parseBody } from '../validate';
import { repairPolicyInForce } from './policy-in-force';

const UNIQUE_VIOLATION = '23505';

const spec: ListSpec = {
  resource: 'repair_devices',
  sorts: { id: 'd.device_id', category: 'd.category', updatedAt: 'd.updated_at' },
  defaultSort: ['id', 'ASC'],
  filters: {
    // A device by its id or place.
    q: (query, value) => {
      const pattern = likePattern(asText(value, 'q'));
      query.where((q) => void q.whereILike('d.device_id', pattern).orWhereILike('d.place', pattern));
    },
    category: (query, value) => void query.where('d.category', asText(value, 'category', 40)),
    active: (query, value) => void query.where('d.active', asBoolean(value, 'active')),
    // The devices that stand for one customer.
    customerId: (query, value) => void query.whereExists((q) => void q.select(1).from('repair_device_customers as dc').whereRaw('dc.device_id = d.device_id').where('dc.customer_id', asId(value, 'customerId'))),
  },
};

function base(db: Db | Knex.Transaction) {
  return db('repair_devices as d')
    .leftJoin('users as u', 'u.id', 'd.updated_by_id')
    .select('d.*', 'u.display_name as updated_by_name', db.raw("(SELECT count(*) FROM repair_orders r WHERE r.device_id = d.device_id AND r.state = 'open')::int AS open_orders"));
}

/** The customers of a page of devices, in the designer's order, by name. */
async function customersOf(db: Db | Knex.Transaction, deviceIds: string[]): Promise<Map<string, RepairDevice['customers']>> {
  const rows = await db('repair_device_customers as dc')
    .join('customers as c', 'c.id', 'dc.customer_id')
    .whereIn('dc.device_id', deviceIds)
    .orderBy(['dc.device_id', 'dc.position'])
    .select('dc.device_id', 'c.id', 'c.customer_no', 'c.name');
  const byDevice = new Map<string, RepairDevice['customers']>();
  for (const row of rows) {
    const list = byDevice.get(row.device_id) ?? [];
    list.push({ id: row.id, customerNo: row.customer_no, name: row.name });
    byDevice.set(row.device_id, list);
  }
  return byDevice;
}

function present(row: DbRow, customers: RepairDevice['customers']): RepairDevice {
  return {
    id: row.device_id,
    category: row.category,
    place: row.place,
    customerIds: customers.map((c) => c.id),
    customers,
    active: row.active,
    openOrders: Number(row.open_orders),
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedByName: row.updated_by_name ?? null,
  };
}

function deviceParam(req: Request): string {
  const value = req.params.id;
  if (typeof value !== 'string' || !DEVICE_ID.test(value)) throw new HttpError(404, 'NOT_FOUND', 'no such device');
  return value;
}

/** The category must be a leaf of the tree in force, and every customer must exist. */
async function checkReferences(db: Db, trx: Knex.Transaction, fields: { category?: string; customerIds?: number[] }): Promise<void> {
  if (fields.category !== undefined && !findCategory(await repairPolicyInForce(db), fields.category)) {
    throw new HttpError(400, 'UNKNOWN_CATEGORY', `no fault category ${fields.category}; choose a sub-category of the tree`, { category: fields.category });
  }
  if (fields.customerIds?.length) {
    const found = new Set((await trx('customers').whereIn('id', fields.customerIds).select('id')).map((row) => row.id as number));
    const missing = fields.customerIds.filter((id) => !found.has(id));
    if (missing.length) throw new HttpError(422, 'CUSTOMER_NOT_FOUND', `no customer ${missing.join(', ')}`, { customerIds: missing });
  }
}

async function writeCustomers(trx: Knex.Transaction, deviceId: string, customerIds: number[]): Promise<void> {
  await trx('repair_device_customers').where({ device_id: deviceId }).delete();
  if (customerIds.length) await trx('repair_device_customers').insert(customerIds.map((customerId, position) => ({ device_id: deviceId, customer_id: customerId, position })));
}

/**
 * The alarm map (告警映射): designers add devices and change what they stand for; each change
 * writes `repair.device_saved` in its transaction, with what it changed. A retired device's
 * alarms are refused. Mounted at /api by api/repair/routes.ts.
 */
export function repairDeviceRoutes(db: Db): Router {
  const router = Router();
  const one = async (deviceId: string): Promise<RepairDevice> => {
    const row = await base(db).where('d.device_id', deviceId).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no device ${deviceId}`);
    return present(row, (await customersOf(db, [deviceId])).get(deviceId) ?? []);
  };

  router.get('/repair_devices', allow('repair_devices', 'list'), async (req, res) => {
    const list = parseListQuery(req, spec);
    // The page's customers in one query after the page is found.
    let customers = new Map<string, RepairDevice['customers']>();
    await sendList(res, spec, list, base(db), 'd.device_id', (row) => present(row, customers.get(row.device_id) ?? []), async (ids) => {
      const [rows, byDevice] = await Promise.all([base(db).select('d.device_id as id').whereIn('d.device_id', ids as string[]), customersOf(db, ids as string[])]);
      customers = byDevice;
      return rows;
    });
  });

  router.get('/repair_devices/:id', allow('repair_devices', 'show'), async (req, res) => {
    res.json(await one(deviceParam(req)));
  });

  router.post('/repair_devices', allow('repair_devices', 'create'), async (req, res) => {
    const user = currentUser(res);
    const body = parseBody(repairDeviceCreateRequest, req.body, 'INVALID_DEVICE');
    const taken = () => new HttpError(409, 'DEVICE_EXISTS', `device ${body.deviceId} is in the alarm map already`, { deviceId: body.deviceId });
    try {
      await db.transaction(async (trx) => {
        if (await trx('repair_devices').where({ device_id: body.deviceId }).first('device_id')) throw taken();
        await checkReferences(db, trx, body);
        await trx('repair_devices').insert({ device_id: body.deviceId, category: body.category, place: body.place, updated_by_id: user.id });
        await writeCustomers(trx, body.deviceId, body.customerIds);
        await appendEvent(trx, {
          type: 'repair.device_saved',
          actor: `user:${user.id}`,
          customerId: body.customerIds[0] ?? null,
          data: { deviceId: body.deviceId, created: true, category: body.category, place: body.place, customerIds: body.customerIds },
        });
      });
    } catch (err) {
      // Two designers adding one device at once: the primary key lets one through.
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw taken();
      throw err;
    }
    res.status(201).json(await one(body.deviceId));
  });

  router.put('/repair_devices/:id', allow('repair_devices', 'update'), async (req, res) => {
    const user = currentUser(res);
    const deviceId = deviceParam(req);
    const body = parseBody(repairDeviceUpdateRequest, req.body, 'INVALID_DEVICE');
    await db.transaction(async (trx) => {
      const device = await trx('repair_devices').where({ device_id: deviceId }).forUpdate().first();
      if (!device) throw new HttpError(404, 'NOT_FOUND', `no device ${deviceId}`);
      const before = (await trx('repair_device_customers').where({ device_id: deviceId }).orderBy('position').select('customer_id')).map((row) => row.customer_id as number);
      // Only what differs is a change; the event lists it.
      const changes: Record<string, unknown> = {};
      if (body.category !== undefined && body.category !== device.category) changes.category = body.category;
      if (body.place !== undefined && body.place !== device.place) changes.place = body.place;
      if (body.active !== undefined && body.active !== device.active) changes.active = body.active;
      const customersChanged = body.customerIds !== undefined && body.customerIds.join(',') !== before.join(',');
      if (!customersChanged && Object.keys(changes).length === 0) return;
      await checkReferences(db, trx, { category: changes.category as string | undefined, customerIds: customersChanged ? body.customerIds : undefined });
      await trx('repair_devices')
        .where({ device_id: deviceId })
        .update({ ...changes, updated_by_id: user.id, updated_at: trx.fn.now() });
      if (customersChanged) await writeCustomers(trx, deviceId, body.customerIds!);
      await appendEvent(trx, {
        type: 'repair.device_saved',
        actor: `user:${user.id}`,
        customerId: (customersChanged ? body.customerIds![0] : before[0]) ?? null,
        data: { deviceId, created: false, ...changes, ...(customersChanged ? { customerIds: body.customerIds, customerIdsBefore: before } : {}) },
      });
    });
    res.json(await one(deviceId));
  });

  return router;
}
