/** Customers: the list, one customer with orders, messages and history (api/customers/routes.ts). */
import { z } from 'zod/v4';
import { id, jsonObject, timestamp, yuanText } from './common';
import { outboxMessageRecord } from './outbox';
import { workOrderRecord } from './work_orders';

/** The customers table's types and supply states (customers_type_check, customers_supply_status_check). */
export const CUSTOMER_TYPES = ['residential', 'non_residential'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export const SUPPLY_STATUSES = ['connected', 'disconnected'] as const;
export type SupplyStatus = (typeof SUPPLY_STATUSES)[number];

export const customerRecord = z
  .strictObject({
    id,
    customerNo: z.string(),
    name: z.string(),
    type: z.enum(CUSTOMER_TYPES),
    address: z.string(),
    phone: z.string().nullable(),
    segmentCode: z.string(),
    supplyStatus: z.enum(SUPPLY_STATUSES),
    /** Decimal CNY owed now (bills due minus payments), e.g. "128.50"; negative when paid ahead. */
    arrears: yuanText,
    remoteReconnectEligible: z.boolean(),
    protected: z.boolean(),
    lastOutageAt: timestamp.nullable(),
    lastReconnectedAt: timestamp.nullable(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof customerRecord>;

/** One event of a customer's history, newest first. */
export const customerHistoryEntry = z
  .strictObject({
    at: timestamp,
    type: z.string(),
    actor: z.string(),
    /** The acting person's name when a person acted (actor user:<id>), and the people its data names by id. */
    actorName: z.string().nullable(),
    people: z.record(z.string(), z.string()),
    orderNo: z.string().nullable(),
    caseId: id.nullable(),
    data: jsonObject,
  })
  .meta({ id: 'CustomerHistoryEntry' });
export type CustomerHistoryEntry = z.infer<typeof customerHistoryEntry>;

/** GET /api/customers/:id and /by-number/:customerNo: with the last 20 orders and messages and 50 events. */
export const customerDetailRecord = customerRecord
  .extend({
    workOrders: z.array(workOrderRecord.pick({ orderNo: true, kind: true, state: true, outcome: true, caseId: true, openedAt: true, closedAt: true })),
    messages: z.array(outboxMessageRecord.pick({ channel: true, recipient: true, body: true, state: true, sentAt: true })),
    history: z.array(customerHistoryEntry),
  })
  .meta({ id: 'CustomerDetail' });
export type CustomerDetail = z.infer<typeof customerDetailRecord>;

/** Fields of a customer a form may send back unchanged: react-admin sends the whole record. */
const ECHOED_FIELDS = [...Object.keys(customerDetailRecord.shape)].filter((key) => key !== 'remoteReconnectEligible');

/** PUT /api/customers/:id: only the remote-reconnection flag changes here (manual §2). */
export const customerUpdateRequest = z
  .strictObject({
    remoteReconnectEligible: z.boolean(),
    ...Object.fromEntries(ECHOED_FIELDS.map((key) => [key, z.unknown().describe('ignored: the record as shown, sent back by the form')])),
  })
  .meta({ id: 'CustomerUpdateRequest' });
export type CustomerUpdateRequest = { remoteReconnectEligible: boolean };
