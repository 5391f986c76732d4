/** One workflow per relocation order: starting it again for the same order is refused by Temporal. */
export function relocationWorkflowId(orderNo: string): string {
  return `relocation-${orderNo}`;
}

/** The workflow type the API starts (domain/relocation/process.ts `workflows`). */
export const RELOCATION_WORKFLOW_TYPE = 'relocationOrder';
