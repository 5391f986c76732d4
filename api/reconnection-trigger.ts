import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Db } from '../db/connection';
import { customersDueForReconnection } from '../db/queries/reconnection';
import { reconnectionWorkflowId } from '../workflows/reconnection/ids';
import { CENTRAL_TASK_QUEUE } from '../workflows/task-queues';
import { reconnectCustomer } from '../workflows/reconnection/workflow';

export type ReconnectionTrigger =
  | { state: 'not-due' }
  | { state: 'started' | 'already-running'; workflowId: string }
  /** Temporal could not be reached; the sweep will start it within its interval. */
  | { state: 'deferred-to-sweep'; workflowId: string; reason: string };

/**
 * Starts reconnection at once when a payment has cleared a disconnected customer's
 * arrears (ours: seconds, not up to 15 minutes). The workflow id makes it safe to call
 * again for the same customer.
 */
export async function startReconnectionIfDue(
  db: Db,
  temporal: Client,
  customerId: number,
  paymentId: string,
  log: Pick<Console, 'warn'> = console,
): Promise<ReconnectionTrigger> {
  const [due] = await customersDueForReconnection(db, { customerIds: [customerId] });
  if (!due) return { state: 'not-due' };
  const workflowId = reconnectionWorkflowId(due.customerNo);
  try {
    await temporal.workflow.start(reconnectCustomer, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId,
      args: [{ customerNo: due.customerNo, trigger: 'payment', paymentId }],
    });
    return { state: 'started', workflowId };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { state: 'already-running', workflowId };
    log.warn(`could not start ${workflowId} after payment ${paymentId}; the sweep will: ${(err as Error).message}`);
    return { state: 'deferred-to-sweep', workflowId, reason: (err as Error).message };
  }
}
