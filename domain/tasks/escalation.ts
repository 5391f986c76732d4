import { isRole, Role } from '../permissions';

/**
 * What happens when a person's step passes its SLA, a parameter per step: each level fires
 * one SLA period after the previous one.
 */
export type EscalationAction =
  /** Text the supervisor of whoever holds (or was offered) the task. */
  | { notify: 'supervisor' }
  /** Offer the task to more roles. */
  | { widenToRoles: Role[] }
  /** Move it to the holder's supervisor. */
  | { reassignTo: 'supervisor' };

export interface HumanStepPolicy {
  slaMinutes: number;
  /** Level 1 after one SLA, level 2 after two, ...; then the task just stays overdue. */
  onOverdue: EscalationAction[];
}

export class InvalidStepPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStepPolicyError';
  }
}

export function parseHumanStepPolicy(raw: unknown, name: string): HumanStepPolicy {
  const input = raw as Partial<HumanStepPolicy> | null;
  if (typeof input !== 'object' || input === null) throw new InvalidStepPolicyError(`${name} must be an object {slaMinutes, onOverdue}`);
  const { slaMinutes, onOverdue = [] } = input;
  if (typeof slaMinutes !== 'number' || !Number.isInteger(slaMinutes) || slaMinutes < 1) {
    throw new InvalidStepPolicyError(`${name}.slaMinutes must be a whole number of minutes, at least 1`);
  }
  if (!Array.isArray(onOverdue)) throw new InvalidStepPolicyError(`${name}.onOverdue must be a list`);
  onOverdue.forEach((action: unknown, i) => {
    const a = action as Record<string, unknown>;
    const ok =
      (a?.notify === 'supervisor' && Object.keys(a).length === 1) ||
      (a?.reassignTo === 'supervisor' && Object.keys(a).length === 1) ||
      (Array.isArray(a?.widenToRoles) && a.widenToRoles.length > 0 && a.widenToRoles.every(isRole) && Object.keys(a).length === 1);
    if (!ok) throw new InvalidStepPolicyError(`${name}.onOverdue[${i}] must be {notify:'supervisor'}, {reassignTo:'supervisor'} or {widenToRoles:[roles]}`);
  });
  return { slaMinutes, onOverdue: onOverdue as EscalationAction[] };
}

/** Who may complete a task: someone with one of its roles, or one of its named users. */
export interface TaskCandidates {
  candidateRoles: Role[];
  candidateUserIds: number[];
}

export function isCandidate(candidates: TaskCandidates, person: { userId: number; roles: readonly Role[] }): boolean {
  return candidates.candidateUserIds.includes(person.userId) || person.roles.some((role) => candidates.candidateRoles.includes(role));
}

/**
 * Who may be handed a task: a candidate whom its workflow does not refuse by name (the
 * applicant of their own application, an earlier level's approver).
 */
export function mayTake(candidates: TaskCandidates, excludedUserIds: readonly number[], person: { userId: number; roles: readonly Role[] }): boolean {
  return !excludedUserIds.includes(person.userId) && isCandidate(candidates, person);
}
