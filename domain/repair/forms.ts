import type { FormCheck, FormRefusal } from '../tasks/forms';
import { isRefusal, objectOf, refusal } from '../tasks/form-parts';
import { isCrewCode } from './crews';

/**
 * What a person enters to complete each repair step; the workflow's Update validator runs
 * these, so a bad form is refused before anything changes.
 */
export type DispatchResult = (
  | {
      /** The crew member (维修人员) the order goes to. */
      crewUserId: number;
    }
  | {
      /** The crew (维修班组, repair_crews.code): every active member is offered the order. */
      crewCode: string;
    }
) & { note?: string };

export type AcceptResult = { decision: 'accept' } | { decision: 'refuse'; reason: string };

export interface PartSwap {
  oldSerial: string;
  newSerial: string;
}

export interface WorkResult {
  report: string;
  /** Outside jobs: round-trip kilometres. */
  mileageKm?: number;
  parts: PartSwap[];
  /** Whoever is liable for the damage: a compensation bill is raised. */
  liableParty?: string;
  compensationFen?: number;
}

export type CompensationResult = { decision: 'paid' } | { decision: 'waived'; reason: string };

export interface CloseResult {
  note?: string;
}

export type CallbackResult = { outcome: 'accept'; rating: number; comment?: string } | { outcome: 'reject'; reason: string };

const MAX_TEXT = 2000;
const MAX_PARTS = 50;

/** Required text of 1 to 2000 characters, trimmed. */
function text(value: unknown): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed && trimmed.length <= MAX_TEXT ? trimmed : undefined;
}

function optionalNote(value: unknown): { note?: string } | FormRefusal {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'string' || value.length > MAX_TEXT) return refusal('NOTE_TOO_LONG', `note must be text of at most ${MAX_TEXT} characters`, { max: MAX_TEXT });
  return value.trim() ? { note: value.trim() } : {};
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * 派单: a crew member (`crewUserId`) or a crew (`crewCode`), one of the two. Whether the crew
 * has anyone active to offer the order to is the dispatch activity's to say (the dispatcher
 * then chooses again, told why). `crews: false` is the form of orders started before crews
 * existed (their workflow dispatches to people only): a crew is refused as it was then.
 */
export function checkDispatch(raw: unknown, options: { crews: boolean } = { crews: true }): FormCheck<DispatchResult> {
  const input = objectOf(raw, options.crews ? 'crewUserId or crewCode, note' : 'crewUserId, note');
  if (isRefusal(input)) return input;
  const note = optionalNote(input.note);
  if (options.crews && given(input.crewCode)) {
    if (given(input.crewUserId)) return refusal('FORM_SHAPE', 'send crewUserId or crewCode, not both', { fields: 'crewUserId | crewCode' });
    if (!isCrewCode(input.crewCode)) return refusal('FORM_SHAPE', 'crewCode must be a crew code (lower-case letters, digits and -, at most 40)', { fields: 'crewCode' });
    if (isRefusal(note)) return note;
    return { ok: true, value: { crewCode: input.crewCode, ...note } };
  }
  if (!Number.isSafeInteger(input.crewUserId) || (input.crewUserId as number) < 1) {
    return refusal('FORM_SHAPE', options.crews ? 'send crewUserId (a user id) or crewCode (a crew code)' : 'crewUserId must be a user id', { fields: options.crews ? 'crewUserId | crewCode' : 'crewUserId' });
  }
  if (isRefusal(note)) return note;
  return { ok: true, value: { crewUserId: input.crewUserId as number, ...note } };
}

export function checkAccept(raw: unknown): FormCheck<AcceptResult> {
  const input = objectOf(raw, 'decision, reason');
  if (isRefusal(input)) return input;
  if (input.decision === 'accept') return { ok: true, value: { decision: 'accept' } };
  if (input.decision !== 'refuse') return refusal('DECISION_INVALID', 'decision must be accept or refuse');
  const reason = text(input.reason);
  if (!reason) return refusal('OPINION_LENGTH', `a refusal needs a reason of 1 to ${MAX_TEXT} characters`, { max: MAX_TEXT });
  return { ok: true, value: { decision: 'refuse', reason } };
}

export function checkWork(raw: unknown): FormCheck<WorkResult> {
  const input = objectOf(raw, 'report, parts, mileageKm, liableParty, compensationFen');
  if (isRefusal(input)) return input;
  const report = text(input.report);
  if (!report) return refusal('OPINION_LENGTH', `report must be text of 1 to ${MAX_TEXT} characters`, { max: MAX_TEXT });
  const rawParts = input.parts ?? [];
  if (!Array.isArray(rawParts) || rawParts.length > MAX_PARTS) return refusal('FORM_SHAPE', `parts must be a list of at most ${MAX_PARTS} {oldSerial, newSerial}`, { fields: 'parts' });
  const parts: PartSwap[] = [];
  for (const part of rawParts) {
    const oldSerial = typeof part?.oldSerial === 'string' ? part.oldSerial.trim() : '';
    const newSerial = typeof part?.newSerial === 'string' ? part.newSerial.trim() : '';
    if (!oldSerial || !newSerial || oldSerial.length > 64 || newSerial.length > 64) return refusal('FORM_SHAPE', 'each part needs oldSerial and newSerial (at most 64 characters)', { fields: 'parts' });
    parts.push({ oldSerial, newSerial });
  }
  if (new Set(parts.map((p) => p.newSerial)).size !== parts.length) return refusal('FORM_SHAPE', 'a new part serial appears twice', { fields: 'parts' });
  const mileage = input.mileageKm;
  if (mileage !== undefined && mileage !== null && (typeof mileage !== 'number' || !Number.isFinite(mileage) || mileage < 0 || mileage > 10_000)) {
    return refusal('FORM_SHAPE', 'mileageKm must be a number of kilometres from 0 to 10000', { fields: 'mileageKm' });
  }
  const value: WorkResult = { report, parts, ...(typeof mileage === 'number' ? { mileageKm: mileage } : {}) };
  if (input.liableParty !== undefined && input.liableParty !== null && input.liableParty !== '') {
    const liableParty = text(input.liableParty);
    const fen = input.compensationFen;
    if (!liableParty || !Number.isSafeInteger(fen) || (fen as number) < 1) {
      return refusal('FORM_SHAPE', 'a liable party needs its name and compensationFen (a whole number of fen, at least 1)', { fields: 'liableParty, compensationFen' });
    }
    Object.assign(value, { liableParty, compensationFen: fen as number });
  }
  return { ok: true, value };
}

export function checkCompensation(raw: unknown): FormCheck<CompensationResult> {
  const input = objectOf(raw, 'decision, reason');
  if (isRefusal(input)) return input;
  if (input.decision === 'paid') return { ok: true, value: { decision: 'paid' } };
  if (input.decision !== 'waived') return refusal('DECISION_INVALID', 'decision must be paid or waived');
  const reason = text(input.reason);
  if (!reason) return refusal('OPINION_LENGTH', `a waiver needs a reason of 1 to ${MAX_TEXT} characters`, { max: MAX_TEXT });
  return { ok: true, value: { decision: 'waived', reason } };
}

export function checkClose(raw: unknown): FormCheck<CloseResult> {
  const input = objectOf(raw, 'note');
  if (isRefusal(input)) return input;
  const note = optionalNote(input.note);
  if (isRefusal(note)) return note;
  return { ok: true, value: note };
}

export function checkCallback(raw: unknown): FormCheck<CallbackResult> {
  const input = objectOf(raw, 'outcome, rating, comment, reason');
  if (isRefusal(input)) return input;
  if (input.outcome === 'reject') {
    const reason = text(input.reason);
    if (!reason) return refusal('OPINION_LENGTH', `a rejection needs a reason of 1 to ${MAX_TEXT} characters`, { max: MAX_TEXT });
    return { ok: true, value: { outcome: 'reject', reason } };
  }
  if (input.outcome !== 'accept') return refusal('DECISION_INVALID', 'outcome must be accept or reject');
  if (!Number.isInteger(input.rating) || (input.rating as number) < 1 || (input.rating as number) > 5) return refusal('FORM_SHAPE', 'rating must be a whole number from 1 to 5', { fields: 'rating' });
  const comment = optionalNote(input.comment);
  if (isRefusal(comment)) return comment;
  return { ok: true, value: { outcome: 'accept', rating: input.rating as number, ...(comment.note ? { comment: comment.note } : {}) } };
}
