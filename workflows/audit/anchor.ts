import { proxyActivities } from '@temporalio/workflow';
import type { AuditActivities } from '../../activities/audit';
import type { MessagingActivities } from '../../activities/messaging/activities';

const audit = proxyActivities<AuditActivities>({ startToCloseTimeout: '1 minute' });
const messaging = proxyActivities<MessagingActivities>({ startToCloseTimeout: '5 minutes' });

const CHINA_MS = 8 * 3600_000;

/** The day in China that ended most recently before `now` (the anchor closes it). */
export function dayClosedAt(now: number): string {
  return new Date(now + CHINA_MS - 24 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Every night (a Temporal schedule): the event chain's head is stored as the day's anchor and
 * mailed to the auditors, so a chain rewritten later no longer ends where they were told.
 */
export async function anchorAuditChain(input: { mailbox?: string } = {}): Promise<{ day: string; seq?: number; mailed: boolean }> {
  const day = dayClosedAt(Date.now());
  const anchor = await audit.anchorChainHead({ day });
  if (!anchor) return { day, mailed: false };
  if (!input.mailbox) return { day, seq: anchor.seq, mailed: false };
  await messaging.sendMessage({
    channel: 'email',
    recipient: input.mailbox,
    subject: `Gridflow 审计锚点 ${day}`,
    body: `${day} 事件链锚点\n序号：${anchor.seq}\nSHA-256：${anchor.hash}\n核对：gridflow audit verify`,
    purpose: 'audit-anchor',
    idempotencyKey: `audit-anchor:${day}`,
  });
  return { day, seq: anchor.seq, mailed: true };
}
