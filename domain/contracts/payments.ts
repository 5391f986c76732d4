/** Payments from outside systems (banks, counters, online) (api/payments/routes.ts). */
import { z } from 'zod/v4';
import { InvalidAmountError, parseYuanToFen } from '../billing/money';
import { timestamp, yuanText } from './common';

export const PAYMENT_CHANNELS = ['counter', 'bank', 'online'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export const PAYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const ACCOUNT_NO = /^[A-Za-z0-9-]{1,32}$/;
/** A time without a zone is ambiguous between the payer's and the server's clock. */
export const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** A payment as stored and answered. */
const storedPayment = {
  paymentId: z.string(),
  accountNo: z.string(),
  /** Yuan with two decimals, as text. */
  amount: yuanText,
  channel: z.enum(PAYMENT_CHANNELS),
  paidAt: timestamp,
  receivedAt: timestamp,
};

/** A payment in the list (GET /api/payments); its id is the payer's paymentId. */
export const paymentRecord = z.strictObject({ id: z.string(), ...storedPayment }).meta({ id: 'Payment' });
export type Payment = z.infer<typeof paymentRecord>;

/** What POST /api/payments did about reconnection (api/reconnection-trigger.ts). */
export const reconnectionTriggerRecord = z
  .discriminatedUnion('state', [
    z.strictObject({ state: z.literal('not-due') }),
    z.strictObject({ state: z.enum(['started', 'already-running']), workflowId: z.string() }),
    /** Temporal could not be reached; the sweep starts it within its interval. */
    z.strictObject({ state: z.literal('deferred-to-sweep'), workflowId: z.string(), reason: z.string() }),
  ])
  .meta({ id: 'ReconnectionTrigger' });
export type ReconnectionTrigger = z.infer<typeof reconnectionTriggerRecord>;

/** The answer to POST /api/payments: 201 recorded, or 200 for the same payment again (counted once). */
export const recordedPaymentRecord = z
  .strictObject({
    payment: z.strictObject(storedPayment),
    duplicate: z.boolean(),
    /** What the customer owes after it, never below 0.00. */
    arrears: yuanText,
    reconnection: reconnectionTriggerRecord,
  })
  .meta({ id: 'RecordedPayment' });
export type RecordedPayment = z.infer<typeof recordedPaymentRecord>;

/** Date reads 2026-02-30 as 2 March and 24:00 as the next day; a payer's record never means that. */
export function isRealTime(text: string): boolean {
  const parts = ISO_WITH_ZONE.exec(text);
  if (!parts || Number.isNaN(new Date(text).getTime())) return false;
  const [year, month, day, hour, minute, second = 0, zoneHour = 0, zoneMinute = 0] = parts.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour! <= 23 && minute! <= 59 && second <= 59 && zoneHour <= 23 && zoneMinute <= 59;
}

/**
 * POST /api/payments as a payer system sends it. The clock checks (not before 2000, not in
 * the future) need the time of the request: api/payments/validate.ts adds them.
 */
export const paymentRequest = z
  .strictObject(
    {
      paymentId: z.string().regex(PAYMENT_ID, "paymentId must be 1-64 letters, digits or . _ : - (the payer system's own id)"),
      accountNo: z.string().regex(ACCOUNT_NO, 'accountNo must be 1-32 letters, digits or -'),
      amount: z
        .union([z.number(), z.string()], 'amount must be a number of yuan, e.g. 128.50')
        .check((ctx) => {
          try {
            parseYuanToFen(ctx.value);
          } catch (err) {
            if (!(err instanceof InvalidAmountError)) throw err;
            ctx.issues.push({ code: 'custom', message: err.message, input: ctx.value });
          }
        })
        .describe('CNY, > 0, at most two decimals; a number or its text ("128.50")'),
      channel: z.enum(PAYMENT_CHANNELS, `channel must be one of ${PAYMENT_CHANNELS.join(', ')}`),
      paidAt: z
        .string('paidAt must be an ISO 8601 time with a zone, e.g. 2026-11-22T10:30:00+08:00')
        .regex(ISO_WITH_ZONE, 'paidAt must be an ISO 8601 time with a zone, e.g. 2026-11-22T10:30:00+08:00')
        .refine(isRealTime, { error: (issue) => `paidAt names no such date or time: ${String(issue.input)}`, abort: true })
        .nullish()
        .describe('when it was paid, with a zone; not before 2000 nor in the future; absent: when it was received'),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'send a JSON object {paymentId, accountNo, amount, channel, paidAt?}' : undefined) },
  )
  .meta({ id: 'PaymentRequest' });
export type PaymentRequest = z.input<typeof paymentRequest>;
