import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection';
import { callingWorkflow } from '../context';
import type { MessageGateway } from './gateway';

export interface SendMessageInput {
  /** The same key is the same message: a retried activity never sends it twice. */
  idempotencyKey: string;
  channel: 'sms' | 'email';
  recipient: string;
  subject?: string;
  body: string;
  purpose: string;
  customerId?: number;
}

export interface SendMessageResult {
  outboxId: number;
  /** True when an earlier attempt had already sent it. */
  alreadySent: boolean;
}

export function createMessagingActivities(db: Db, gateway: MessageGateway) {
  return {
    async sendMessage(input: SendMessageInput): Promise<SendMessageResult> {
      const { workflowId } = callingWorkflow();
      await db('outbox')
        .insert({
          idempotency_key: input.idempotencyKey,
          channel: input.channel,
          recipient: input.recipient,
          subject: input.subject ?? null,
          body: input.body,
          purpose: input.purpose,
          customer_id: input.customerId ?? null,
          workflow_id: workflowId,
        })
        .onConflict('idempotency_key')
        .ignore();
      const row = await db('outbox').where({ idempotency_key: input.idempotencyKey }).first('id', 'state');
      if (row.state === 'sent') return { outboxId: Number(row.id), alreadySent: true };

      const messageId = `<${createHash('sha256').update(input.idempotencyKey).digest('hex').slice(0, 32)}@gridflow>`;
      try {
        const { providerMessageId } = await gateway.send({ ...input, messageId });
        await db('outbox').where({ id: row.id }).update({
          state: 'sent',
          sent_at: db.fn.now(),
          transport: gateway.name,
          provider_message_id: providerMessageId,
          attempts: db.raw('attempts + 1'),
          last_error: null,
        });
      } catch (err) {
        // Stays pending; Temporal retries the activity with backoff.
        await db('outbox').where({ id: row.id }).update({
          attempts: db.raw('attempts + 1'),
          last_error: String((err as Error).message ?? err).slice(0, 1000),
          transport: gateway.name,
        });
        throw err;
      }
      return { outboxId: Number(row.id), alreadySent: false };
    },
  };
}

export type MessagingActivities = ReturnType<typeof createMessagingActivities>;
