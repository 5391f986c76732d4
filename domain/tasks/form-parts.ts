import { findUnstorableText, unstorableTextMessage } from '../storable-value';
import type { FormRefusal, FormRefusalCode, FormRefusalParams } from './forms';

/**
 * The pieces every process's form checks are made of (domain/<process>/forms.ts): a refusal
 * with its code, the test for one, and the form's object with its text known storable. No zod
 * here: the workflow bundle reads it.
 */
export function refusal(code: FormRefusalCode, message: string, params: FormRefusalParams = {}): FormRefusal {
  return { ok: false, code, params, message };
}

export const isRefusal = (value: unknown): value is FormRefusal => typeof value === 'object' && value !== null && (value as FormRefusal).ok === false;

/**
 * The form as an object of its fields (`fields` names them for the refusal), refused first
 * when it holds text PostgreSQL cannot store: its write would fail for ever.
 */
export function objectOf(raw: unknown, fields: string): Record<string, unknown> | FormRefusal {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refusal('FORM_SHAPE', `send {${fields}}`, { fields });
  const where = findUnstorableText(raw, 'result');
  if (where !== undefined) return refusal('UNSTORABLE_TEXT', unstorableTextMessage(where));
  return raw as Record<string, unknown>;
}
