/** One workflow per repair order: starting it again for the same order is refused by Temporal. */
export function repairWorkflowId(orderNo: string): string {
  return `repair-${orderNo}`;
}
