import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { REVISIT_WORKFLOW_TYPE, revisitWorkflowId } from '../workflows/revisit/ids';
import { CENTRAL_TASK_QUEUE } from '../workflows/task-queues';

/**
 * Starts a revisit's workflow after the transaction that opened it, from the API or from an
 * activity (never from workflow code: this is client code); one already started (a redelivery
 * or a retry) is fine.
 */
export async function startRevisitWorkflow(temporal: Client, revisitNo: string): Promise<void> {
  try {
    await temporal.workflow.start(REVISIT_WORKFLOW_TYPE, {
      taskQueue: CENTRAL_TASK_QUEUE,
      workflowId: revisitWorkflowId(revisitNo),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ revisitNo }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
