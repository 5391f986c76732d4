/**
 * The appointment side of an order after acceptance: how long its new number stays reserved,
 * and which seat of a team's slot a booking takes. No zod here: the workflow bundle reads it.
 */

const DAY_MS = 24 * 3600_000;
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The moment a China calendar day (YYYY-MM-DD) ends. */
export function endOfChinaDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS + DAY_MS;
}

/**
 * Until when an order's number stays reserved once it is paid: the reservation time (policy
 * `numbers.reservationMinutes`) after the end of the appointment day, or after now when that
 * day is past, so the safety sweep never frees a number an order still waits to install.
 */
export function reservationUntil(appointmentDate: string, now: number, reservationMinutes: number): Date {
  return new Date(Math.max(endOfChinaDay(appointmentDate), now) + reservationMinutes * 60_000);
}

/** The lowest seat 1..capacity not taken, or null when the slot is full. */
export function firstFreeSeat(taken: readonly number[], capacity: number): number | null {
  const used = new Set(taken);
  for (let seat = 1; seat <= capacity; seat++) if (!used.has(seat)) return seat;
  return null;
}

/** The capacity of a slot by its code (0 for a code the policy does not list). */
export function slotCapacity(slots: readonly { code: string; capacity: number }[], code: string): number {
  return slots.find((slot) => slot.code === code)?.capacity ?? 0;
}
