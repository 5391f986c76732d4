import { parseYuanToFen } from '../../domain/billing/money';
import { PAYMENT_CHANNELS, paymentRequest, type PaymentChannel } from '../../domain/contracts/payments';
import type { FieldProblem } from '../validate';

export { PAYMENT_CHANNELS, type PaymentChannel, type FieldProblem };

export interface PaymentRequest {
  paymentId: string;
  accountNo: string;
  amountFen: number;
  channel: PaymentChannel;
  /** Absent: the time it was received. */
  paidAt: Date | null;
}

// No payment reaches Gridflow from before its billing records could exist.
const EARLIEST_PAID_AT = Date.UTC(2000, 0, 1);
const ALLOWED_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Checks a payment posted by an outside system against its contract (domain/contracts/
 * payments.ts), then against the clock; lists every problem at once.
 */
export function parsePaymentRequest(body: unknown, now = new Date()): { ok: true; value: PaymentRequest } | { ok: false; problems: FieldProblem[] } {
  const parsed = paymentRequest.safeParse(body);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) =>
        issue.code === 'unrecognized_keys'
          ? { field: issue.keys.join(', '), message: `unknown field(s): ${issue.keys.join(', ')}` }
          : { field: issue.path.map(String).join('.') || '(body)', message: issue.message },
      );
  // The clock checks, for a paidAt the contract found well-formed.
  const paidAtText = typeof (body as { paidAt?: unknown } | null)?.paidAt === 'string' ? (body as { paidAt: string }).paidAt : undefined;
  const paidAt = paidAtText !== undefined && !problems.some((p) => p.field === 'paidAt') ? new Date(paidAtText) : null;
  if (paidAt && paidAt.getTime() < EARLIEST_PAID_AT) problems.push({ field: 'paidAt', message: 'paidAt is before 2000' });
  else if (paidAt && paidAt.getTime() > now.getTime() + ALLOWED_CLOCK_SKEW_MS) problems.push({ field: 'paidAt', message: 'paidAt is in the future' });

  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const { paymentId, accountNo, amount, channel } = parsed.data;
  return { ok: true, value: { paymentId, accountNo, amountFen: parseYuanToFen(amount), channel, paidAt } };
}
