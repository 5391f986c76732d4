/**
 * Repair crews as teams (维修班组, db/migrations/024_repair_crews.ts). An order goes to a crew
 * member, or to a crew: then every active member of it is offered the order and the first to
 * accept becomes its crew member. Pure; the workflow bundle reads it.
 */

/** A crew's code: lower-case letters, digits and -, 1 to 40 (repair_crews_code_check). */
export const CREW_CODE_PATTERN = /^[a-z0-9-]{1,40}$/;

/** Whom a dispatcher's choice or a dispatch rule sends an order to: a crew member, or a crew. */
export type DispatchTarget = { crewUserId: number } | { crewCode: string };

/**
 * Why a dispatch could not place the order; the dispatcher chooses again, told why (the
 * dispatch task's payload carries it as `dispatchRefusal`, with `refusedName`).
 */
export const DISPATCH_REFUSALS = [
  /** The person is not an active user with the crew role. */
  'NOT_CREW',
  /** No crew has this code, or it is retired. */
  'CREW_UNKNOWN',
  /** The crew has no active member to offer the order to. */
  'CREW_EMPTY',
] as const;
export type DispatchRefusal = (typeof DISPATCH_REFUSALS)[number];

/** Whether a value is a crew code (the form's and the policy's check). */
export function isCrewCode(value: unknown): value is string {
  return typeof value === 'string' && CREW_CODE_PATTERN.test(value);
}
