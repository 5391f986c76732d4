import type { FormCheck, FormRefusal } from '../tasks/forms';
import { isRefusal, objectOf, refusal } from '../tasks/form-parts';
import type { CauseCategory } from './policy';

/**
 * What a person enters to complete each revisit step: the supervisor's call (no answer, or
 * reached and what came of it), the recovery check, the manager's acknowledgement of a
 * customer not recovered. The workflow's Update validators run these, so a bad form is refused
 * before anything changes. No zod here: the workflow bundle reads it.
 */

/** 首次联系: nobody answered, or the customer was reached and the call is recorded. */
export type ContactAttemptResult =
  | { outcome: 'no-answer'; note?: string }
  | {
      outcome: 'reached';
      /** A leaf code of the policy's cause tree. */
      causeCode: string;
      /** What the customer said. */
      said: string;
      /** The corrective action taken or promised. */
      action: string;
      /** The person or team responsible. */
      responsible: string;
      /** Send the rated order back to whoever did it (the repair to its crew); the revisit waits for it. */
      reopen?: boolean;
    };

/** 回访复核: is the customer satisfied now? */
export interface RecoveryCheckResult {
  recovered: boolean;
  note?: string;
}

/** 升级处理: the next level of management acknowledges a customer not recovered, saying what follows. */
export interface EscalationResult {
  note: string;
}

export const SAID_MAX = 500;
export const ACTION_MAX = 500;
export const RESPONSIBLE_MAX = 100;
export const NOTE_MAX = 2000;
export const ESCALATION_NOTE_MAX = 500;

/** Required text of 1 to `max` characters, trimmed; refused with the field's name. */
function requiredText(value: unknown, field: string, max: number): string | FormRefusal {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed && trimmed.length <= max) return trimmed;
  return refusal('TEXT_LENGTH', `${field} must be text of 1 to ${max} characters`, { field, max });
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function optionalNote(value: unknown): { note?: string } | FormRefusal {
  if (blank(value)) return {};
  if (typeof value !== 'string' || value.length > NOTE_MAX) return refusal('NOTE_TOO_LONG', `note must be text of at most ${NOTE_MAX} characters`, { max: NOTE_MAX });
  return { note: value.trim() };
}

/** The codes a call may record: the leaves of the cause tree (a top-level cause is too vague). */
export function leafCauseCodes(causes: readonly CauseCategory[]): string[] {
  return causes.flatMap((top) => top.children.map((child) => child.code));
}

/** Whether the rated order may be sent back to be done again, as the revisit last read it. */
export interface ContactContext {
  reopenable: boolean;
}

/**
 * The attempt's outcome; reached needs a leaf cause of `causes` (the policy's tree) and the
 * three texts, and may ask to reopen the rated order only when `context` says it can be.
 */
export function checkContactAttempt(raw: unknown, causes: readonly CauseCategory[], context: ContactContext = { reopenable: false }): FormCheck<ContactAttemptResult> {
  const input = objectOf(raw, 'outcome, causeCode, said, action, responsible, reopen');
  if (isRefusal(input)) return input;
  if (input.outcome === 'no-answer') {
    const note = optionalNote(input.note);
    if (isRefusal(note)) return note;
    return { ok: true, value: { outcome: 'no-answer', ...note } };
  }
  if (input.outcome !== 'reached') return refusal('OUTCOME_INVALID', 'outcome must be no-answer or reached');
  const causeCode = typeof input.causeCode === 'string' ? input.causeCode.trim() : '';
  if (!leafCauseCodes(causes).includes(causeCode)) {
    return refusal('CAUSE_UNKNOWN', `causeCode must be a sub-cause of the cause tree, got ${JSON.stringify(causeCode)}`, { causeCode });
  }
  const said = requiredText(input.said, 'said', SAID_MAX);
  if (isRefusal(said)) return said;
  const action = requiredText(input.action, 'action', ACTION_MAX);
  if (isRefusal(action)) return action;
  const responsible = requiredText(input.responsible, 'responsible', RESPONSIBLE_MAX);
  if (isRefusal(responsible)) return responsible;
  if (input.reopen !== undefined && typeof input.reopen !== 'boolean') return refusal('FORM_SHAPE', 'reopen must be true or false', { fields: 'reopen' });
  if (input.reopen && !context.reopenable) {
    return refusal('REOPEN_NOT_ALLOWED', 'the rated order cannot be reopened: only a repair done and rated with its crew member active, or an installed relocation, goes back to be redone');
  }
  return { ok: true, value: { outcome: 'reached', causeCode, said, action, responsible, ...(input.reopen ? { reopen: true } : {}) } };
}

export function checkRecoveryCheck(raw: unknown): FormCheck<RecoveryCheckResult> {
  const input = objectOf(raw, 'recovered, note');
  if (isRefusal(input)) return input;
  if (typeof input.recovered !== 'boolean') return refusal('FORM_SHAPE', 'recovered must be true or false', { fields: 'recovered' });
  const note = optionalNote(input.note);
  if (isRefusal(note)) return note;
  return { ok: true, value: { recovered: input.recovered, ...note } };
}

export function checkEscalation(raw: unknown): FormCheck<EscalationResult> {
  const input = objectOf(raw, 'note');
  if (isRefusal(input)) return input;
  const note = requiredText(input.note, 'note', ESCALATION_NOTE_MAX);
  if (isRefusal(note)) return note;
  return { ok: true, value: { note } };
}
