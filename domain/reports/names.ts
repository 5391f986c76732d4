import { disconnectionProcess } from '../disconnection/process';
import type { CaseStep } from '../processes';

/** The reports the back office offers (api/reports, admin-ui/src/reports). */
export const REPORT_NAMES = ['reconnection', 'disconnection', 'tasks', 'revisits'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

type DisconnectionSteps = typeof disconnectionProcess.steps;
/** The steps a disconnection case ends in (rejected, archived, archived-empty). */
export type DisconnectionEndStep = { [S in CaseStep<'disconnection'>]: DisconnectionSteps[S]['kind'] extends 'end' ? S : never }[CaseStep<'disconnection'>];
export const DISCONNECTION_END_STEPS = (Object.keys(disconnectionProcess.steps) as CaseStep<'disconnection'>[]).filter(
  (step): step is DisconnectionEndStep => disconnectionProcess.steps[step].kind === 'end',
);

/** How a disconnection case stands: still running, failed, or the end step it closed at. */
export const DISCONNECTION_CASE_OUTCOMES = ['running', 'failed', ...DISCONNECTION_END_STEPS] as const;
export type DisconnectionCaseOutcome = 'running' | 'failed' | DisconnectionEndStep;

/** A case's outcome: the end step it stands at, else failed or still running. */
export function disconnectionCaseOutcome(state: 'running' | 'completed' | 'failed', currentStep: string): DisconnectionCaseOutcome {
  if ((DISCONNECTION_END_STEPS as readonly string[]).includes(currentStep)) return currentStep as DisconnectionEndStep;
  return state === 'failed' ? 'failed' : 'running';
}
