/** The append-only audit log as the API lists it (api/events/routes.ts). */
import { z } from 'zod/v4';
import { bigId, id, jsonObject, timestamp } from './common';

export const eventRecord = z
  .strictObject({
    id: bigId,
    at: timestamp,
    type: z.string().describe('e.g. task.claimed, payment.received'),
    actor: z.string().describe('user:<id>, service:<name>, or the workflow that acted'),
    /** The acting person's name when a person acted (actor user:<id>), and the people its data names by id. */
    actorName: z.string().nullable(),
    people: z.record(z.string(), z.string()),
    customerNo: z.string().nullable(),
    caseId: id.nullable(),
    taskId: bigId.nullable(),
    orderNo: z.string().nullable(),
    data: jsonObject,
  })
  .meta({ id: 'Event' });
export type AuditEvent = z.infer<typeof eventRecord>;

/**
 * One frame sent to a meter and what came back (hardware/driver.ts FrameExchange), as meter
 * events carry them in `data.exchanges` for the audit trail.
 */
export const frameExchange = z
  .strictObject({
    /** Spaced upper-case hex, "68 01 00 ...". */
    sentHex: z.string(),
    /** Everything the line delivered in reply; null when nothing came. */
    receivedHex: z.string().nullable(),
    at: timestamp,
    note: z.string().optional(),
  })
  .meta({ id: 'FrameExchange' });
export type FrameExchange = z.infer<typeof frameExchange>;
