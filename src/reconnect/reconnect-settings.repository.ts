import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_SETTINGS, DEFAULT_TEMPLATE, ReconnectSettings, ReconnectTemplate } from './reconnect.types';

export interface StoredTemplate extends ReconnectTemplate {
  serviceCategory: string;
  /** The built-in template: the business has not written its own for this category. */
  isDefault: boolean;
}

/** reconnect_settings and reconnect_template, always scoped by business. */
@Injectable()
export class ReconnectSettingsRepository {
  constructor(private readonly ds: DataSource) {}

  async get(businessId: string): Promise<ReconnectSettings> {
    const [row] = await this.ds.query(
      `SELECT booking_link AS "bookingLink", follow_up_days AS "followUpDays", success_window_days AS "successWindowDays", holdout_percent AS "holdoutPercent"
         FROM reconnect_settings WHERE business_id = $1`,
      [businessId],
    );
    return row ?? { ...DEFAULT_SETTINGS };
  }

  async put(businessId: string, s: ReconnectSettings): Promise<ReconnectSettings> {
    await this.ds.query(
      `INSERT INTO reconnect_settings (business_id, booking_link, follow_up_days, success_window_days, holdout_percent)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (business_id) DO UPDATE SET booking_link = $2, follow_up_days = $3, success_window_days = $4, holdout_percent = $5, updated_at = now()`,
      [businessId, s.bookingLink, s.followUpDays, s.successWindowDays, s.holdoutPercent],
    );
    return this.get(businessId);
  }

  /** The templates of these categories, the default for a category without its own. */
  async templates(businessId: string, categories: string[]): Promise<Map<string, StoredTemplate>> {
    const rows: Array<{ serviceCategory: string; channel: ReconnectTemplate['channel']; smsBody: string | null; emailSubject: string | null; emailBody: string | null }> = await this.ds.query(
      `SELECT service_category AS "serviceCategory", channel, sms_body AS "smsBody", email_subject AS "emailSubject", email_body AS "emailBody"
         FROM reconnect_template WHERE business_id = $1 AND service_category = ANY($2::text[])`,
      [businessId, categories],
    );
    const out = new Map<string, StoredTemplate>(categories.map((c) => [c, { ...DEFAULT_TEMPLATE, serviceCategory: c, isDefault: true }]));
    for (const r of rows) {
      out.set(r.serviceCategory, {
        serviceCategory: r.serviceCategory,
        channel: r.channel,
        sms: r.smsBody === null ? null : { body: r.smsBody },
        email: r.emailSubject === null || r.emailBody === null ? null : { subject: r.emailSubject, body: r.emailBody },
        isDefault: false,
      });
    }
    return out;
  }

  async putTemplate(businessId: string, category: string, t: ReconnectTemplate): Promise<void> {
    await this.ds.query(
      `INSERT INTO reconnect_template (business_id, service_category, channel, sms_body, email_subject, email_body)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (business_id, service_category) DO UPDATE SET channel = $3, sms_body = $4, email_subject = $5, email_body = $6, updated_at = now()`,
      [businessId, category, t.channel, t.sms?.body ?? null, t.email?.subject ?? null, t.email?.body ?? null],
    );
  }

  /** Whether the business has appointments in this category (a category of another business is a 404). */
  async categoryExists(businessId: string, category: string): Promise<boolean> {
    const [row] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM reconnect_template WHERE business_id = $1 AND service_category = $2)
           OR EXISTS (SELECT 1 FROM booking WHERE business_id = $1 AND kind = 'appointment' AND service_category = $2) AS found`,
      [businessId, category],
    );
    return row.found;
  }

  /** A live member of the business, with what a preview needs (another business's client is a 404). */
  async clientExists(businessId: string, clientId: string): Promise<boolean> {
    const [row] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM client WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL) AS found`, [businessId, clientId]);
    return row.found;
  }
}
