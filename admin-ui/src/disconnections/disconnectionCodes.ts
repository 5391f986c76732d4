import type { DisconnectionStage } from '../types';

export { OUTCOME_STATES } from '../../../domain/disconnection/progress';

/** A case's stages in order (workflows/disconnection/case.ts); the last two are final. */
export const STAGES: readonly DisconnectionStage[] = ['approval', 'pre-notice', 're-check', 'commands', 'archived', 'rejected'];
export const FINAL_STAGES: readonly DisconnectionStage[] = ['archived', 'rejected'];


/** How often a running case's progress and outcomes are asked for again. */
export const LIVE_REFRESH_MS = 3000;
