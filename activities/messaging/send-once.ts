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

/** How long a sender holds a message; longer than the gateway may take (smtp-gateway.ts bounds it). */
export const SEND_CLAIM_SECONDS = 5 * 60;

/** Another attempt holds the message right now; retry later and it is either sent or free. */
export class MessageBeingSentError extends Error {
  constructor(idempotencyKey: string) {
    super(`message ${idempotencyKey} is being sent by another attempt`);
    this.name = 'MessageBeingSentError';
  }
}

/**
 * Records the message in the outbox, claims it, then sends it unless it was sent before.
 * The claim is one conditional UPDATE, so of overlapping attempts only one sends; a crashed
 * sender's claim runs out after `claimSeconds` and the message is then sent by the next
 * attempt. A failed send stays pending with its error, for the caller to retry. (A crash
 * between the gateway accepting and the row being marked could still resend: SMTP offers
 * nothing better; the stable Message-ID lets a gateway drop the copy.)
 */
export async function sendOnce(db: Db, gateway: MessageGateway, message: MessageToSend, options: { claimSeconds?: number } = {}): Promise<SentMessage> {
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
  const claimSeconds = options.claimSeconds ?? SEND_CLAIM_SECONDS;
  const [claimed] = await db('outbox')
    .where({ idempotency_key: message.idempotencyKey, state: 'pending' })
    .andWhere((q) => q.whereNull('claimed_until').orWhere('claimed_until', '<', db.fn.now()))
    .update({ claimed_until: db.raw(`now() + ? * interval '1 second'`, [claimSeconds]) })
    .returning(['id']);
  if (!claimed) {
    const row = await db('outbox').where({ idempotency_key: message.idempotencyKey }).first('id', 'state');
    if (row.state === 'sent') return { outboxId: Number(row.id), alreadySent: true };
    throw new MessageBeingSentError(message.idempotencyKey);
  }

  const messageId = `<${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32)}@gridflow>`;
  try {
    const { providerMessageId } = await gateway.send({ ...message, messageId });
    await db('outbox').where({ id: claimed.id }).update({
      state: 'sent',
      sent_at: db.fn.now(),
      transport: gateway.name,
      provider_message_id: providerMessageId,
      attempts: db.raw('attempts + 1'),
      last_error: null,
      claimed_until: null,
    });
  } catch (err) {
    // The claim goes with the failure: the caller's retry may send at once.
    await db('outbox').where({ id: claimed.id }).update({
      attempts: db.raw('attempts + 1'),
      last_error: String((err as Error).message ?? err).slice(0, 1000),
      transport: gateway.name,
      claimed_until: null,
    });
    throw err;
  }
  return { outboxId: Number(claimed.id), alreadySent: false };
}
