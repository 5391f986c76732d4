import { renderTemplate } from '../messages/template';

/**
 * The SMS telling the customer the line was moved (移机完成), with the rating request the
 * revisit process follows up (relocation.rating_requested). No zod here: the workflow bundle reads it.
 */
export const INSTALLED_SMS_PURPOSE = 'relocation-installed';

const SAME_NUMBER = '【移机】您的电话 {serviceNo} 已移机至 {address}，请回复 1-5 为本次服务评分（5 为非常满意）。';
const NEW_NUMBER = '【移机】您的电话已移机至 {address}，号码由 {oldNumber} 改为 {newNumber}，请回复 1-5 为本次服务评分（5 为非常满意）。';

export function installedSmsText(order: { oldNumber: string; newNumber: string; newAddress: string }): string {
  return order.oldNumber === order.newNumber
    ? renderTemplate(SAME_NUMBER, { serviceNo: order.newNumber, address: order.newAddress })
    : renderTemplate(NEW_NUMBER, { oldNumber: order.oldNumber, newNumber: order.newNumber, address: order.newAddress });
}

/** One message per order: a retried activity sends nothing twice. */
export const installedSmsKey = (orderNo: string) => `sms:relocation-installed:${orderNo}`;
