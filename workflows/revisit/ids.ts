/** One workflow per revisit: starting it again for the same revisit is refused by Temporal. */
export function revisitWorkflowId(revisitNo: string): string {
  return `revisit-${revisitNo}`;
}

/** The workflow type the rating intake starts (domain/revisit/process.ts `workflows`). */
export const REVISIT_WORKFLOW_TYPE = 'revisitCase';
