import type { Role } from '../permissions';
import type { ApprovalLevel, DisconnectionPolicy } from './policy';
import type { OutcomeState } from './progress';

/** An application for disconnection (停电申请): customers in arrears and why. */
export interface DisconnectionApplication {
  applicantId: number;
  reason: string;
  /** The customers picked one by one; null when `filter` picks them. */
  customerIds: number[] | null;
  /** "All customers matching", as the application screen lists them; null when `customerIds` are given. */
  filter: ApplicationFilter | null;
}

/** Customers in arrears above an amount, optionally of one segment (抄表段). */
export interface ApplicationFilter {
  /** Yuan; 0 means any arrears at all. */
  arrearsAbove: number;
  segmentCode?: string;
}

export const MAX_REASON_LENGTH = 500;
/** Enough of a bad list to find the mistake without flooding the message. */
const MAX_IDS_SHOWN = 5;

export class InvalidDisconnectionApplicationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDisconnectionApplicationError';
  }
}

/** Validates an application as sent; the reason is returned trimmed. */
export function parseDisconnectionApplication(raw: unknown, policy: Pick<DisconnectionPolicy, 'maxCustomersPerCase'>): DisconnectionApplication {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('the application must be an object {applicantId, reason, customerIds or filter}');
  const { applicantId, reason, customerIds, filter } = raw as Record<string, unknown>;
  if (!isId(applicantId)) fail(`applicantId must be a user id, got ${JSON.stringify(applicantId)}`);
  const parsedReason = parseReason(reason);
  // null counts as absent: a form may send the field it does not use as null.
  const absent = (value: unknown) => value === undefined || value === null;
  if (absent(customerIds) === absent(filter)) fail('give either customerIds (customers picked one by one) or filter (all customers matching), not both or neither');
  if (!absent(filter)) return { applicantId, reason: parsedReason, customerIds: null, filter: parseFilter(filter) };
  return { applicantId, reason: parsedReason, customerIds: parseCustomerIds(customerIds, policy.maxCustomersPerCase), filter: null };
}

function parseFilter(raw: unknown): ApplicationFilter {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('filter must be an object {arrearsAbove, segmentCode?}');
  const { arrearsAbove, segmentCode, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) fail(`filter has unknown field(s) ${unknown.join(', ')}; allowed: arrearsAbove, segmentCode`);
  // Required, so that "all matching" can never silently mean customers who owe nothing.
  if (typeof arrearsAbove !== 'number' || !Number.isFinite(arrearsAbove) || arrearsAbove < 0) {
    fail(`filter.arrearsAbove must be a number of yuan, 0 or more (0 for any arrears), got ${JSON.stringify(arrearsAbove)}`);
  }
  if (segmentCode === undefined) return { arrearsAbove };
  if (typeof segmentCode !== 'string' || segmentCode.trim() === '' || segmentCode.length > 50) fail(`filter.segmentCode must be a segment code, got ${JSON.stringify(segmentCode)}`);
  return { arrearsAbove, segmentCode: segmentCode.trim() };
}

function parseReason(raw: unknown): string {
  const reason = typeof raw === 'string' ? raw.trim() : '';
  // Counted in characters as a person sees them, not UTF-16 units.
  const length = [...reason].length;
  if (length < 1 || length > MAX_REASON_LENGTH) fail(`reason must be 1 to ${MAX_REASON_LENGTH} characters, got ${length}`);
  return reason;
}

function parseCustomerIds(raw: unknown, max: number): number[] {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > max) {
    fail(`customerIds must list 1 to ${max} customers${Array.isArray(raw) ? `, got ${raw.length}` : ''}`);
  }
  const notIds = raw.filter((id: unknown) => !isId(id));
  if (notIds.length > 0) fail(`customerIds must be customer ids (whole numbers from 1), got ${shown(notIds.map((id) => JSON.stringify(id)))}`);
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const id of raw as number[]) {
    if (seen.has(id)) repeated.add(id);
    else seen.add(id);
  }
  if (repeated.size > 0) fail(`customerIds lists customer(s) more than once: ${shown([...repeated].map(String))}`);
  return [...(raw as number[])];
}

/** A client's name for one application: the same key by the same applicant is the same application. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The key from the `Idempotency-Key` header or the body's `idempotencyKey`; null when
 * neither is sent. Both may be sent only if they agree.
 */
export function parseIdempotencyKey(header: unknown, body: unknown): string | null {
  const given = [header, body].filter((value) => value !== undefined && value !== null);
  if (given.length === 0) return null;
  if (given.some((value) => typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value))) {
    fail('an idempotency key is 1 to 100 letters, digits or . _ : - (one per application form, e.g. a UUID)');
  }
  if (given.length === 2 && given[0] !== given[1]) fail('the Idempotency-Key header and the body\'s idempotencyKey differ');
  return given[0] as string;
}

/**
 * What makes a resubmission the same application: the reason and the customers (in any
 * order) or the filter. The same key with a different fingerprint is a mistake, not a retry.
 */
export function applicationFingerprint(application: Pick<DisconnectionApplication, 'reason' | 'customerIds' | 'filter'>): string {
  const { reason, customerIds, filter } = application;
  return JSON.stringify({
    reason,
    customerIds: customerIds ? [...customerIds].sort((a, b) => a - b) : null,
    filter: filter ? { arrearsAbove: filter.arrearsAbove, segmentCode: filter.segmentCode ?? null } : null,
  });
}

/** A customer with one of these outcomes is done with their case and may be applied for again. */
export const SETTLED_OUTCOMES = ['disconnected', 'excluded'] as const satisfies readonly OutcomeState[];

/** Why a person may not approve a level of a case; null when they may. */
export type ApprovalRefusal =
  | { code: 'OWN_APPLICATION'; reason: string }
  | { code: 'APPROVED_EARLIER_LEVEL'; reason: string }
  | { code: 'MISSING_ROLE'; reason: string };

export interface ApprovalAttempt {
  applicantId: number;
  approverId: number;
  /** The roles the would-be approver holds. */
  approverRoles: readonly Role[];
  level: Pick<ApprovalLevel, 'name' | 'approverRoles'>;
  /** Who approved this case's earlier levels: each level needs another pair of eyes. */
  earlierApproverIds?: readonly number[];
}

export function whyCannotApprove(attempt: ApprovalAttempt): ApprovalRefusal | null {
  const { applicantId, approverId, approverRoles, level, earlierApproverIds = [] } = attempt;
  if (approverId === applicantId) return { code: 'OWN_APPLICATION', reason: 'An applicant never approves their own case' };
  if (earlierApproverIds.includes(approverId)) {
    return { code: 'APPROVED_EARLIER_LEVEL', reason: 'Whoever approved an earlier level cannot approve another level of the same case' };
  }
  if (!approverRoles.some((role) => level.approverRoles.includes(role))) {
    return { code: 'MISSING_ROLE', reason: `Approval level "${level.name}" needs one of the roles ${level.approverRoles.join(', ')}` };
  }
  return null;
}

export function canApprove(attempt: ApprovalAttempt): boolean {
  return whyCannotApprove(attempt) === null;
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function shown(items: string[]): string {
  return items.length > MAX_IDS_SHOWN ? `${items.slice(0, MAX_IDS_SHOWN).join(', ')} and ${items.length - MAX_IDS_SHOWN} more` : items.join(', ');
}

function fail(message: string): never {
  throw new InvalidDisconnectionApplicationError(message);
}
