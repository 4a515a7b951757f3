import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PUSHPRESS_SOURCE } from './pushpress.connector';

export interface PushPressDeliveryStats {
  accepted: number;
  rejected: number;
  lastDeliveryAt: Date | null;
  lastRejectedAt: Date | null;
  lastRejectionReason: string | null;
}

/**
 * What PushPress sent a business lately, for the settings page: deliveries stored (event_inbox,
 * signature checked) and refused (webhook_rejection_tally counts every refusal, webhook_rejection
 * keeps the latest reason), since `since`. One statement, on the (business_id, source, ...) indexes.
 */
@Injectable()
export class PushPressStatusRepository {
  constructor(private readonly ds: DataSource) {}

  async deliveryStats(businessId: string, since: Date): Promise<PushPressDeliveryStats> {
    const [row] = await this.ds.query(
      `SELECT (SELECT count(*) FROM event_inbox
                WHERE business_id = $1 AND source = $2 AND received_at >= $3 AND signature_ok AND external_event_id IS NOT NULL)::int AS accepted,
              (SELECT max(received_at) FROM event_inbox
                WHERE business_id = $1 AND source = $2 AND signature_ok AND external_event_id IS NOT NULL) AS last_delivery_at,
              (SELECT coalesce(sum(rejected), 0) FROM webhook_rejection_tally
                WHERE business_id = $1 AND source = $2 AND minute >= date_trunc('minute', $3::timestamptz))::int AS rejected,
              last.received_at AS last_rejected_at, last.reason AS last_rejection_reason
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT received_at, reason FROM webhook_rejection
                             WHERE business_id = $1 AND source = $2 ORDER BY received_at DESC, id DESC LIMIT 1) last ON true`,
      [businessId, PUSHPRESS_SOURCE, since],
    );
    return {
      accepted: row.accepted,
      rejected: row.rejected,
      lastDeliveryAt: row.last_delivery_at,
      lastRejectedAt: row.last_rejected_at,
      lastRejectionReason: row.last_rejection_reason,
    };
  }
}
