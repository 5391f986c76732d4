/** Repair orders (故障报修), alarms and SMS replies as the API takes and answers them (api/repair/routes.ts). */
import { z } from 'zod/v4';
import { REPAIR_PRIORITIES } from '../repair/policy';
import { id, storableText, timestamp } from './common';
import { repairProgressRecord } from './repair-progress';
import { orderRevisitRecord } from './revisit';

/** The repair_orders table's sources and states (repair_orders_source_check, repair_orders_state_check). */
export const REPAIR_SOURCES = ['agent', 'self_service', 'alarm'] as const;
export const REPAIR_STATES = ['open', 'closed', 'done'] as const;
export type RepairState = (typeof REPAIR_STATES)[number];
export const ALARM_SEVERITIES = ['critical', 'major', 'minor'] as const;
/** Where an order stands against its SLA (domain/repair/sla.ts). */
export const REPAIR_SLA_STAGES = ['response', 'arrival', 'fix', 'met'] as const;
export const COMPENSATION_STATES = ['open', 'paid', 'waived'] as const;
export { REPAIR_PRIORITIES };

const phone = z.string().trim().regex(/^\+?[0-9-]{5,20}$/, { error: 'must be a phone number (digits, 5 to 20)' });
const text = (max: number) => storableText.pipe(z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` }));

/**
 * An agent's intake (座席受理) or the website's (service token): the caller's number locates
 * the customer, unless the agent has chosen one (`customerId`).
 */
export const repairIntakeRequest = z
  .strictObject({
    callerPhone: phone.optional(),
    customerId: id.optional(),
    /** A leaf code of the policy's fault category tree. */
    category: z.string().min(1).max(40),
    description: text(2000),
    place: text(200),
    contactPhone: phone,
    priority: z.enum(REPAIR_PRIORITIES).default('normal'),
    /** A retry with the same key answers the order it made. */
    idempotencyKey: z.string().min(1).max(100).optional(),
  })
  .refine((body) => body.callerPhone !== undefined || body.customerId !== undefined, { error: 'send callerPhone, or customerId once the customer is chosen', path: ['callerPhone'] })
  .meta({ id: 'RepairIntakeRequest' });
export type RepairIntakeRequest = z.infer<typeof repairIntakeRequest>;

export const repairAlarmRecord = z
  .strictObject({ id: z.int().min(1), alarmCode: z.string(), severity: z.enum(ALARM_SEVERITIES), clearing: z.boolean(), raisedAt: timestamp, receivedAt: timestamp })
  .meta({ id: 'RepairAlarm' });
export const repairPartRecord = z
  .strictObject({ id: z.int().min(1), oldSerial: z.string(), newSerial: z.string(), installed: z.boolean(), recordedByName: z.string().nullable(), recordedAt: timestamp })
  .meta({ id: 'RepairPart' });
export const repairCompensationRecord = z
  .strictObject({
    id,
    liableParty: z.string(),
    amountFen: z.int().min(0),
    state: z.enum(COMPENSATION_STATES),
    reason: z.string().nullable(),
    settledByName: z.string().nullable(),
    raisedAt: timestamp,
    settledAt: timestamp.nullable(),
  })
  .meta({ id: 'RepairCompensation' });

/** What a photo of the fault may be, checked by its bytes (repair_photos_content_type_check). */
export const REPAIR_PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export type RepairPhotoType = (typeof REPAIR_PHOTO_TYPES)[number];
/** A photo attached to the order (POST /api/repair_orders/:id/photos); its bytes at GET /api/repair_orders/:id/photos/:photoId. */
export const repairPhotoRecord = z
  .strictObject({
    id,
    contentType: z.enum(REPAIR_PHOTO_TYPES),
    byteSize: z.int().min(1),
    /** From the image's header; null when it does not say. */
    width: z.int().min(1).nullable(),
    height: z.int().min(1).nullable(),
    uploadedByName: z.string().nullable(),
    uploadedAt: timestamp,
  })
  .meta({ id: 'RepairPhoto' });
export type RepairPhoto = z.infer<typeof repairPhotoRecord>;

/** Several customers share the caller's number: the agent chooses one (409 CUSTOMER_AMBIGUOUS's details). */
export const customerChoice = z.strictObject({ id, customerNo: z.string(), name: z.string(), address: z.string() }).meta({ id: 'CustomerChoice' });

export const repairOrderRecord = z
  .strictObject({
    id,
    orderNo: z.string(),
    source: z.enum(REPAIR_SOURCES),
    customerId: id.nullable(),
    customerNo: z.string().nullable(),
    customerName: z.string().nullable(),
    category: z.string(),
    description: z.string(),
    place: z.string(),
    contactPhone: z.string().nullable(),
    priority: z.enum(REPAIR_PRIORITIES),
    state: z.enum(REPAIR_STATES),
    /** Who the order is dispatched to: the crew member's own screen offers their actions by it. */
    crewUserId: id.nullable(),
    crewName: z.string().nullable(),
    /** The crew (班组) it was dispatched to, if it went to one: its members are offered it until one accepts. */
    crewCode: z.string().nullable(),
    crewTeamName: z.string().nullable(),
    handlerName: z.string().nullable(),
    /** Callback rejections that sent it back to the crew (回访驳回). */
    loopCount: z.int().min(0),
    urgeCount: z.int().min(0),
    rating: z.int().min(1).max(5).nullable(),
    ratingComment: z.string().nullable(),
    deviceId: z.string().nullable(),
    alarmCode: z.string().nullable(),
    /** Alarms attached (the first included), clearing ones too. */
    alarmCount: z.int().min(0),
    caseId: id.nullable(),
    openedAt: timestamp,
    /** The crew's first arrival on site (the SLA's arrival stage). */
    arrivedAt: timestamp.nullable(),
    closedAt: timestamp.nullable(),
    doneAt: timestamp.nullable(),
    /** The category's name and its parent's in the policy in force (the code when the tree no longer has it). */
    categoryName: z.string(),
    categoryParent: z.string().nullable(),
    categoryParentName: z.string().nullable(),
    /** The SLA stage it is in by the policy in force (arrival counts as met by the fix), when due, and whether overdue. */
    slaStage: z.enum(REPAIR_SLA_STAGES),
    slaDueAt: timestamp.nullable(),
    overdue: z.boolean(),
    /** The open task of its current step (dispatch, accept, work...), if any. */
    openTaskId: id.nullable(),
    openTaskStep: z.string().nullable(),
    /** GET /api/repair_orders/:id only: the latest 50 alarms attached, parts swapped, compensation bills. */
    alarms: z.array(repairAlarmRecord).optional(),
    parts: z.array(repairPartRecord).optional(),
    compensations: z.array(repairCompensationRecord).optional(),
    /** GET /api/repair_orders/:id only: the photos of the fault, oldest first. */
    photos: z.array(repairPhotoRecord).optional(),
    /** GET /api/repair_orders/:id only: an alarm's order, every customer the alarm map named for its device when it opened. */
    affectedCustomers: z.array(customerChoice).optional(),
    /** GET /api/repair_orders/:id only: the crew's departures, arrivals and repair steps, oldest first. */
    progress: z.array(repairProgressRecord).optional(),
    /** GET /api/repair_orders/:id only: the revisits after its bad reviews (差评回访), oldest first; one may have reopened it. */
    revisits: z.array(orderRevisitRecord).optional(),
  })
  .meta({ id: 'RepairOrder' });
export type RepairOrder = z.infer<typeof repairOrderRecord>;

/** A customer's urging (催单) taken by an agent (api/repair/urge.ts): why, optionally. */
export const repairUrgeRequest = z
  .strictObject({ reason: storableText.pipe(z.string().trim().max(200, { error: 'must be at most 200 characters' })).optional() })
  .meta({ id: 'RepairUrgeRequest' });
export type RepairUrgeRequest = z.infer<typeof repairUrgeRequest>;

/** The urged order as GET /api/repair_orders/:id shows it, and whom the urge reached, by name. */
export const repairUrgedRecord = repairOrderRecord
  .extend({
    /** The handlers texted now; those texted within the quiet interval are in `throttled`. */
    texted: z.array(z.string()),
    throttled: z.array(z.string()),
    /** The handler's supervisor, texted once urges pass the threshold within the period. */
    supervisorNotified: z.string().nullable(),
    /** Texts queued but not yet accepted by the gateway (kept in the outbox). */
    undeliveredSms: z.int().min(1).optional(),
  })
  .meta({ id: 'RepairUrged' });
export type RepairUrged = z.infer<typeof repairUrgedRecord>;

/** From a monitoring system (service token): one alarm, or its clearing. */
export const alarmRequest = z
  .strictObject({
    deviceId: z.string().min(1).max(64),
    alarmCode: z.string().min(1).max(64),
    severity: z.enum(ALARM_SEVERITIES),
    raisedAt: z.iso.datetime({ offset: true }),
    clearing: z.boolean().default(false),
    /** The monitoring system's id for this alarm: sent again, it is recorded once and answered the same. */
    alarmId: z.string().min(1).max(100).optional(),
  })
  .meta({ id: 'AlarmRequest' });
export type AlarmRequest = z.infer<typeof alarmRequest>;

export const alarmRecord = z
  .strictObject({
    alarmId: z.int().min(1),
    /** The open order it opened or was attached to; null for a clearing with no open order. */
    orderNo: z.string().nullable(),
    opened: z.boolean(),
    clearing: z.boolean(),
  })
  .meta({ id: 'AlarmRecord' });

/** An inbound SMS from the gateway (service token). */
export const smsInboundRequest = z
  .strictObject({
    from: phone,
    text: storableText.pipe(z.string().max(1000)),
    /** The gateway's id: a redelivery is recorded once. */
    messageId: z.string().min(1).max(100).optional(),
  })
  .meta({ id: 'SmsInboundRequest' });

export const smsInboundRecord = z
  .strictObject({
    replyId: z.int().min(1),
    /** The order waiting for this number's callback, if any. */
    orderNo: z.string().nullable(),
    rating: z.int().min(1).max(5).nullable(),
    /** Not a rating, or no order waiting for one: kept for an agent. */
    flagged: z.boolean(),
    /** The revisit whose recovery survey it answered, if any (then it answers no repair). */
    revisitNo: z.string().nullable(),
  })
  .meta({ id: 'SmsInboundRecord' });

/** A crew member a dispatcher may send an order to, with their current load. */
export const repairCrewRecord = z
  .strictObject({
    id,
    name: z.string(),
    /** Orders dispatched to them and not yet closed. */
    openOrders: z.int().min(0),
  })
  .meta({ id: 'RepairCrew' });
export type RepairCrew = z.infer<typeof repairCrewRecord>;

/**
 * A repair crew as a team (维修班组, GET /api/repair_teams) a dispatcher may send an order to:
 * its active members by name (those an order dispatched to it is offered to; none means it
 * cannot take one) and its current load.
 */
export const repairTeamRecord = z
  .strictObject({
    code: z.string(),
    name: z.string(),
    members: z.array(z.strictObject({ id, name: z.string() })),
    /** Open orders dispatched to the crew or to any of its members, each counted once. */
    openOrders: z.int().min(0),
  })
  .meta({ id: 'RepairTeam' });
export type RepairTeam = z.infer<typeof repairTeamRecord>;

/** The fault category tree in force (two levels), for intake forms and lists. */
export const repairCategoryRecord = z
  .strictObject({ code: z.string(), name: z.string(), children: z.array(z.strictObject({ code: z.string(), name: z.string() })) })
  .meta({ id: 'RepairCategory' });
export type RepairCategory = z.infer<typeof repairCategoryRecord>;
