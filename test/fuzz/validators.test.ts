import fc from 'fast-check';
import { parsePaymentRequest, PAYMENT_CHANNELS } from '../../api/payments/validate';
import { formatFen } from '../../domain/billing/money';
import { InvalidDisconnectionApplicationError, parseDisconnectionApplication } from '../../domain/disconnection/application';
import { InvalidDisconnectionPolicyError, parseDisconnectionPolicy } from '../../domain/disconnection/policy';
import { InvalidPolicyError, parseReconnectionPolicy } from '../../domain/reconnection/policy';
import { checkApproval, checkManualOutage, checkManualReconnection, checkReCheck } from '../../domain/tasks/forms';
import { FUZZ_SEED, hostileText, hostileValue, hugeNumber, longText, objectWith, runs } from './hostile';

/*
 * The validators on their own, with the same hostile input as the API test but many more
 * cases: they never throw anything but their own refusal, and what they accept is what the
 * database and the workflows expect.
 */

const options = (numRuns: number) => ({ seed: FUZZ_SEED, numRuns: runs(numRuns) });
const NOW = Date.parse('2026-11-22T10:00:00Z');
const SKEW = 5 * 60_000;
/** domain/billing/money.ts's ceiling for one payment (100 million yuan), in fen. */
const MAX_PAYMENT_FEN = 100_000_000_00;
const timeValue = fc.oneof(
  fc.date({ min: new Date('1999-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('0000-01-01T00:00:00Z', '2026-02-30T10:00:00+08:00', '2026-11-22T24:00:00Z', '2026-11-22T09:00:60Z', '+275760-09-13T00:00:00.000Z', '2026-11-22T09:00:00+24:00', '2026-11-22T17:59:00+08:00', '2026-11-22T09:59:59.999999999Z'),
  hostileValue,
);

/** An accepted paidAt names a real calendar moment (no rollover), from 2000 on, not in the future. */
function isRealTime(text: string, parsed: Date): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const calendar = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return calendar.getUTCDate() === day && calendar.getUTCHours() === hour && calendar.getUTCMinutes() === minute && calendar.getUTCSeconds() === second && parsed.getUTCFullYear() >= 2000;
}

describe('payment validator, property', () => {
  const paymentValue = (key: string): fc.Arbitrary<unknown> => {
    switch (key) {
      case 'paymentId': return fc.oneof(fc.string({ minLength: 1, maxLength: 70, unit: fc.constantFrom(...'AZaz09._:-') }), hostileText, hostileValue);
      case 'accountNo': return fc.oneof(fc.string({ minLength: 1, maxLength: 34, unit: fc.constantFrom(...'Aa09-') }), hostileText, hostileValue);
      case 'amount': return fc.oneof(fc.integer({ min: -10, max: 2 ** 40 }).map((fen) => `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`), hugeNumber, fc.double(), hostileValue);
      case 'channel': return fc.oneof(fc.constantFrom(...PAYMENT_CHANNELS), hostileValue);
      default: return timeValue;
    }
  };
  const body = fc.oneof({ weight: 9, arbitrary: objectWith(['paymentId', 'accountNo', 'amount', 'channel', 'paidAt'], paymentValue) }, { weight: 1, arbitrary: hostileValue });

  it('refuses by listing problems, never by throwing; what it accepts fits the payments table and reads back the same', () => {
    fc.assert(
      fc.property(body, (input) => {
        const result = parsePaymentRequest(input, new Date(NOW));
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          return;
        }
        const { paymentId, accountNo, amountFen, channel, paidAt } = result.value;
        expect(paymentId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
        expect(accountNo).toMatch(/^[A-Za-z0-9-]{1,32}$/);
        expect(Number.isSafeInteger(amountFen) && amountFen > 0 && amountFen <= MAX_PAYMENT_FEN).toBe(true);
        expect(PAYMENT_CHANNELS).toContain(channel);
        if (paidAt !== null) {
          expect(Number.isFinite(paidAt.getTime())).toBe(true);
          expect(paidAt.getTime()).toBeLessThanOrEqual(NOW + SKEW);
          expect(isRealTime(String((input as { paidAt: unknown }).paidAt), paidAt)).toBe(true);
        }
        // The stored payment, posted again, is the same payment (idempotency compares these).
        const again = parsePaymentRequest({ paymentId, accountNo, amount: formatFen(amountFen), channel, ...(paidAt ? { paidAt: paidAt.toISOString() } : {}) }, new Date(NOW));
        expect(again).toEqual(result);
      }),
      options(10_000),
    );
  });
});

/** JSON.stringify escapes NUL and lone surrogates (and only those here): PostgreSQL stores neither. */
const storable = (value: unknown) => !/\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(value));

describe('task forms, property', () => {
  const notBefore = NOW - 3_600_000;
  const note = fc.oneof(hostileText, longText, hostileValue);
  it('on-site reconnection and hand-entered outage: a time in [order opened, now + skew], a note of at most 2000 characters', () => {
    for (const [check, field] of [[checkManualReconnection, 'reconnectedAt'], [checkManualOutage, 'outageAt']] as const) {
      fc.assert(
        fc.property(fc.oneof(objectWith([field, 'note'], (key) => (key === field ? timeValue : note)), hostileValue), (input) => {
          const result = check(input, NOW, notBefore);
          if (!result.ok) return void expect(typeof result.message).toBe('string');
          expect(storable(result.value)).toBe(true);
          const at = Date.parse((result.value as unknown as Record<string, string>)[field]!);
          expect(at).toBeGreaterThanOrEqual(Math.floor(notBefore / 60_000) * 60_000);
          expect(at).toBeLessThanOrEqual(NOW + SKEW);
          if (result.value.note !== undefined) expect(typeof result.value.note === 'string' && result.value.note.length <= 2000).toBe(true);
        }),
        options(10_000),
      );
    }
  });

  it('approval: approve or reject with an opinion of 1 to 2000 characters', () => {
    fc.assert(
      fc.property(fc.oneof(objectWith(['decision', 'opinion'], (key) => (key === 'decision' ? fc.oneof(fc.constantFrom('approve', 'reject'), hostileValue) : note)), hostileValue), (input) => {
        const result = checkApproval(input);
        if (!result.ok) return;
        expect(storable(result.value)).toBe(true);
        expect(['approve', 'reject']).toContain(result.value.decision);
        expect(result.value.opinion.trim()).toBe(result.value.opinion);
        expect(result.value.opinion.length >= 1 && result.value.opinion.length <= 2000).toBe(true);
      }),
      options(10_000),
    );
  });

  it('re-check: only listed payers, each once', () => {
    const payers = ['C-1', 'C-2', '__proto__'];
    fc.assert(
      fc.property(fc.oneof(objectWith(['removed'], () => fc.oneof(fc.array(fc.oneof(fc.constantFrom(...payers), hostileText, hugeNumber), { maxLength: 5 }), hostileValue)), hostileValue), (input) => {
        const result = checkReCheck(input, payers);
        if (!result.ok) return;
        expect(result.value.removed.every((no) => payers.includes(no))).toBe(true);
        expect(new Set(result.value.removed).size).toBe(result.value.removed.length);
      }),
      options(10_000),
    );
  });
});

describe('disconnection application and settings, property', () => {
  it('an application is refused with its own error, or has a reason and ids a column holds', () => {
    const input = objectWith(['applicantId', 'reason', 'customerIds', 'filter'], (key) => {
      switch (key) {
        case 'applicantId': return fc.oneof(fc.integer({ min: 1, max: 10 }), hugeNumber);
        case 'reason': return fc.oneof(hostileText, longText, hostileValue);
        case 'customerIds': return fc.oneof(fc.array(fc.oneof(fc.integer({ min: 1, max: 1000 }), hugeNumber), { maxLength: 5 }), hostileValue);
        default: return fc.oneof(objectWith(['arrearsAbove', 'segmentCode'], (k) => (k === 'arrearsAbove' ? hugeNumber : fc.oneof(hostileText, hostileValue))), hostileValue);
      }
    });
    fc.assert(
      fc.property(input, (raw) => {
        let application;
        try {
          application = parseDisconnectionApplication(raw, { maxCustomersPerCase: 3 });
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidDisconnectionApplicationError);
          return;
        }
        expect([...application.reason].length).toBeGreaterThanOrEqual(1);
        expect([...application.reason].length).toBeLessThanOrEqual(500);
        for (const id of [application.applicantId, ...(application.customerIds ?? [])]) expect(Number.isSafeInteger(id) && id >= 1).toBe(true);
        if (application.filter) expect(Number.isFinite(application.filter.arrearsAbove) && application.filter.arrearsAbove >= 0).toBe(true);
      }),
      options(10_000),
    );
  });

  it('settings are refused with the policy\'s own error, or read back the same', () => {
    const value = fc.oneof(
      hostileValue,
      objectWith(['preNoticeMinutes', 'forbiddenWindows', 'approvalLevels', 'maxCustomersPerCase', 'commandWindow', 'templates', 'retryIntervalMinutes', 'maxAttempts', 'sweepIntervalMinutes', 'commandValidityMinutes'], (key) =>
        key === 'forbiddenWindows' ? objectWith(['weekendsForbidden', 'holidays', 'workdayOverrides', 'nightStart', 'nightEnd', 'dailyCutoff']) : key === 'approvalLevels' ? fc.array(objectWith(['name', 'approverRoles', 'slaHours', 'onOverdue']), { maxLength: 2 }) : fc.oneof(hugeNumber, hostileValue),
      ),
    );
    for (const [parse, Refusal] of [[parseDisconnectionPolicy, InvalidDisconnectionPolicyError], [parseReconnectionPolicy, InvalidPolicyError]] as const) {
      fc.assert(
        fc.property(value, (raw) => {
          let policy: unknown;
          try {
            policy = parse(raw);
          } catch (err) {
            expect(err).toBeInstanceOf(Refusal);
            return;
          }
          // What is stored (as JSON) and read by the next workflow must be the same policy.
          expect(parse(JSON.parse(JSON.stringify(policy)))).toEqual(policy);
        }),
        options(2_000),
      );
    }
  });
});
