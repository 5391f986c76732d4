/** One reconnection workflow per customer: the id makes a second start collide. */
export function reconnectionWorkflowId(customerNo: string): string {
  return `reconnection-${customerNo}`;
}

export const RECONNECTION_SWEEP_SCHEDULE_ID = 'reconnection-sweep';
