import { findUnstorableText, unstorableTextMessage } from '../storable-value';

/**
 * What a person must enter to complete each kind of step. The workflow's Update validator
 * runs these, so a bad form is refused before anything changes.
 */
export interface ManualReconnectionResult {
  /** When the collector restored supply on site (ISO time). */
  reconnectedAt: string;
  note?: string;
}

export type FormCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Text PostgreSQL cannot store would make the completion's write fail for ever: refused first. */
function unstorable(raw: unknown): FormCheck<never> | undefined {
  const where = findUnstorableText(raw, 'result');
  return where === undefined ? undefined : { ok: false, message: unstorableTextMessage(where) };
}

const MAX_NOTE = 2000;
const ALLOWED_CLOCK_SKEW_MS = 5 * 60_000;

export function checkManualReconnection(raw: unknown, now: number, notBefore: number): FormCheck<ManualReconnectionResult> {
  const input = raw as Partial<ManualReconnectionResult> | null;
  if (typeof input !== 'object' || input === null) return { ok: false, message: 'send {reconnectedAt, note?}' };
  const refused = unstorable(raw);
  if (refused) return refused;
  const at = typeof input.reconnectedAt === 'string' ? Date.parse(input.reconnectedAt) : Number.NaN;
  if (Number.isNaN(at)) return { ok: false, message: 'reconnectedAt must be a date and time' };
  if (at > now + ALLOWED_CLOCK_SKEW_MS) return { ok: false, message: 'reconnectedAt cannot be in the future' };
  // People enter times to the minute: the minute the order was opened counts as after it.
  if (at < Math.floor(notBefore / 60_000) * 60_000) return { ok: false, message: 'reconnectedAt cannot be before the order was opened' };
  if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > MAX_NOTE)) {
    return { ok: false, message: `note must be text of at most ${MAX_NOTE} characters` };
  }
  return { ok: true, value: { reconnectedAt: new Date(at).toISOString(), ...(input.note ? { note: input.note } : {}) } };
}

export interface ManualOutageResult {
  /** When the executor confirmed supply was cut (ISO time). */
  outageAt: string;
  note?: string;
}

/** 录入停电信息: the outage time entered by hand when the meter could not confirm it. */
export function checkManualOutage(raw: unknown, now: number, notBefore: number): FormCheck<ManualOutageResult> {
  const input = raw as Partial<ManualOutageResult> | null;
  if (typeof input !== 'object' || input === null) return { ok: false, message: 'send {outageAt, note?}' };
  const refused = unstorable(raw);
  if (refused) return refused;
  const at = typeof input.outageAt === 'string' ? Date.parse(input.outageAt) : Number.NaN;
  if (Number.isNaN(at)) return { ok: false, message: 'outageAt must be a date and time' };
  if (at > now + ALLOWED_CLOCK_SKEW_MS) return { ok: false, message: 'outageAt cannot be in the future' };
  if (at < Math.floor(notBefore / 60_000) * 60_000) return { ok: false, message: 'outageAt cannot be before the command was sent' };
  if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > MAX_NOTE)) {
    return { ok: false, message: `note must be text of at most ${MAX_NOTE} characters` };
  }
  return { ok: true, value: { outageAt: new Date(at).toISOString(), ...(input.note ? { note: input.note } : {}) } };
}

export interface ApprovalResult {
  decision: 'approve' | 'reject';
  /** 审批意见: required, and always kept with the decision. */
  opinion: string;
}

export function checkApproval(raw: unknown): FormCheck<ApprovalResult> {
  const input = raw as Partial<ApprovalResult> | null;
  if (typeof input !== 'object' || input === null) return { ok: false, message: 'send {decision, opinion}' };
  const refused = unstorable(raw);
  if (refused) return refused;
  if (input.decision !== 'approve' && input.decision !== 'reject') return { ok: false, message: 'decision must be approve or reject' };
  const opinion = typeof input.opinion === 'string' ? input.opinion.trim() : '';
  if (!opinion || opinion.length > MAX_NOTE) return { ok: false, message: `opinion must be text of 1 to ${MAX_NOTE} characters` };
  return { ok: true, value: { decision: input.decision, opinion } };
}

export interface ReCheckResult {
  /** Customers who paid since the application and are removed from the case (剔除). */
  removed: string[];
}

/** At command time the operator removes payers or proceeds for them; only listed payers can be removed. */
export function checkReCheck(raw: unknown, payers: readonly string[]): FormCheck<ReCheckResult> {
  const input = raw as Partial<ReCheckResult> | null;
  if (typeof input !== 'object' || input === null || !Array.isArray(input.removed)) return { ok: false, message: 'send {removed: [customer numbers]}' };
  const refused = unstorable(raw);
  if (refused) return refused;
  const strangers = input.removed.filter((no) => typeof no !== 'string' || !payers.includes(no));
  if (strangers.length > 0) return { ok: false, message: `only customers listed as having paid can be removed: ${strangers.slice(0, 5).map((no) => (typeof no === 'string' ? no : JSON.stringify(no))).join(', ')}` };
  return { ok: true, value: { removed: [...new Set(input.removed as string[])] } };
}
