import type { ContactAttemptResult, EscalationResult, RecoveryCheckResult } from '../../../../domain/revisit/forms';

/**
 * What each revisit form sends as the task's `result`, from the form's values: the shapes
 * domain/revisit/forms.ts checks. Texts are trimmed; an empty optional note is left out.
 */

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const optionalNote = (value: unknown) => (text(value) ? { note: text(value) } : {});

/** 首次联系: no answer (with any note), or reached with the cause, what was said, the action and who is responsible. */
export function contactResult(values: Record<string, unknown>): ContactAttemptResult {
  if (values.outcome === 'no-answer') return { outcome: 'no-answer', ...optionalNote(values.note) };
  return {
    outcome: 'reached',
    causeCode: text(values.causeCode),
    said: text(values.said),
    action: text(values.action),
    responsible: text(values.responsible),
    ...(values.reopen === true ? { reopen: true } : {}),
  };
}

/** The recovery radio's choices: the form's ids, the result's boolean. */
export const RECOVERED_CHOICES = ['recovered', 'not-recovered'] as const;

/** 回访复核: recovered or not, with any note. */
export function recoveryResult(values: Record<string, unknown>): RecoveryCheckResult {
  return { recovered: values.recovered === 'recovered', ...optionalNote(values.note) };
}

/** 升级处理: the manager's note on what follows. */
export function escalationResult(values: Record<string, unknown>): EscalationResult {
  return { note: text(values.note) };
}
