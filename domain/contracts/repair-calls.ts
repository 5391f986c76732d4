/** Scheduled outbound calls (预约呼叫) on repair orders (api/repair/calls.ts). */
import { z } from 'zod/v4';
import { id, storableText, timestamp } from './common';
import { IDEMPOTENCY_KEY } from './disconnections';

export const REPAIR_CALL_STATES = ['scheduled', 'done', 'abandoned'] as const;
export type RepairCallState = (typeof REPAIR_CALL_STATES)[number];

const HOUR = 60 * 60 * 1000;
/** How far ahead a call may be scheduled, and how late one may still be entered (a call promised earlier today). */
export const CALL_MAX_AHEAD_MS = 30 * 24 * HOUR;
export const CALL_MAX_BEHIND_MS = 24 * HOUR;
export const CALL_NOTE_MAX = 500;
export const CALL_REASON_MAX = 500;

/** Whether a call may be due at `dueAt`: at most 30 days ahead of `now`, at most a day behind it. */
export function isSchedulableDueAt(dueAt: number, now: number): boolean {
  return Number.isFinite(dueAt) && dueAt <= now + CALL_MAX_AHEAD_MS && dueAt >= now - CALL_MAX_BEHIND_MS;
}

const text = (max: number) =>
  storableText.pipe(
    z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(max, { error: `must be at most ${max} characters` }),
  );

/** An agent promises the caller a call back at a time. */
export const repairCallRequest = z
  .strictObject({
    dueAt: z.iso.datetime({ offset: true }).refine((value) => isSchedulableDueAt(Date.parse(value), Date.now()), { error: 'must be at most 30 days ahead and at most a day in the past' }),
    note: text(CALL_NOTE_MAX).optional(),
    idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, 'an idempotency key is 1 to 100 letters, digits or . _ : -').optional(),
  })
  .meta({ id: 'RepairCallRequest' });
export type RepairCallRequest = z.infer<typeof repairCallRequest>;

/** The call was made; what was said, optionally. */
export const repairCallExecuteRequest = z.strictObject({ note: text(CALL_NOTE_MAX).optional() }).meta({ id: 'RepairCallExecuteRequest' });
export type RepairCallExecuteRequest = z.infer<typeof repairCallExecuteRequest>;

/** The call will not be made: why. */
export const repairCallAbandonRequest = z.strictObject({ reason: text(CALL_REASON_MAX) }).meta({ id: 'RepairCallAbandonRequest' });
export type RepairCallAbandonRequest = z.infer<typeof repairCallAbandonRequest>;

/** One call in the queue (GET /api/repair_calls) or on its order's page; people by name. */
export const repairCallRecord = z
  .strictObject({
    id,
    orderId: id,
    orderNo: z.string(),
    customerName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    place: z.string(),
    dueAt: timestamp,
    /** Still scheduled and past its time. */
    overdue: z.boolean(),
    note: z.string().nullable(),
    state: z.enum(REPAIR_CALL_STATES),
    /** Why it was abandoned. */
    reason: z.string().nullable(),
    scheduledByName: z.string(),
    handledByName: z.string().nullable(),
    handledAt: timestamp.nullable(),
  })
  .meta({ id: 'RepairCall' });
export type RepairCall = z.infer<typeof repairCallRecord>;
