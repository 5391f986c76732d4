/** Work orders (a disconnection case's per customer, reconnections) as the API answers them (api/work-orders/routes.ts). */
import { z } from 'zod/v4';
import { id, timestamp } from './common';

/** The work_orders table's kinds and states (work_orders_kind_check, work_orders_state_check). */
export const WORK_ORDER_KINDS = ['auto_reconnection', 'manual_reconnection', 'disconnection'] as const;
export type WorkOrderKind = (typeof WORK_ORDER_KINDS)[number];
export const WORK_ORDER_STATES = ['open', 'completed', 'failed', 'cancelled'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];

export const workOrderRecord = z
  .strictObject({
    /** The order number: react-admin needs an `id`. */
    id: z.string(),
    orderNo: z.string(),
    kind: z.enum(WORK_ORDER_KINDS),
    customerNo: z.string(),
    customerName: z.string(),
    state: z.enum(WORK_ORDER_STATES),
    reason: z.string().nullable(),
    outcome: z.string().nullable(),
    caseId: id.nullable(),
    openedAt: timestamp,
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'WorkOrder' });
export type WorkOrder = z.infer<typeof workOrderRecord>;
