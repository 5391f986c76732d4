import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Db } from '../db/connection';
import { policyVersionInForce } from '../db/queries/policies';
import { parseReconnectionPolicy } from '../domain/reconnection/policy';
import { anchorAuditChain } from '../workflows/audit/anchor';
import { RECONNECTION_SWEEP_SCHEDULE_ID } from '../workflows/reconnection/ids';
import { reconnectionSweep } from '../workflows/reconnection/sweep';
import { CENTRAL_TASK_QUEUE } from '../workflows/task-queues';

/**
 * Registers the reconnection sweep (every 15 minutes by default) as a Temporal Schedule,
 * or brings an existing one to the configured interval. Safe to call at every start.
 */
export async function ensureReconnectionSweepSchedule(client: Client, db: Db): Promise<{ intervalMinutes: number }> {
  const { sweepIntervalMinutes } = parseReconnectionPolicy((await policyVersionInForce(db, 'reconnection'))?.value ?? {});
  const spec = { intervals: [{ every: `${sweepIntervalMinutes} minutes` as const }] };
  try {
    await client.schedule.create({
      scheduleId: RECONNECTION_SWEEP_SCHEDULE_ID,
      spec,
      action: { type: 'startWorkflow', workflowType: reconnectionSweep, taskQueue: CENTRAL_TASK_QUEUE, args: [] },
      // A sweep still running when the next is due has the same work to do: skip.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      memo: { purpose: 'Safety net of remote reconnection (domain brief §2)' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(RECONNECTION_SWEEP_SCHEDULE_ID).update((previous) => ({ ...previous, spec }));
  }
  return { intervalMinutes: sweepIntervalMinutes };
}

export const AUDIT_ANCHOR_SCHEDULE_ID = 'audit-anchor';

/**
 * Registers the nightly anchor of the event chain (00:05 China time), mailed to `mailbox`
 * (AUDIT_MAILBOX) when one is set; brings an existing schedule to the current mailbox.
 */
export async function ensureAuditAnchorSchedule(client: Client, mailbox = process.env.AUDIT_MAILBOX): Promise<void> {
  const spec = { calendars: [{ hour: 0, minute: 5 }], timezone: 'Asia/Shanghai' };
  const action = { type: 'startWorkflow' as const, workflowType: anchorAuditChain, taskQueue: CENTRAL_TASK_QUEUE, args: [mailbox ? { mailbox } : {}] as [{ mailbox?: string }] };
  try {
    await client.schedule.create({
      scheduleId: AUDIT_ANCHOR_SCHEDULE_ID,
      spec,
      action,
      // A night missed while everything was down is anchored when it comes back.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { purpose: 'Daily anchor of the audit event chain' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(AUDIT_ANCHOR_SCHEDULE_ID).update((previous) => ({ ...previous, spec, action }));
  }
}
