import { HumanContactSource } from '../../segments';

/**
 * "Last human contact" from actions' side: the client replied to an SMS. An inbound message that
 * is not a keyword marks the client's latest SMS touch of the last 14 days replied (replied_at
 * moves to the latest reply; twilio-webhooks.controller.ts), so the touch rows are exact.
 * Read through touch_replied_idx.
 */
export const smsReplyContactSource: HumanContactSource = {
  name: 'sms_reply',
  rowsSql: (ctx) => `SELECT t.client_id, t.replied_at AS at FROM touch t WHERE t.business_id = ${ctx.businessId} AND t.channel = 'sms' AND t.replied_at IS NOT NULL`,
};
