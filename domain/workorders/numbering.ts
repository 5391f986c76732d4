import type { WorkOrderKind } from '../contracts/work_orders';

/**
 * Work-order numbers. As the reconnection manual prints them: automatic reconnection orders
 * are 8 digits starting "10", manual ones 12 digits starting "14". Ours, in the same style:
 * a customer's disconnection order (停电工单) is 10 digits starting "12". The serial part
 * comes from a database sequence per kind.
 */
export type ReconnectionOrderKind = Exclude<WorkOrderKind, 'disconnection'>;

const FORMATS: Record<WorkOrderKind, { prefix: string; digits: number }> = {
  auto_reconnection: { prefix: '10', digits: 8 },
  manual_reconnection: { prefix: '14', digits: 12 },
  disconnection: { prefix: '12', digits: 10 },
};

/** The database sequence each kind's serials come from (migrations 001 and 012). */
export const ORDER_SEQUENCES: Record<WorkOrderKind, string> = {
  auto_reconnection: 'auto_reconnection_order_seq',
  manual_reconnection: 'manual_reconnection_order_seq',
  disconnection: 'disconnection_order_seq',
};

export function formatOrderNo(kind: WorkOrderKind, serial: number): string {
  const { prefix, digits } = FORMATS[kind];
  const serialDigits = digits - prefix.length;
  if (!Number.isSafeInteger(serial) || serial < 1 || String(serial).length > serialDigits) {
    throw new RangeError(`${kind} serial ${serial} does not fit ${serialDigits} digits`);
  }
  return prefix + String(serial).padStart(serialDigits, '0');
}

export function orderKindOf(orderNo: string): WorkOrderKind | undefined {
  return (Object.keys(FORMATS) as WorkOrderKind[]).find((kind) => {
    const { prefix, digits } = FORMATS[kind];
    return orderNo.length === digits && orderNo.startsWith(prefix) && /^\d+$/.test(orderNo);
  });
}
