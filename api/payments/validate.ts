import { InvalidAmountError, parseYuanToFen } from '../../domain/billing/money';

export const PAYMENT_CHANNELS = ['counter', 'bank', 'online'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export interface PaymentRequest {
  paymentId: string;
  accountNo: string;
  amountFen: number;
  channel: PaymentChannel;
  /** Absent: the time it was received. */
  paidAt: Date | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const PAYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const ACCOUNT_NO = /^[A-Za-z0-9-]{1,32}$/;
// A time without a zone is ambiguous between the payer's and the server's clock.
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
// No payment reaches Gridflow from before its billing records could exist.
const EARLIEST_PAID_AT = Date.UTC(2000, 0, 1);
const ALLOWED_CLOCK_SKEW_MS = 5 * 60_000;

/** Checks a payment posted by an outside system; lists every problem at once. */
export function parsePaymentRequest(body: unknown, now = new Date()): { ok: true; value: PaymentRequest } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: [{ field: '(body)', message: 'send a JSON object {paymentId, accountNo, amount, channel, paidAt?}' }] };
  }
  const input = body as Record<string, unknown>;

  const { paymentId, accountNo, channel } = input;
  if (typeof paymentId !== 'string' || !PAYMENT_ID.test(paymentId)) {
    problems.push({ field: 'paymentId', message: 'paymentId must be 1-64 letters, digits or . _ : - (the payer system\'s own id)' });
  }
  if (typeof accountNo !== 'string' || !ACCOUNT_NO.test(accountNo)) {
    problems.push({ field: 'accountNo', message: 'accountNo must be 1-32 letters, digits or -' });
  }
  let amountFen = 0;
  try {
    amountFen = parseYuanToFen(input.amount);
  } catch (err) {
    if (!(err instanceof InvalidAmountError)) throw err;
    problems.push({ field: 'amount', message: err.message });
  }
  if (typeof channel !== 'string' || !(PAYMENT_CHANNELS as readonly string[]).includes(channel)) {
    problems.push({ field: 'channel', message: `channel must be one of ${PAYMENT_CHANNELS.join(', ')}` });
  }
  let paidAt: Date | null = null;
  if (input.paidAt !== undefined && input.paidAt !== null) {
    const parts = typeof input.paidAt === 'string' ? ISO_WITH_ZONE.exec(input.paidAt) : null;
    const parsed = parts && new Date(input.paidAt as string);
    if (!parts) {
      problems.push({ field: 'paidAt', message: 'paidAt must be an ISO 8601 time with a zone, e.g. 2026-11-22T10:30:00+08:00' });
    } else if (!isRealTime(parts) || !parsed || Number.isNaN(parsed.getTime())) {
      problems.push({ field: 'paidAt', message: `paidAt names no such date or time: ${input.paidAt as string}` });
    } else if (parsed.getTime() < EARLIEST_PAID_AT) {
      problems.push({ field: 'paidAt', message: 'paidAt is before 2000' });
    } else if (parsed.getTime() > now.getTime() + ALLOWED_CLOCK_SKEW_MS) {
      problems.push({ field: 'paidAt', message: 'paidAt is in the future' });
    } else {
      paidAt = parsed;
    }
  }

  const unknown = Object.keys(input).filter((key) => !['paymentId', 'accountNo', 'amount', 'channel', 'paidAt'].includes(key));
  if (unknown.length > 0) problems.push({ field: unknown.join(', '), message: `unknown field(s): ${unknown.join(', ')}` });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { paymentId: paymentId as string, accountNo: accountNo as string, amountFen, channel: channel as PaymentChannel, paidAt } };
}

/** Date reads 2026-02-30 as 2 March and 24:00 as the next day; a payer's record never means that. */
function isRealTime(parts: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second = 0, zoneHour = 0, zoneMinute = 0] = parts.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour! <= 23 && minute! <= 59 && second <= 59 && zoneHour <= 23 && zoneMinute <= 59;
}
