/** Messages (SMS, email) sent or pending (api/outbox/routes.ts). */
import { z } from 'zod/v4';
import { bigId, id, timestamp } from './common';

/** The outbox table's channels and states (outbox_channel_check, outbox_state_check). */
export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_STATES = ['pending', 'sent', 'failed'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export const outboxMessageRecord = z
  .strictObject({
    id: bigId,
    channel: z.enum(MESSAGE_CHANNELS),
    recipient: z.string(),
    subject: z.string().nullable(),
    body: z.string(),
    purpose: z.string().describe('what the message is for, e.g. outage-notice, task-urged'),
    state: z.enum(MESSAGE_STATES),
    attempts: z.int().min(0),
    lastError: z.string().nullable(),
    /** Which gateway took it (smtp, sms-http...), once one did. */
    transport: z.string().nullable(),
    caseId: id.nullable(),
    createdAt: timestamp,
    sentAt: timestamp.nullable(),
  })
  .meta({ id: 'OutboxMessage' });
export type OutboxMessage = z.infer<typeof outboxMessageRecord>;
