/** One workflow per repair order: starting it again for the same order is refused by Temporal. */
export function repairWorkflowId(orderNo: string): string {
  return `repair-${orderNo}`;
}

/** A repair order reopened by a revisit after a bad review: its rework, one per order and revisit. */
export function repairReopenWorkflowId(orderNo: string, revisitNo: string): string {
  return `repair-${orderNo}-reopen-${revisitNo}`;
}

/** The repair order's workflow type (domain/repair/process.ts `workflows`); a revisit's rework runs it too. */
export const REPAIR_WORKFLOW_TYPE = 'repairOrder';
