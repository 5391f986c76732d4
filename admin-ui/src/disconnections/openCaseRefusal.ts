/**
 * The customer numbers of a CUSTOMER_IN_OPEN_CASE refusal (the API's error body), so the
 * applicant is told whom to untick; undefined for any other answer.
 */
export function customersInOpenCase(body: unknown): string[] | undefined {
  const refusal = (body as { error?: { code?: unknown; details?: { customerNos?: unknown } } } | null | undefined)?.error;
  const customerNos = refusal?.details?.customerNos;
  return refusal?.code === 'CUSTOMER_IN_OPEN_CASE' && Array.isArray(customerNos) ? customerNos.map(String) : undefined;
}
