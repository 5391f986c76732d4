import type { DisconnectionStage, OutcomeState } from '../types';

/** A case's stages in order (workflows/disconnection/case.ts); the last two are final. */
export const STAGES: readonly DisconnectionStage[] = ['approval', 'pre-notice', 're-check', 'commands', 'archived', 'rejected'];
export const FINAL_STAGES: readonly DisconnectionStage[] = ['archived', 'rejected'];

/** Where one customer of a case stands (db/migrations/004_disconnection_outcomes.ts). */
export const OUTCOME_STATES: readonly OutcomeState[] = ['waiting', 'deferred', 'commanding', 'awaiting-entry', 'disconnected', 'excluded'];

/** How often a running case's progress and outcomes are asked for again. */
export const LIVE_REFRESH_MS = 3000;
