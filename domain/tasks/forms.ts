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

const MAX_NOTE = 2000;
const ALLOWED_CLOCK_SKEW_MS = 5 * 60_000;

export function checkManualReconnection(raw: unknown, now: number, notBefore: number): FormCheck<ManualReconnectionResult> {
  const input = raw as Partial<ManualReconnectionResult> | null;
  if (typeof input !== 'object' || input === null) return { ok: false, message: 'send {reconnectedAt, note?}' };
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
  const at = typeof input.outageAt === 'string' ? Date.parse(input.outageAt) : Number.NaN;
  if (Number.isNaN(at)) return { ok: false, message: 'outageAt must be a date and time' };
  if (at > now + ALLOWED_CLOCK_SKEW_MS) return { ok: false, message: 'outageAt cannot be in the future' };
  if (at < Math.floor(notBefore / 60_000) * 60_000) return { ok: false, message: 'outageAt cannot be before the command was sent' };
  if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > MAX_NOTE)) {
    return { ok: false, message: `note must be text of at most ${MAX_NOTE} characters` };
  }
  return { ok: true, value: { outageAt: new Date(at).toISOString(), ...(input.note ? { note: input.note } : {}) } };
}
