import { renderTemplate } from '../messages/template';

/**
 * The SMS asking the requester to rate the repair (回访短信), sent when the order is closed;
 * the reply comes back through POST /api/sms/inbound. No zod here: the workflow bundle reads it.
 */
export const RATING_SMS_PLACEHOLDERS = ['orderNo', 'place'] as const;

export const DEFAULT_RATING_SMS_TEMPLATE = '【回访】您的报修工单 {orderNo} 已处理完毕，请回复 1-5 为本次服务评分（5 为非常满意）。';

/** The outbox purpose of the rating request. */
export const RATING_SMS_PURPOSE = 'repair-rating-request';

/**
 * The text for an order. A policy read before the template existed (a workflow started before
 * it) has none: the default then.
 */
export function ratingSmsText(template: string | undefined, order: { orderNo: string; place: string }): string {
  return renderTemplate(template ?? DEFAULT_RATING_SMS_TEMPLATE, { orderNo: order.orderNo, place: order.place });
}

/** One request per order and callback round: a retry sends nothing twice, a round after a rejection asks again. */
export const ratingSmsKey = (orderNo: string, loop: number) => `sms:repair-rating-request:${orderNo}:${loop}`;
