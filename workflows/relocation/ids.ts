/** One workflow per relocation order: starting it again for the same order is refused by Temporal. */
export function relocationWorkflowId(orderNo: string): string {
  return `relocation-${orderNo}`;
}

/** The workflow type the API starts (domain/relocation/process.ts `workflows`). */
export const RELOCATION_WORKFLOW_TYPE = 'relocationOrder';

/** A relocation reopened by a revisit after a bad review: its rework, one per order and revisit. */
export function relocationReopenWorkflowId(orderNo: string, revisitNo: string): string {
  return `relocation-${orderNo}-reopen-${revisitNo}`;
}
