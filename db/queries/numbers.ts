import type { Db } from '../connection';

/**
 * An exchange's number pool (号码资源, migration 022): the choosing screen (选号), an order's
 * reservation while it is open, the number going into service and its quarantine after
 * release. Every change is one conditional UPDATE, so two clerks racing for a number cannot
 * both have it: the loser's UPDATE finds the row changed and changes nothing. Functions named
 * with `trx` belong inside the order's transaction; each is also safe alone.
 */

export const NUMBER_STATES = ['free', 'reserved', 'in_use', 'quarantined'] as const;
export type NumberState = (typeof NUMBER_STATES)[number];

/** Why a number could not be had: not in the pool, another exchange's, or the state it is in. */
export const NUMBER_UNAVAILABLE_REASONS = ['unknown-number', 'other-exchange', ...NUMBER_STATES] as const;
export type NumberUnavailableReason = (typeof NUMBER_UNAVAILABLE_REASONS)[number];

/**
 * The refusal. `reason` is what the number was found to be just after the refusal: a number
 * another order holds is `reserved`; `free` means it changed while we asked (try again).
 */
export interface NumberUnavailable {
  kind: 'unavailable';
  number: string;
  reason: NumberUnavailableReason;
}

export interface NumberReserved {
  kind: 'reserved';
  number: string;
  exchangeCode: string;
  reservedUntil: Date;
}

export interface NumberAssigned {
  kind: 'assigned';
  number: string;
  serviceNo: string;
}

export interface NumberQuarantined {
  kind: 'quarantined';
  number: string;
  quarantinedUntil: Date;
}

/** A SQL LIKE pattern over digits: `%` any run, `_` one digit (`%8888`, `6510____`). */
export const NUMBER_PATTERN = /^[0-9%_]{1,16}$/;

/** A pattern that is not digits, `%` and `_`: the API validates first, so this is a caller's bug. */
export class InvalidNumberPattern extends Error {
  readonly code = 'invalid-number-pattern';
  constructor(readonly pattern: string) {
    super(`not a number pattern (digits, % and _): ${JSON.stringify(pattern)}`);
    this.name = 'InvalidNumberPattern';
  }
}

/** The most numbers one page of the choosing screen shows. */
export const MAX_NUMBERS_PAGE = 200;

function checkedPattern(pattern: string | undefined): string | undefined {
  if (pattern === undefined) return undefined;
  if (!NUMBER_PATTERN.test(pattern)) throw new InvalidNumberPattern(pattern);
  return pattern;
}

/**
 * A page of an exchange's free numbers for the choosing screen: in number order, or a random
 * sample of them (`random`), optionally those matching a LIKE pattern. `limit` is kept
 * between 1 and MAX_NUMBERS_PAGE. Reading only: a number shown may be gone when reserved.
 */
export async function freeNumbers(
  db: Db,
  options: { exchangeCode: string; likePattern?: string; limit: number; random?: boolean },
): Promise<string[]> {
  const pattern = checkedPattern(options.likePattern);
  const limit = Math.min(Math.max(Math.trunc(options.limit) || 1, 1), MAX_NUMBERS_PAGE);
  const query = db('phone_numbers').where({ exchange_code: options.exchangeCode, state: 'free' }).limit(limit);
  if (pattern !== undefined) query.andWhere('number', 'like', pattern);
  if (options.random) query.orderByRaw('random()');
  else query.orderBy('number');
  return query.pluck('number');
}

/** What a number is now, as the reason it was refused. */
async function unavailable(db: Db, number: string, exchangeCode?: string): Promise<NumberUnavailable> {
  const row = await db('phone_numbers').where({ number }).first('state', 'exchange_code');
  const reason: NumberUnavailableReason = !row ? 'unknown-number' : exchangeCode !== undefined && row.exchange_code !== exchangeCode ? 'other-exchange' : row.state;
  return { kind: 'unavailable', number, reason };
}

/**
 * Reserves one chosen number of the exchange for an order until a moment, if it is free.
 * Of many orders racing for it exactly one has it. The same order asking again (a retried
 * activity) keeps it, with the new moment.
 */
export async function reserveNumber(
  trx: Db,
  options: { number: string; exchangeCode: string; reservedBy: string; until: Date },
): Promise<NumberReserved | NumberUnavailable> {
  const rows = await trx('phone_numbers')
    .where({ number: options.number, exchange_code: options.exchangeCode })
    .andWhere((q) => q.where('state', 'free').orWhere((held) => held.where({ state: 'reserved', reserved_by: options.reservedBy })))
    .update({ state: 'reserved', reserved_by: options.reservedBy, reserved_until: options.until, updated_at: trx.fn.now() })
    .returning(['number', 'exchange_code', 'reserved_until']);
  if (rows.length === 0) return unavailable(trx, options.number, options.exchangeCode);
  return { kind: 'reserved', number: rows[0].number, exchangeCode: rows[0].exchange_code, reservedUntil: new Date(rows[0].reserved_until) };
}

/**
 * Reserves any free number of the exchange (matching the pattern, if given) for an order;
 * null when there is none. Concurrent callers skip the rows others are taking (SKIP LOCKED),
 * so they get different numbers and never wait for each other. An order already holding a
 * matching number of the exchange gets that one back (a retried activity takes no second).
 */
export async function reserveAnyNumber(
  trx: Db,
  options: { exchangeCode: string; likePattern?: string; reservedBy: string; until: Date },
): Promise<NumberReserved | null> {
  const pattern = checkedPattern(options.likePattern);
  const like = pattern === undefined ? '' : 'AND number LIKE :pattern';
  const result = await trx.raw(
    `WITH held AS (
       SELECT number, reserved_until FROM phone_numbers
       WHERE state = 'reserved' AND reserved_by = :reservedBy AND exchange_code = :exchangeCode ${like}
       ORDER BY number LIMIT 1
     ), candidate AS (
       SELECT number FROM phone_numbers
       WHERE exchange_code = :exchangeCode AND state = 'free' ${like} AND NOT EXISTS (SELECT 1 FROM held)
       ORDER BY number LIMIT 1
       FOR UPDATE SKIP LOCKED
     ), taken AS (
       UPDATE phone_numbers p SET state = 'reserved', reserved_by = :reservedBy, reserved_until = :until, updated_at = now()
       FROM candidate c WHERE p.number = c.number AND p.state = 'free'
       RETURNING p.number, p.reserved_until
     )
     SELECT number, reserved_until FROM taken UNION ALL SELECT number, reserved_until FROM held`,
    { reservedBy: options.reservedBy, exchangeCode: options.exchangeCode, until: options.until, ...(pattern === undefined ? {} : { pattern }) },
  );
  const row = (result.rows as Array<{ number: string; reserved_until: Date | string }>)[0];
  return row ? { kind: 'reserved', number: row.number, exchangeCode: options.exchangeCode, reservedUntil: new Date(row.reserved_until) } : null;
}

/** Frees a number the order holds (cancelled, or another number chosen); false if it holds none. */
export async function releaseReservation(trx: Db, options: { number: string; reservedBy: string }): Promise<boolean> {
  const released = await trx('phone_numbers')
    .where({ number: options.number, state: 'reserved', reserved_by: options.reservedBy })
    .update({ state: 'free', reserved_by: null, reserved_until: null, updated_at: trx.fn.now() });
  return released > 0;
}

/**
 * Frees every reservation whose moment has come (the safety sweep behind the orders' own
 * timeouts) and names what it freed and from which order. Rows another transaction is
 * changing right now are left for the next sweep rather than waited for.
 */
export async function releaseExpiredReservations(db: Db, now: Date): Promise<Array<{ number: string; reservedBy: string }>> {
  const result = await db.raw(
    `WITH expired AS (
       SELECT number, reserved_by FROM phone_numbers
       WHERE state = 'reserved' AND reserved_until <= :now
       FOR UPDATE SKIP LOCKED
     )
     UPDATE phone_numbers p SET state = 'free', reserved_by = NULL, reserved_until = NULL, updated_at = now()
     FROM expired e WHERE p.number = e.number
     RETURNING p.number, e.reserved_by`,
    { now },
  );
  return (result.rows as Array<{ number: string; reserved_by: string }>)
    .map((row) => ({ number: row.number, reservedBy: row.reserved_by }))
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
}

/**
 * Puts a number the order holds into service for a line. Asked again for the same line (a
 * retried activity), it answers the same.
 */
export async function assignNumber(
  trx: Db,
  options: { number: string; reservedBy: string; serviceNo: string },
): Promise<NumberAssigned | NumberUnavailable> {
  const rows = await trx('phone_numbers')
    .where({ number: options.number })
    .andWhere((q) =>
      q.where((held) => held.where({ state: 'reserved', reserved_by: options.reservedBy })).orWhere((done) => done.where({ state: 'in_use', service_no: options.serviceNo })),
    )
    .update({ state: 'in_use', service_no: options.serviceNo, reserved_by: null, reserved_until: null, updated_at: trx.fn.now() })
    .returning(['number']);
  if (rows.length === 0) return unavailable(trx, options.number);
  return { kind: 'assigned', number: options.number, serviceNo: options.serviceNo };
}

/**
 * Takes a released number out of service into quarantine until a moment, before it can be
 * chosen again. Asked again with the same moment (a retried activity), it answers the same.
 */
export async function quarantineNumber(trx: Db, options: { number: string; until: Date }): Promise<NumberQuarantined | NumberUnavailable> {
  const rows = await trx('phone_numbers')
    .where({ number: options.number })
    .andWhere((q) => q.where('state', 'in_use').orWhere((done) => done.where({ state: 'quarantined', quarantined_until: options.until })))
    .update({ state: 'quarantined', quarantined_until: options.until, service_no: null, updated_at: trx.fn.now() })
    .returning(['number', 'quarantined_until']);
  if (rows.length === 0) return unavailable(trx, options.number);
  return { kind: 'quarantined', number: options.number, quarantinedUntil: new Date(rows[0].quarantined_until) };
}

/** Frees every quarantined number whose moment has come; names them. */
export async function releaseQuarantined(db: Db, now: Date): Promise<string[]> {
  const rows = await db('phone_numbers')
    .where('state', 'quarantined')
    .andWhere('quarantined_until', '<=', now)
    .update({ state: 'free', quarantined_until: null, updated_at: db.fn.now() })
    .returning(['number']);
  return rows.map((row: { number: string }) => row.number).sort();
}
