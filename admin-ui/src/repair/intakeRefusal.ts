export interface CustomerChoice {
  id: number;
  customerNo: string;
  name: string;
  address: string;
}

/** What an intake refusal asks of the agent: choose among the caller's customers, find the customer by hand, or another category. */
export type IntakeRefusal = { kind: 'ambiguous'; customers: CustomerChoice[] } | { kind: 'not_found' } | { kind: 'unknown_category' } | undefined;

/**
 * Reads a refusal of POST /api/repair_orders (react-admin's HttpError: status and the API's
 * error body); undefined for any other, which the usual notice words.
 */
export function intakeRefusalOf(error: unknown): IntakeRefusal {
  const { status, body } = (error ?? {}) as { status?: unknown; body?: { error?: { code?: unknown; details?: { customers?: unknown } } } | null };
  const code = body?.error?.code;
  const customers = body?.error?.details?.customers;
  if (status === 409 && code === 'CUSTOMER_AMBIGUOUS' && Array.isArray(customers)) return { kind: 'ambiguous', customers: customers as CustomerChoice[] };
  if (status === 422 && code === 'CUSTOMER_NOT_FOUND') return { kind: 'not_found' };
  if (status === 400 && code === 'UNKNOWN_CATEGORY') return { kind: 'unknown_category' };
  return undefined;
}
