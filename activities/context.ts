import { Context } from '@temporalio/activity';

/** The workflow run that scheduled the current activity (its ids key idempotent writes). */
export function callingWorkflow(): { workflowId: string; runId: string } {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('this activity must be scheduled by a workflow');
  return execution;
}
