import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { ReconnectionActivities } from '../../activities/reconnection';
import { reconnectionWorkflowId } from './ids';
import { reconnectCustomer } from './workflow';

const { findCustomersDueForReconnection } = proxyActivities<ReconnectionActivities>({
  startToCloseTimeout: '1 minute',
});

/** Customers started per sweep; the rest wait for the next sweep 15 minutes later. */
const SWEEP_BATCH = 1000;

/**
 * The safety net (domain brief §2, sweep): every interval, start reconnection for each
 * disconnected customer who no longer owes anything and has no reconnection open, in case
 * the start on payment was missed.
 */
export async function reconnectionSweep(): Promise<{ started: string[]; alreadyRunning: string[] }> {
  const due = await findCustomersDueForReconnection(SWEEP_BATCH);
  const started: string[] = [];
  const alreadyRunning: string[] = [];
  for (const customerNo of due) {
    try {
      await startChild(reconnectCustomer, {
        workflowId: reconnectionWorkflowId(customerNo),
        args: [{ customerNo, trigger: 'sweep' }],
        // Each reconnection lives on after the sweep that started it has finished.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      started.push(customerNo);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      alreadyRunning.push(customerNo);
    }
  }
  return { started, alreadyRunning };
}
