/**
 * Work-order numbers as the reconnection manual prints them: automatic reconnection
 * orders are 8 digits starting "10", manual ones 12 digits starting "14". The serial part
 * comes from a database sequence.
 */
export type ReconnectionOrderKind = 'auto_reconnection' | 'manual_reconnection';

const FORMATS: Record<ReconnectionOrderKind, { prefix: string; digits: number }> = {
  auto_reconnection: { prefix: '10', digits: 8 },
  manual_reconnection: { prefix: '14', digits: 12 },
};

export function formatOrderNo(kind: ReconnectionOrderKind, serial: number): string {
  const { prefix, digits } = FORMATS[kind];
  const serialDigits = digits - prefix.length;
  if (!Number.isSafeInteger(serial) || serial < 1 || String(serial).length > serialDigits) {
    throw new RangeError(`${kind} serial ${serial} does not fit ${serialDigits} digits`);
  }
  return prefix + String(serial).padStart(serialDigits, '0');
}

export function orderKindOf(orderNo: string): ReconnectionOrderKind | undefined {
  return (Object.keys(FORMATS) as ReconnectionOrderKind[]).find((kind) => {
    const { prefix, digits } = FORMATS[kind];
    return orderNo.length === digits && orderNo.startsWith(prefix) && /^\d+$/.test(orderNo);
  });
}
