/** The central worker: database, billing and messaging activities, all workflows. */
export const CENTRAL_TASK_QUEUE = 'gridflow';

/** Each site's hardware worker owns that site's serial lines and listens here. */
export function meterTaskQueue(site: string): string {
  return `meters.${site}`;
}
