import { Router } from 'express';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { MessageGateway } from '../../activities/messaging/gateway';
import type { Db, DbRow } from '../../db/connection';
import { appendEvent } from '../../db/events';
import { ALARM_SEVERITIES, alarmRequest, REPAIR_PRIORITIES, REPAIR_SOURCES, REPAIR_STATES, repairIntakeRequest } from '../../domain/contracts/repair';
import { formatRepairOrderNo, REPAIR_ORDER_SEQUENCE } from '../../domain/repair/numbering';
import { findCategory, type RepairPolicy, type RepairPriority } from '../../domain/repair/policy';
import { slaState } from '../../domain/repair/sla';
import { repairWorkflowId } from '../../workflows/repair/ids';
import { repairOrder } from '../../workflows/repair/workflow';
import { CENTRAL_TASK_QUEUE } from '../../workflows/task-queues';
import { can } from '../../domain/permissions';
import { allow, currentUser } from '../auth/sessions';
import { HttpError } from '../errors';
import { asOneOf, asText, idParam, iso, ListSpec, parseListQuery, sendList } from '../lists';
import { requireServiceToken, serviceTokenOr } from '../service-tokens';
import { parseBody } from '../validate';
import { repairCallRoutes } from './calls';
import { repairDeviceRoutes } from './devices';
import { orderPhotos, repairPhotoRoutes } from './photos';
import { repairPolicyInForce } from './policy-in-force';
import { repairProgressOf, repairProgressRoutes } from './progress';
import { repairUrgeRoutes } from './urge';

const UNIQUE_VIOLATION = '23505';
/** An alarm's severity sets the order's priority. */
const PRIORITY_OF_SEVERITY: Record<(typeof ALARM_SEVERITIES)[number], RepairPriority> = { critical: 'urgent', major: 'high', minor: 'normal' };

const spec: ListSpec = {
  resource: 'repair_orders',
  sorts: { openedAt: 'r.opened_at', id: 'r.id', orderNo: 'r.order_no' },
  defaultSort: ['openedAt', 'DESC'],
  // A hundred thousand open orders (bench/repair-board.ts): no page counts them all.
  countUpTo: 1000,
  filters: {
    state: (query, value) => void query.where('r.state', asOneOf(value, 'state', REPAIR_STATES)),
    priority: (query, value) => void query.where('r.priority', asOneOf(value, 'priority', REPAIR_PRIORITIES)),
    source: (query, value) => void query.where('r.source', asOneOf(value, 'source', REPAIR_SOURCES)),
    orderNo: (query, value) => void query.where('r.order_no', asText(value, 'orderNo')),
  },
};

function base(db: Db | Knex.Transaction) {
  return db('repair_orders as r')
    .leftJoin('customers as cu', 'cu.id', 'r.customer_id')
    .leftJoin('users as crew', 'crew.id', 'r.crew_user_id')
    .leftJoin('users as handler', 'handler.id', 'r.handler_user_id')
    .leftJoin('repair_crews as team', 'team.code', 'r.crew_code')
    .select(
      'r.*',
      'cu.customer_no',
      'cu.name as customer_name',
      'crew.display_name as crew_name',
      'team.name as crew_team_name',
      'handler.display_name as handler_name',
      db.raw('(SELECT count(*) FROM repair_alarms a WHERE a.order_id = r.id)::int AS alarm_count'),
      db.raw("(SELECT t.id FROM tasks t WHERE t.case_id = r.case_id AND t.state = 'open' ORDER BY t.id DESC LIMIT 1) AS open_task_id"),
      db.raw("(SELECT t.step FROM tasks t WHERE t.case_id = r.case_id AND t.state = 'open' ORDER BY t.id DESC LIMIT 1) AS open_task_step"),
    );
}

const millis = (value: unknown) => (value ? new Date(value as string).getTime() : null);

function present(row: DbRow, policy: RepairPolicy, now: number) {
  const category = findCategory(policy, row.category);
  // The crew's first arrival; a fix reported without one meets the arrival stage too.
  const sla = slaState({ openedAt: millis(row.opened_at)!, respondedAt: millis(row.responded_at), arrivedAt: millis(row.arrived_at) ?? millis(row.fixed_at), fixedAt: millis(row.fixed_at) }, policy.sla[row.priority as RepairPriority], now);
  return {
    id: row.id,
    orderNo: row.order_no,
    source: row.source,
    customerId: row.customer_id,
    customerNo: row.customer_no ?? null,
    customerName: row.customer_name ?? null,
    category: row.category,
    description: row.description,
    place: row.place,
    contactPhone: row.contact_phone,
    priority: row.priority,
    state: row.state,
    crewUserId: row.crew_user_id ?? null,
    crewName: row.crew_name ?? null,
    crewCode: row.crew_code ?? null,
    crewTeamName: row.crew_team_name ?? null,
    handlerName: row.handler_name ?? null,
    loopCount: row.loop_count,
    urgeCount: row.urge_count,
    rating: row.rating,
    ratingComment: row.rating_comment,
    deviceId: row.device_id,
    alarmCode: row.alarm_code,
    alarmCount: Number(row.alarm_count ?? 0),
    caseId: row.case_id,
    openedAt: iso(row.opened_at)!,
    arrivedAt: iso(row.arrived_at),
    closedAt: iso(row.closed_at),
    doneAt: iso(row.done_at),
    categoryName: category?.leaf.name ?? row.category,
    categoryParent: category?.parent.code ?? null,
    categoryParentName: category?.parent.name ?? null,
    slaStage: sla.stage,
    slaDueAt: sla.dueAt === undefined ? null : new Date(sla.dueAt).toISOString(),
    overdue: sla.overdue,
    openTaskId: row.open_task_id === null || row.open_task_id === undefined ? null : Number(row.open_task_id),
    openTaskStep: row.open_task_step ?? null,
  };
}


/** What the order's page shows beside it: the latest alarms, parts swapped, compensation bills, photos and the crew's progress. */
async function details(db: Db, orderId: number) {
  const [alarms, parts, compensations, photos, progress, affected, revisits] = await Promise.all([
    db('repair_alarms').where({ order_id: orderId }).orderBy('id', 'desc').limit(50),
    db('repair_parts as p').leftJoin('users as u', 'u.id', 'p.recorded_by_id').where('p.order_id', orderId).orderBy('p.id').select('p.*', 'u.display_name as recorded_by_name'),
    db('repair_compensations as c').leftJoin('users as u', 'u.id', 'c.settled_by_id').where('c.order_id', orderId).orderBy('c.id').select('c.*', 'u.display_name as settled_by_name'),
    orderPhotos(db, orderId),
    repairProgressOf(db, orderId),
    db('repair_order_customers as oc').join('customers as c', 'c.id', 'oc.customer_id').where('oc.order_id', orderId).orderBy('oc.position').select('c.id', 'c.customer_no', 'c.name', 'c.address'),
    db('revisits as v').join('repair_orders as r', 'r.order_no', 'v.order_ref').where({ 'v.process': 'repair', 'r.id': orderId }).orderBy('v.id').select('v.id', 'v.revisit_no', 'v.state', 'v.outcome', 'v.reopened_at', 'v.created_at'),
  ]);
  return {
    alarms: alarms.map((a) => ({ id: Number(a.id), alarmCode: a.alarm_code, severity: a.severity, clearing: a.clearing, raisedAt: iso(a.raised_at)!, receivedAt: iso(a.received_at)! })),
    parts: parts.map((p) => ({ id: Number(p.id), oldSerial: p.old_serial, newSerial: p.new_serial, installed: p.installed, recordedByName: p.recorded_by_name ?? null, recordedAt: iso(p.recorded_at)! })),
    compensations: compensations.map((c) => ({
      id: c.id,
      liableParty: c.liable_party,
      amountFen: Number(c.amount_fen),
      state: c.state,
      reason: c.reason,
      settledByName: c.settled_by_name ?? null,
      raisedAt: iso(c.raised_at)!,
      settledAt: iso(c.settled_at),
    })),
    photos,
    progress,
    affectedCustomers: affected.map((c) => ({ id: c.id, customerNo: c.customer_no, name: c.name, address: c.address })),
    revisits: revisits.map((v) => ({ id: v.id, revisitNo: v.revisit_no, state: v.state, outcome: v.outcome, reopenedAt: iso(v.reopened_at), createdAt: iso(v.created_at)! })),
  };
}

interface NewOrder {
  source: (typeof REPAIR_SOURCES)[number];
  customerId: number | null;
  category: string;
  description: string;
  place: string;
  contactPhone: string | null;
  priority: RepairPriority;
  idempotencyKey?: string;
  createdById?: number;
  deviceId?: string;
  alarmCode?: string;
}

/** Inserts an order and its event in the caller's transaction. */
async function insertOrder(trx: Knex.Transaction, order: NewOrder, actor: string): Promise<{ id: number; orderNo: string }> {
  const { rows } = await trx.raw(`SELECT nextval('${REPAIR_ORDER_SEQUENCE}') AS serial`);
  const orderNo = formatRepairOrderNo(Number(rows[0].serial));
  const [{ id }] = await trx('repair_orders')
    .insert({
      order_no: orderNo,
      source: order.source,
      customer_id: order.customerId,
      category: order.category,
      description: order.description,
      place: order.place,
      contact_phone: order.contactPhone,
      priority: order.priority,
      workflow_id: repairWorkflowId(orderNo),
      idempotency_key: order.idempotencyKey ?? null,
      created_by_id: order.createdById ?? null,
      device_id: order.deviceId ?? null,
      alarm_code: order.alarmCode ?? null,
    })
    .returning('id');
  await appendEvent(trx, {
    type: 'repair.opened',
    actor,
    customerId: order.customerId,
    workflowId: repairWorkflowId(orderNo),
    orderNo,
    data: { source: order.source, category: order.category, priority: order.priority, ...(order.deviceId ? { deviceId: order.deviceId, alarmCode: order.alarmCode } : {}) },
  });
  return { id, orderNo };
}

/**
 * Repair intake (agents, the website, monitoring systems), SMS replies from the gateway, and
 * the orders' list. Mounted at /api.
 */
export function repairRoutes(db: Db, temporal: Client, gateway: MessageGateway): Router {
  const router = Router();
  router.use(repairPhotoRoutes(db));
  router.use(repairProgressRoutes(db));
  router.use(repairCallRoutes(db));
  router.use(repairDeviceRoutes(db));

  /** Starts an order's workflow; one already started (a retry) is fine. */
  async function startOrder(order: { id: number; orderNo: string }): Promise<void> {
    try {
      await temporal.workflow.start(repairOrder, {
        taskQueue: CENTRAL_TASK_QUEUE,
        workflowId: repairWorkflowId(order.orderNo),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ orderId: order.id, orderNo: order.orderNo }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  const showOrder = async (id: number) => present(await base(db).where('r.id', id).first(), await repairPolicyInForce(db), Date.now());
  /** The order as GET /api/repair_orders/:id answers it. */
  const showDetail = async (row: DbRow) => ({ ...present(row, await repairPolicyInForce(db), Date.now()), ...(await details(db, row.id)) });
  router.use(repairUrgeRoutes(db, gateway, async (id) => showDetail(await base(db).where('r.id', id).first())));

  router.post('/repair_orders', serviceTokenOr(db, 'repair_orders', 'create'), async (req, res) => {
    const body = parseBody(repairIntakeRequest, req.body, 'INVALID_REPAIR_ORDER');
    const user = res.locals.user as { id: number } | undefined;
    const actor = user ? `user:${user.id}` : `service:${res.locals.serviceName}`;
    const key = body.idempotencyKey ? `${actor}:${body.idempotencyKey}` : undefined;
    if (key) {
      const earlier = await db('repair_orders').where({ idempotency_key: key }).first('id', 'order_no');
      if (earlier) {
        await startOrder({ id: earlier.id, orderNo: earlier.order_no });
        return void res.status(200).json(await showOrder(earlier.id));
      }
    }
    const policy = await repairPolicyInForce(db);
    if (!findCategory(policy, body.category)) {
      throw new HttpError(400, 'UNKNOWN_CATEGORY', `no fault category ${body.category}; choose a sub-category of the tree`, { category: body.category });
    }
    let customerId: number;
    if (body.customerId !== undefined) {
      const chosen = await db('customers').where({ id: body.customerId }).first('id');
      if (!chosen) throw new HttpError(422, 'CUSTOMER_NOT_FOUND', `no customer ${body.customerId}`);
      customerId = chosen.id;
    } else {
      const matches = await db('customers').where({ phone: body.callerPhone }).orderBy('customer_no').limit(21).select('id', 'customer_no', 'name', 'address');
      if (matches.length === 0) {
        throw new HttpError(422, 'CUSTOMER_NOT_FOUND', 'no customer has this number; search by number, name or address and send customerId', { callerPhone: body.callerPhone });
      }
      if (matches.length > 1) {
        throw new HttpError(409, 'CUSTOMER_AMBIGUOUS', `${matches.length} customers have this number; choose one and send its customerId`, {
          customers: matches.map((m) => ({ id: m.id, customerNo: m.customer_no, name: m.name, address: m.address })),
        });
      }
      customerId = matches[0].id;
    }
    let order: { id: number; orderNo: string };
    try {
      order = await db.transaction((trx) =>
        insertOrder(
          trx,
          {
            source: user ? 'agent' : 'self_service',
            customerId,
            category: body.category,
            description: body.description,
            place: body.place,
            contactPhone: body.contactPhone,
            priority: body.priority,
            ...(key ? { idempotencyKey: key } : {}),
            ...(user ? { createdById: user.id } : {}),
          },
          actor,
        ),
      );
    } catch (err) {
      // The same key sent twice at once: the first insert wins, the other answers its order.
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION || !key) throw err;
      const raced = await db('repair_orders').where({ idempotency_key: key }).first('id', 'order_no');
      if (!raced) throw err;
      await startOrder({ id: raced.id, orderNo: raced.order_no });
      return void res.status(200).json(await showOrder(raced.id));
    }
    await startOrder(order);
    res.status(201).json(await showOrder(order.id));
  });

  router.get('/repair_orders', allow('repair_orders', 'list'), async (req, res) => {
    const [policy, now] = [await repairPolicyInForce(db), Date.now()];
    await sendList(res, spec, parseListQuery(req, spec), base(db), 'r.id', (row) => present(row, policy, now));
  });

  /** The fault category tree in force: what intake chooses from and lists name categories by. */
  // Those who take orders in or follow them, and designers keeping the alarm map, choose from the tree.
  router.get('/repair_categories', (req, res, next) => (can(currentUser(res).roles, 'repair_devices', 'list') ? next() : allow('repair_orders', 'list')(req, res, next)), async (_req, res) => {
    res.json((await repairPolicyInForce(db)).categories);
  });

  /** The crew members a dispatcher chooses from, with their current load (open orders dispatched to them). */
  router.get('/repair_crews', allow('repair_orders', 'list'), async (_req, res) => {
    const rows = await db('users as u')
      .where('u.active', true)
      .whereRaw("'crew' = ANY(u.roles)")
      .select('u.id', 'u.display_name', db.raw("(SELECT count(*) FROM repair_orders r WHERE r.crew_user_id = u.id AND r.state = 'open')::int AS open_orders"))
      .orderBy('u.display_name')
      // Every crew member: a dispatcher chooses among all of them (1,000 answer in ~25 ms, bench/repair-board.ts).
      .limit(5000);
    res.json(rows.map((row) => ({ id: row.id, name: row.display_name, openOrders: Number(row.open_orders) })));
  });

  /**
   * The crews (维修班组) a dispatcher may send an order to: each active crew with its active
   * members by name (those an order sent to it is offered to) and its load, the open orders
   * dispatched to it or to any of its members.
   */
  router.get('/repair_teams', allow('repair_orders', 'list'), async (_req, res) => {
    const [crews, members] = await Promise.all([
      db('repair_crews as c')
        .where('c.active', true)
        .select(
          'c.code',
          'c.name',
          db.raw(
            "(SELECT count(*) FROM repair_orders r WHERE r.state = 'open' AND (r.crew_code = c.code OR r.crew_user_id IN (SELECT m.user_id FROM repair_crew_members m WHERE m.crew_code = c.code)))::int AS open_orders",
          ),
        )
        .orderBy('c.name')
        .limit(5000),
      db('repair_crew_members as m')
        .join('repair_crews as c', 'c.code', 'm.crew_code')
        .join('users as u', 'u.id', 'm.user_id')
        .where({ 'c.active': true, 'u.active': true })
        .whereRaw("'crew' = ANY(u.roles)")
        .orderBy(['u.display_name', 'u.id'])
        .select('m.crew_code', 'u.id', 'u.display_name'),
    ]);
    const byCrew = new Map<string, Array<{ id: number; name: string }>>();
    for (const member of members) {
      const list = byCrew.get(member.crew_code) ?? [];
      list.push({ id: member.id, name: member.display_name });
      byCrew.set(member.crew_code, list);
    }
    res.json(crews.map((crew) => ({ code: crew.code, name: crew.name, members: byCrew.get(crew.code) ?? [], openOrders: Number(crew.open_orders) })));
  });

  router.get('/repair_orders/:id', allow('repair_orders', 'show'), async (req, res) => {
    const row = await base(db).where('r.id', idParam(req)).first();
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no repair order ${req.params.id}`);
    res.json(await showDetail(row));
  });

  /**
   * An equipment alarm (自动派单): a repeat of a device's alarm while its order is open is
   * attached to that order; a clearing alarm is recorded on it. Alarms of one device are
   * taken one at a time (its row is locked), so a burst opens one order.
   */
  router.post('/alarms', requireServiceToken(db), async (req, res) => {
    const body = parseBody(alarmRequest, req.body, 'INVALID_ALARM');
    const actor = `service:${res.locals.serviceName}`;
    const sourceAlarmId = body.alarmId ? `${res.locals.serviceName}:${body.alarmId}` : null;
    /** A redelivered alarm: its first answer. */
    const answerEarlier = async (): Promise<boolean> => {
      if (!sourceAlarmId) return false;
      const earlier = await db('repair_alarms as a').leftJoin('repair_orders as r', 'r.id', 'a.order_id').where('a.source_alarm_id', sourceAlarmId).first('a.id', 'a.clearing', 'r.order_no');
      if (!earlier) return false;
      res.status(200).json({ alarmId: Number(earlier.id), orderNo: earlier.order_no ?? null, opened: false, clearing: earlier.clearing });
      return true;
    };
    if (await answerEarlier()) return;
    const result = await db.transaction(async (trx) => {
      const device = await trx('repair_devices').where({ device_id: body.deviceId }).forUpdate().first();
      if (!device) throw new HttpError(422, 'UNKNOWN_DEVICE', `no device ${body.deviceId} in the alarm map; nothing was recorded`);
      if (!device.active) throw new HttpError(422, 'DEVICE_RETIRED', `device ${body.deviceId} is retired in the alarm map; nothing was recorded`);
      // The customers the map names now, the first being the order's customer.
      const customerIds: number[] = (await trx('repair_device_customers').where({ device_id: body.deviceId }).orderBy('position').select('customer_id')).map((row) => row.customer_id);
      const customerId = customerIds[0] ?? null;
      // Redeliveries of one alarm wait for each other on the device's row: the second finds the first.
      if (sourceAlarmId && (await trx('repair_alarms').where({ source_alarm_id: sourceAlarmId }).first('id'))) return undefined;
      let order: { id: number; orderNo: string } | undefined;
      let opened = false;
      const open = await trx('repair_orders').where({ device_id: body.deviceId, alarm_code: body.alarmCode, state: 'open' }).first('id', 'order_no');
      if (open) order = { id: open.id, orderNo: open.order_no };
      else if (!body.clearing) {
        order = await insertOrder(
          trx,
          {
            source: 'alarm',
            customerId,
            category: device.category,
            // The alarm's code: the back office words it in the reader's language.
            description: body.alarmCode,
            place: device.place,
            contactPhone: null,
            priority: PRIORITY_OF_SEVERITY[body.severity],
            deviceId: body.deviceId,
            alarmCode: body.alarmCode,
          },
          actor,
        );
        opened = true;
        if (customerIds.length > 0) await trx('repair_order_customers').insert(customerIds.map((id, position) => ({ order_id: order!.id, customer_id: id, position })));
      }
      const [{ id: alarmId }] = await trx('repair_alarms')
        .insert({ order_id: order?.id ?? null, device_id: body.deviceId, alarm_code: body.alarmCode, severity: body.severity, clearing: body.clearing, raised_at: body.raisedAt, source_alarm_id: sourceAlarmId })
        .returning('id');
      await appendEvent(trx, {
        type: 'repair.alarm_received',
        actor,
        customerId,
        orderNo: order?.orderNo ?? null,
        data: {
          alarmId: Number(alarmId),
          deviceId: body.deviceId,
          alarmCode: body.alarmCode,
          severity: body.severity,
          clearing: body.clearing,
          raisedAt: body.raisedAt,
          ...(customerIds.length > 1 ? { customerIds } : {}),
        },
      });
      return { alarmId: Number(alarmId), order, opened };
    });
    if (!result) return void (await answerEarlier());
    if (result.opened) await startOrder(result.order!);
    res.status(result.opened ? 201 : 200).json({ alarmId: result.alarmId, orderNo: result.order?.orderNo ?? null, opened: result.opened, clearing: body.clearing });
  });

  return router;
}
