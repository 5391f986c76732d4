import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection';
import type { MessageGateway } from './gateway';

export interface MessageToSend {
  /** The same key is the same message: sending it again is a no-op. */
  idempotencyKey: string;
  channel: 'sms' | 'email';
  recipient: string;
  subject?: string;
  body: string;
  purpose: string;
  customerId?: number;
  workflowId?: string;
  caseId?: number;
}

export interface SentMessage {
  outboxId: number;
  /** True when an earlier attempt had already sent it. */
  alreadySent: boolean;
}

/**
 * Records the message in the outbox, then sends it unless it was sent before. A failed
 * send stays pending with its error, for the caller to retry. (A crash between the
 * gateway accepting and the row being marked could still resend: SMTP offers nothing
 * better; the stable Message-ID lets a gateway drop the copy.)
 */
export async function sendOnce(db: Db, gateway: MessageGateway, message: MessageToSend): Promise<SentMessage> {
  await db('outbox')
    .insert({
      idempotency_key: message.idempotencyKey,
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject ?? null,
      body: message.body,
      purpose: message.purpose,
      customer_id: message.customerId ?? null,
      workflow_id: message.workflowId ?? null,
      case_id: message.caseId ?? null,
    })
    .onConflict('idempotency_key')
    .ignore();
  const row = await db('outbox').where({ idempotency_key: message.idempotencyKey }).first('id', 'state');
  if (row.state === 'sent') return { outboxId: Number(row.id), alreadySent: true };

  const messageId = `<${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32)}@gridflow>`;
  try {
    const { providerMessageId } = await gateway.send({ ...message, messageId });
    await db('outbox').where({ id: row.id }).update({
      state: 'sent',
      sent_at: db.fn.now(),
      transport: gateway.name,
      provider_message_id: providerMessageId,
      attempts: db.raw('attempts + 1'),
      last_error: null,
    });
  } catch (err) {
    await db('outbox').where({ id: row.id }).update({
      attempts: db.raw('attempts + 1'),
      last_error: String((err as Error).message ?? err).slice(0, 1000),
      transport: gateway.name,
    });
    throw err;
  }
  return { outboxId: Number(row.id), alreadySent: false };
}
