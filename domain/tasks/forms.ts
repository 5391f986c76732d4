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

/**
 * Why a form was refused: a code with parameters the back office words
 * (app.errors.reasons.<code>), and an English message for logs and API clients.
 */
export type FormRefusalCode =
  /** Not an object of the form's fields; `fields` lists them. */
  | 'FORM_SHAPE'
  | 'UNSTORABLE_TEXT'
  /** `field` is not a date and time. */
  | 'TIME_INVALID'
  | 'TIME_IN_FUTURE'
  | 'RECONNECTED_BEFORE_ORDER'
  | 'OUTAGE_BEFORE_COMMAND'
  | 'NOTE_TOO_LONG'
  | 'DECISION_INVALID'
  | 'OPINION_LENGTH'
  /** Only customers listed as having paid can be removed; `customers` names the others. */
  | 'NOT_A_PAYER'
  // Relocation (domain/relocation/forms.ts).
  /** An invoice number of 1 to `max` letters, digits and -. */
  | 'INVOICE_NO_INVALID'
  | 'CONTACT_NAME_INVALID'
  | 'CONTACT_PHONE_INVALID'
  /** `date` is not a calendar date YYYY-MM-DD. */
  | 'DATE_INVALID'
  /** `date` is before `today`. */
  | 'DATE_IN_PAST'
  /** More than `max` days ahead. */
  | 'DATE_TOO_FAR'
  /** `slot` is none of the policy's appointment slots. */
  | 'SLOT_UNKNOWN'
  /** The team's `slot` on `date` has no seat left. */
  | 'SLOT_FULL'
  // Revisit (domain/revisit/forms.ts).
  /** `causeCode` is no sub-cause of the policy's cause tree. */
  | 'CAUSE_UNKNOWN'
  /** Reopen asked of a rated order that cannot be redone now. */
  | 'REOPEN_NOT_ALLOWED'
  /** `field` must be text of 1 to `max` characters. */
  | 'TEXT_LENGTH'
  /** `outcome` is none of the step's outcomes. */
  | 'OUTCOME_INVALID';

export type FormRefusalParams = Record<string, string | number>;
export type FormRefusal = { ok: false; code: FormRefusalCode; params: FormRefusalParams; message: string };
export type FormCheck<T> = { ok: true; value: T } | FormRefusal;

function refusal(code: FormRefusalCode, message: string, params: FormRefusalParams = {}): FormRefusal {
  return { ok: false, code, params, message };
}

/** Text PostgreSQL cannot store would make the completion's write fail for ever: refused first. */
function unstorable(raw: unknown): FormRefusal | undefined {
  const where = findUnstorableText(raw, 'result');
  return where === undefined ? undefined : refusal('UNSTORABLE_TEXT', unstorableTextMessage(where));
}

/** A time a person entered: a real time, not ahead of the clock, not before `notBefore` (to the minute). */
function checkTime(field: 'reconnectedAt' | 'outageAt', raw: unknown, now: number, notBefore: number, tooEarly: FormRefusal): FormRefusal | number {
  const at = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(at)) return refusal('TIME_INVALID', `${field} must be a date and time`, { field });
  if (at > now + ALLOWED_CLOCK_SKEW_MS) return refusal('TIME_IN_FUTURE', `${field} cannot be in the future`, { field });
  // People enter times to the minute: the minute the order was opened counts as after it.
  if (at < Math.floor(notBefore / 60_000) * 60_000) return tooEarly;
  return at;
}

function checkNote(note: unknown): FormRefusal | undefined {
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE)) {
    return refusal('NOTE_TOO_LONG', `note must be text of at most ${MAX_NOTE} characters`, { max: MAX_NOTE });
  }
  return undefined;
}

const MAX_NOTE = 2000;
const ALLOWED_CLOCK_SKEW_MS = 5 * 60_000;

export function checkManualReconnection(raw: unknown, now: number, notBefore: number): FormCheck<ManualReconnectionResult> {
  const input = raw as Partial<ManualReconnectionResult> | null;
  if (typeof input !== 'object' || input === null) return refusal('FORM_SHAPE', 'send {reconnectedAt, note?}', { fields: 'reconnectedAt, note' });
  const refused = unstorable(raw);
  if (refused) return refused;
  const at = checkTime('reconnectedAt', input.reconnectedAt, now, notBefore, refusal('RECONNECTED_BEFORE_ORDER', 'reconnectedAt cannot be before the order was opened'));
  if (typeof at !== 'number') return at;
  const badNote = checkNote(input.note);
  if (badNote) return badNote;
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
  if (typeof input !== 'object' || input === null) return refusal('FORM_SHAPE', 'send {outageAt, note?}', { fields: 'outageAt, note' });
  const refused = unstorable(raw);
  if (refused) return refused;
  const at = checkTime('outageAt', input.outageAt, now, notBefore, refusal('OUTAGE_BEFORE_COMMAND', 'outageAt cannot be before the command was sent'));
  if (typeof at !== 'number') return at;
  const badNote = checkNote(input.note);
  if (badNote) return badNote;
  return { ok: true, value: { outageAt: new Date(at).toISOString(), ...(input.note ? { note: input.note } : {}) } };
}

export interface ApprovalResult {
  decision: 'approve' | 'reject';
  /** 审批意见: required, and always kept with the decision. */
  opinion: string;
}

export function checkApproval(raw: unknown): FormCheck<ApprovalResult> {
  const input = raw as Partial<ApprovalResult> | null;
  if (typeof input !== 'object' || input === null) return refusal('FORM_SHAPE', 'send {decision, opinion}', { fields: 'decision, opinion' });
  const refused = unstorable(raw);
  if (refused) return refused;
  if (input.decision !== 'approve' && input.decision !== 'reject') return refusal('DECISION_INVALID', 'decision must be approve or reject');
  const opinion = typeof input.opinion === 'string' ? input.opinion.trim() : '';
  if (!opinion || opinion.length > MAX_NOTE) return refusal('OPINION_LENGTH', `opinion must be text of 1 to ${MAX_NOTE} characters`, { max: MAX_NOTE });
  return { ok: true, value: { decision: input.decision, opinion } };
}

export interface ReCheckResult {
  /** Customers who paid since the application and are removed from the case (剔除). */
  removed: string[];
}

/** At command time the operator removes payers or proceeds for them; only listed payers can be removed. */
export function checkReCheck(raw: unknown, payers: readonly string[]): FormCheck<ReCheckResult> {
  const input = raw as Partial<ReCheckResult> | null;
  if (typeof input !== 'object' || input === null || !Array.isArray(input.removed)) return refusal('FORM_SHAPE', 'send {removed: [customer numbers]}', { fields: 'removed' });
  const refused = unstorable(raw);
  if (refused) return refused;
  const strangers = input.removed.filter((no) => typeof no !== 'string' || !payers.includes(no));
  if (strangers.length > 0) {
    const customers = strangers.slice(0, 5).map((no) => (typeof no === 'string' ? no : JSON.stringify(no))).join(', ');
    return refusal('NOT_A_PAYER', `only customers listed as having paid can be removed: ${customers}`, { customers });
  }
  return { ok: true, value: { removed: [...new Set(input.removed as string[])] } };
}
