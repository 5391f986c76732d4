import type { Knex } from 'knex';

/**
 * The id of the newest open task of `step` in the workflow, once the workflow has created it
 * (a task row appears a moment after the step starts); fails naming what it waited for.
 */
export async function openTaskOf(db: Knex, workflowId: string, step: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const row = await db('tasks').where({ workflow_id: workflowId, step, state: 'open' }).orderBy('id', 'desc').first('id');
    if (row) return Number(row.id);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no open ${step} task in ${workflowId}`);
}
