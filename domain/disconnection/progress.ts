/**
 * Where a disconnection case stands, as the case workflow answers it and the back office
 * shows it: one definition for both sides.
 */
export type DisconnectionStage = 'approval' | 'pre-notice' | 're-check' | 'commands' | 'archived' | 'rejected';

export interface DisconnectionProgress {
  stage: DisconnectionStage;
  total: number;
  disconnected: number;
  /** Of the disconnected, those whose outage time was entered by hand after a failed command. */
  manualEntry: number;
  /** Trip commands that failed; each customer then waits for a hand-entered outage time. */
  failed: number;
  /** Failed, and the outage time not yet entered. */
  awaitingEntry: number;
  /** Removed at re-check, or dropped by the protection gate (paid, protected, no meter, ...). */
  excluded: number;
  /** Customers whose command a forbidden window put off, still to be commanded. */
  deferred: number;
  /** Customers being judged or commanded now. */
  inFlight: number;
  /** Customers not yet started. */
  remaining: number;
  /** The case holds its commands until then (a night, a weekend, a holiday, the cut-off). */
  pausedUntil: string | null;
  /** Which window holds the commands (NIGHT, WEEKEND, HOLIDAY, AFTER_CUTOFF), for the UI to name. */
  pauseCode: string | null;
  /** The same in English, with the times, for auditors reading the raw record. */
  pauseReason: string | null;
}

/** Each customer's place in a case (the disconnection_outcomes table). */
export const OUTCOME_STATES = ['waiting', 'deferred', 'commanding', 'awaiting-entry', 'disconnected', 'excluded'] as const;
export type OutcomeState = (typeof OUTCOME_STATES)[number];
