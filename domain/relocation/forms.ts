import type { FormCheck, FormRefusal } from '../tasks/forms';
import { findUnstorableText, unstorableTextMessage } from '../storable-value';
import { isRefusal, objectOf, refusal } from '../tasks/form-parts';
import { APPOINTMENT_MAX_DAYS_AHEAD, appointmentDateRefusal, chinaDate } from './appointment';

/**
 * What a person enters to complete each relocation step (市话移机 + 稽核), and the cancellation
 * the API sends; the workflow's Update validators run these, so a bad form is refused before
 * anything changes. No zod here: the workflow bundle reads it.
 */

/** 收费: the cashier takes the fee and any deposit at the counter and enters the invoice number. */
export interface PaymentResult {
  invoiceNo: string;
}

/** 稽核: pass, or reject back to the accepting clerk with a reason. */
export type AuditResult = { decision: 'pass'; note?: string } | { decision: 'reject'; reason: string };

/** The clerk resubmits a rejected order, correcting the contact if need be. */
export interface FixResult {
  note?: string;
  contactName?: string;
  contactPhone?: string;
}

/** 装机: the team installed the line, or could not (a reason, then a new appointment). */
export type InstallResult = { outcome: 'installed'; note?: string } | { outcome: 'not-installed'; reason: string };

/** The clerk's new appointment after a failed installation. */
export interface RescheduleResult {
  /** YYYY-MM-DD. */
  date: string;
  slot: string;
  note?: string;
}

/** A team's slot of a day with no seat left. */
export interface BookedSlot {
  date: string;
  slot: string;
}

const MAX_TEXT = 2000;
export const INVOICE_NO_MAX = 32;
export const CONTACT_NAME_MAX = 50;
const INVOICE_NO = /^[A-Za-z0-9-]+$/;
/** Digits, optionally with - between groups and a leading +: 7 to 20 characters. */
const CONTACT_PHONE = /^\+?[0-9][0-9-]{5,18}[0-9]$/;

/** Required text of 1 to 2000 characters, trimmed. */
function text(value: unknown): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed && trimmed.length <= MAX_TEXT ? trimmed : undefined;
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function optionalNote(value: unknown): { note?: string } | FormRefusal {
  if (blank(value)) return {};
  if (typeof value !== 'string' || value.length > MAX_TEXT) return refusal('NOTE_TOO_LONG', `note must be text of at most ${MAX_TEXT} characters`, { max: MAX_TEXT });
  return { note: value.trim() };
}

export function checkPayment(raw: unknown): FormCheck<PaymentResult> {
  const input = objectOf(raw, 'invoiceNo');
  if (isRefusal(input)) return input;
  const invoiceNo = typeof input.invoiceNo === 'string' ? input.invoiceNo.trim() : '';
  if (!invoiceNo || invoiceNo.length > INVOICE_NO_MAX || !INVOICE_NO.test(invoiceNo)) {
    return refusal('INVOICE_NO_INVALID', `invoiceNo must be 1 to ${INVOICE_NO_MAX} letters, digits and -`, { max: INVOICE_NO_MAX });
  }
  return { ok: true, value: { invoiceNo } };
}

export function checkAudit(raw: unknown): FormCheck<AuditResult> {
  const input = objectOf(raw, 'decision, reason');
  if (isRefusal(input)) return input;
  if (input.decision === 'pass') {
    const note = optionalNote(input.note);
    if (isRefusal(note)) return note;
    return { ok: true, value: { decision: 'pass', ...note } };
  }
  if (input.decision !== 'reject') return refusal('DECISION_INVALID', 'decision must be pass or reject');
  const reason = text(input.reason);
  if (!reason) return refusal('OPINION_LENGTH', `a rejection needs a reason of 1 to ${MAX_TEXT} characters`, { max: MAX_TEXT });
  return { ok: true, value: { decision: 'reject', reason } };
}

export function checkFix(raw: unknown): FormCheck<FixResult> {
  const input = objectOf(raw, 'note, contactName, contactPhone');
  if (isRefusal(input)) return input;
  const note = optionalNote(input.note);
  if (isRefusal(note)) return note;
  const value: FixResult = { ...note };
  if (!blank(input.contactName)) {
    const name = typeof input.contactName === 'string' ? input.contactName.trim() : '';
    if (!name || name.length > CONTACT_NAME_MAX) return refusal('CONTACT_NAME_INVALID', `contactName must be text of 1 to ${CONTACT_NAME_MAX} characters`, { max: CONTACT_NAME_MAX });
    value.contactName = name;
  }
  if (!blank(input.contactPhone)) {
    const phone = typeof input.contactPhone === 'string' ? input.contactPhone.trim() : '';
    if (!CONTACT_PHONE.test(phone)) return refusal('CONTACT_PHONE_INVALID', 'contactPhone must be a telephone number of 7 to 20 digits (- between groups allowed)');
    value.contactPhone = phone;
  }
  return { ok: true, value };
}

export function checkInstall(raw: unknown): FormCheck<InstallResult> {
  const input = objectOf(raw, 'outcome, reason');
  if (isRefusal(input)) return input;
  if (input.outcome === 'installed') {
    const note = optionalNote(input.note);
    if (isRefusal(note)) return note;
    return { ok: true, value: { outcome: 'installed', ...note } };
  }
  if (input.outcome !== 'not-installed') return refusal('DECISION_INVALID', 'outcome must be installed or not-installed');
  const reason = text(input.reason);
  if (!reason) return refusal('OPINION_LENGTH', `not installed needs a reason of 1 to ${MAX_TEXT} characters`, { max: MAX_TEXT });
  return { ok: true, value: { outcome: 'not-installed', reason } };
}

/**
 * A new appointment: a date from today (in China, at `now`) to the booking horizon (`maxDaysAhead`, the policy's), one of the policy's slots, and
 * not a slot known to be full (`full`, read when the task opened; the booking itself is the
 * final word, as a seat may go meanwhile).
 */
export function checkReschedule(
  raw: unknown,
  now: number,
  slots: readonly { code: string }[],
  full: readonly BookedSlot[] = [],
  maxDaysAhead = APPOINTMENT_MAX_DAYS_AHEAD,
): FormCheck<RescheduleResult> {
  const input = objectOf(raw, 'date, slot');
  if (isRefusal(input)) return input;
  const date = typeof input.date === 'string' ? input.date.trim() : '';
  const today = chinaDate(now);
  const dateRefusal = appointmentDateRefusal(date, today, maxDaysAhead);
  if (dateRefusal === 'INVALID_DATE') return refusal('DATE_INVALID', 'date must be a calendar date YYYY-MM-DD', { field: 'date' });
  if (dateRefusal === 'DATE_IN_PAST') return refusal('DATE_IN_PAST', `date cannot be before today (${today})`, { today });
  if (dateRefusal === 'DATE_TOO_FAR') return refusal('DATE_TOO_FAR', `date can be at most ${maxDaysAhead} days ahead`, { max: maxDaysAhead });
  const slot = typeof input.slot === 'string' ? input.slot.trim() : '';
  if (!slots.some((known) => known.code === slot)) return refusal('SLOT_UNKNOWN', `slot must be one of ${slots.map((known) => known.code).join(', ')}`, { slot });
  if (full.some((booked) => booked.date === date && booked.slot === slot)) return refusal('SLOT_FULL', `the team's ${slot} slot on ${date} is full`, { date, slot });
  const note = optionalNote(input.note);
  if (isRefusal(note)) return note;
  return { ok: true, value: { date, slot, ...note } };
}

/** What the API sends to cancel an order (POST /api/relocations/:id/cancel). */
export interface RelocationCancelRequest {
  reason: string;
  byUserId: number;
}

export const CANCEL_REASON_MAX = 500;

/**
 * Why a cancellation is refused, carried as the Update failure's `type` (and in its details'
 * `reason`): a bad request, or an order past cancelling.
 */
export const RELOCATION_CANCEL_REFUSALS = ['CANCEL_REASON_INVALID', 'UNSTORABLE_TEXT', 'FORM_SHAPE', 'ALREADY_INSTALLED', 'ALREADY_CANCELLED'] as const;
export type RelocationCancelRefusal = (typeof RELOCATION_CANCEL_REFUSALS)[number];

export type CancelCheck = { ok: true; value: RelocationCancelRequest } | { ok: false; code: RelocationCancelRefusal; message: string };

/** The cancellation request's own shape: a reason of 1 to 500 characters and the user cancelling. */
export function checkCancelRequest(raw: unknown): CancelCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, code: 'FORM_SHAPE', message: 'send {reason, byUserId}' };
  const where = findUnstorableText(raw, 'cancel');
  if (where !== undefined) return { ok: false, code: 'UNSTORABLE_TEXT', message: unstorableTextMessage(where) };
  const input = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(input.byUserId) || (input.byUserId as number) < 1) return { ok: false, code: 'FORM_SHAPE', message: 'byUserId must be a user id' };
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason || reason.length > CANCEL_REASON_MAX) return { ok: false, code: 'CANCEL_REASON_INVALID', message: `reason must be text of 1 to ${CANCEL_REASON_MAX} characters` };
  return { ok: true, value: { reason, byUserId: input.byUserId as number } };
}
