import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection';
import { appendEvent } from '../../db/events';
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
  /** Who queued it, for the audit trail ("user:7"); by default the workflow, else the system. */
  actor?: string;
}

export interface SentMessage {
  outboxId: number;
  /** True when an earlier attempt had already sent it. */
  alreadySent: boolean;
}

/**
 * How long a claim lasts without renewal. A live sender renews it while the gateway works,
 * so this is how long a sender that died (kill -9) holds a message up: short, since a
 * case's notices wait behind it.
 */
export const SEND_CLAIM_SECONDS = 60;
/** A live sender renews its claim this long at most: the gateway's own bound (smtp-gateway.ts) and a margin. */
export const MAX_SEND_SECONDS = 180;

/** Another attempt holds the message right now; retry later and it is either sent or free. */
export class MessageBeingSentError extends Error {
  constructor(idempotencyKey: string) {
    super(`message ${idempotencyKey} is being sent by another attempt`);
    this.name = 'MessageBeingSentError';
  }
}

/**
 * Records the message in the outbox, claims it, then sends it unless it was sent before.
 * The claim is one conditional UPDATE, so of overlapping attempts only one sends. The sender
 * renews the claim while the gateway works; a sender that died stops renewing and its claim
 * runs out after `claimSeconds`, and the next attempt sends. Once the gateway has accepted a
 * message, marking it sent is retried for as long as the claim still holds (the database may
 * be restarting), since releasing it would send it again. A failed send stays pending with
 * its error, for the caller to retry. (A crash between the gateway accepting and the row
 * being marked could still resend: SMTP offers nothing better; the stable Message-ID lets a
 * gateway drop the copy.)
 */
export async function sendOnce(
  db: Db,
  gateway: MessageGateway,
  message: MessageToSend,
  options: { claimSeconds?: number; maxSendSeconds?: number } = {},
): Promise<SentMessage> {
  await queueMessage(db, message);
  const claimSeconds = options.claimSeconds ?? SEND_CLAIM_SECONDS;
  const claimUntil = () => db.raw(`now() + ? * interval '1 second'`, [claimSeconds]);
  const [claimed] = await db('outbox')
    .where({ idempotency_key: message.idempotencyKey, state: 'pending' })
    .andWhere((q) => void q.whereNull('claimed_until').orWhere('claimed_until', '<', db.fn.now()))
    .update({ claimed_until: claimUntil() })
    .returning(['id']);
  if (!claimed) {
    const row = await db('outbox').where({ idempotency_key: message.idempotencyKey }).first('id', 'state');
    if (row.state === 'sent') return { outboxId: Number(row.id), alreadySent: true };
    throw new MessageBeingSentError(message.idempotencyKey);
  }
  const claim = holdClaim(() => db('outbox').where({ id: claimed.id, state: 'pending' }).update({ claimed_until: claimUntil() }), claimSeconds, options.maxSendSeconds ?? MAX_SEND_SECONDS);

  const messageId = `<${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32)}@gridflow>`;
  try {
    let providerMessageId: string | undefined;
    try {
      ({ providerMessageId } = await gateway.send({ ...message, messageId }));
    } catch (err) {
      // The claim goes with the failure: the caller's retry may send at once. The failed
      // attempt is on the audit trail, written with the row.
      const error = String((err as Error).message ?? err).slice(0, 1000);
      await db.transaction(async (trx) => {
        const [row] = await trx('outbox')
          .where({ id: claimed.id })
          .update({ attempts: trx.raw('attempts + 1'), last_error: error, transport: gateway.name, claimed_until: null })
          .returning(['attempts']);
        await appendEvent(trx, {
          type: 'message.failed',
          actor: gatewayActor(gateway),
          customerId: message.customerId ?? null,
          workflowId: message.workflowId ?? null,
          caseId: message.caseId ?? null,
          data: { ...messageFacts(Number(claimed.id), message), attempt: row.attempts, error, transport: gateway.name },
          idempotencyKey: `message.failed:${message.idempotencyKey}:${row.attempts}`,
        });
      });
      throw err;
    }
    // The row marked sent and its event commit together (a retried write writes both again).
    await claim.whileHeld(() =>
      db.transaction(async (trx) => {
        const [row] = await trx('outbox')
          .where({ id: claimed.id })
          .update({
            state: 'sent',
            sent_at: trx.fn.now(),
            transport: gateway.name,
            provider_message_id: providerMessageId ?? null,
            attempts: trx.raw('attempts + 1'),
            last_error: null,
            claimed_until: null,
          })
          .returning(['attempts']);
        await appendEvent(trx, {
          type: 'message.sent',
          actor: gatewayActor(gateway),
          customerId: message.customerId ?? null,
          workflowId: message.workflowId ?? null,
          caseId: message.caseId ?? null,
          data: { ...messageFacts(Number(claimed.id), message), attempt: row.attempts, transport: gateway.name, providerMessageId: providerMessageId ?? null },
          idempotencyKey: `message.sent:${message.idempotencyKey}`,
        });
      }),
    );
  } finally {
    claim.release();
  }
  return { outboxId: Number(claimed.id), alreadySent: false };
}

/**
 * Writes the message's outbox row unless its key has one, and its `message.queued` event with
 * it; inside a caller's transaction too (then both commit or roll back with the caller's change).
 */
export async function queueMessage(db: Db, message: MessageToSend): Promise<void> {
  await db.transaction(async (trx) => {
    const [inserted] = await trx('outbox')
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
      .ignore()
      .returning(['id']);
    // Queued once: a second call with the same key finds the row and records nothing.
    if (!inserted) return;
    await appendEvent(trx, {
      type: 'message.queued',
      actor: message.actor ?? (message.workflowId ? `workflow:${message.workflowId}` : 'system'),
      customerId: message.customerId ?? null,
      workflowId: message.workflowId ?? null,
      caseId: message.caseId ?? null,
      data: { ...messageFacts(Number(inserted.id), message), ...(message.subject ? { subject: message.subject } : {}), body: message.body },
      idempotencyKey: `message.queued:${message.idempotencyKey}`,
    });
  });
}

/** What every message event says about its message: the outbox row and where it goes. */
function messageFacts(outboxId: number, message: MessageToSend) {
  return { outboxId, channel: message.channel, recipient: message.recipient, purpose: message.purpose };
}

/** The gateway that carried (or failed to carry) a message, as an event's actor. */
const gatewayActor = (gateway: MessageGateway) => `gateway:${gateway.name}`;

/**
 * Renews a claim every quarter of its length for at most `maxSeconds`; `whileHeld` retries a
 * write until it succeeds or the claim may have run out (no renewal got through in time).
 */
function holdClaim(renew: () => PromiseLike<unknown>, claimSeconds: number, maxSeconds: number) {
  const claimMs = claimSeconds * 1000;
  const startedAt = Date.now();
  let heldUntil = startedAt + claimMs;
  const renewAt = async () => {
    const askedAt = Date.now();
    try {
      await renew();
      heldUntil = askedAt + claimMs;
    } catch {
      // The database is away; the claim stands until it runs out, and the next renewal may get through.
    }
  };
  const timer = setInterval(() => {
    if (Date.now() - startedAt > maxSeconds * 1000) clearInterval(timer);
    else void renewAt();
  }, claimMs / 4);
  timer.unref();
  return {
    async whileHeld<T>(write: () => PromiseLike<T>): Promise<T> {
      for (;;) {
        try {
          return await write();
        } catch (err) {
          // Leave a margin: another sender may claim the moment the claim runs out.
          if (Date.now() + 1000 > heldUntil - claimMs / 10) throw err;
          await new Promise((resolve) => setTimeout(resolve, Math.min(500, claimMs / 8)));
        }
      }
    },
    release() {
      clearInterval(timer);
    },
  };
}
