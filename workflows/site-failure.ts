import { type ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import type { SiteFailure } from '../activities/meters';

export type { SiteFailure };

/** Why a site's command activity failed, from the failure Temporal reported. */
export function siteFailureOf(err: ActivityFailure): SiteFailure {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'SiteWorkerRestarted') return 'site-worker-restarted';
  if (cause instanceof TimeoutFailure) return cause.timeoutType === 'HEARTBEAT' ? 'site-worker-silent' : 'site-unreachable';
  return 'site-failure';
}
