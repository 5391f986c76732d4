/** The central worker: database, billing and messaging activities, all workflows. */
export const CENTRAL_TASK_QUEUE = 'gridflow';

/** Each site's hardware worker owns that site's serial lines and listens here. */
export function meterTaskQueue(site: string): string {
  return `meters.${site}`;
}

/**
 * A site's read-backs (回读) after a failed command batch: their own queue, polled by the site's
 * own worker beside its commands, so a restarted worker takes them even when commands fill it.
 */
export function readBackTaskQueue(site: string): string {
  return `meters.${site}.read-back`;
}

/** Workflows schedule read-backs on that queue (patched: histories from before keep the site's command queue). */
export const READ_BACK_QUEUE = 'read-back-queue';
