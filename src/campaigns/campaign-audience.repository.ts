import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A saved segment's stored members: the audience a campaign would select if sent now. */
@Injectable()
export class CampaignAudienceRepository {
  constructor(private readonly ds: DataSource) {}

  /** Undefined when the segment does not exist in the business (or is archived). */
  async members(businessId: string, segmentId: string): Promise<{ evaluatedAt: Date | null; clientIds: string[] } | undefined> {
    const [segment] = await this.ds.query(`SELECT evaluated_at AS "evaluatedAt" FROM segment WHERE business_id = $1 AND id = $2 AND archived_at IS NULL`, [businessId, segmentId]);
    if (!segment) return undefined;
    // one array column, not 100,000 row objects: the ids go straight back in as a parameter
    const [row] = await this.ds.query(
      `SELECT coalesce(array_agg(sm.client_id::text), '{}') AS ids
         FROM segment_member sm JOIN client c ON c.id = sm.client_id AND c.business_id = $1 AND c.deleted_at IS NULL
        WHERE sm.segment_id = $2 AND sm.business_id = $1`,
      [businessId, segmentId],
    );
    return { evaluatedAt: segment.evaluatedAt, clientIds: row.ids };
  }

  /** The earliest time deferred touches of the campaign wait for, per step, variant and reason. */
  async deferredUntil(businessId: string, campaignId: string): Promise<Array<{ stepKey: string; variant: string; reason: string; until: Date; n: number }>> {
    return this.ds.query(
      `SELECT step_key AS "stepKey", COALESCE(variant, '') AS variant, deferred_reason AS reason, min(due_at) AS until, count(*)::int AS n
         FROM touch WHERE business_id = $1 AND campaign_id = $2 AND status = 'deferred'
        GROUP BY 1, 2, 3`,
      [businessId, campaignId],
    );
  }

  /** Per campaign of the business: recipients and touches by outcome, for the list. */
  async summaries(
    businessId: string,
  ): Promise<Array<{ id: string; targeted: number; contacted: number; touches: number; sent: number; pending: number; blocked: number; failed: number; quietUntil: Date | null }>> {
    return this.ds.query(
      `SELECT c.id::text,
              coalesce(r.targeted, 0) AS targeted, coalesce(r.contacted, 0) AS contacted,
              coalesce(t.touches, 0) AS touches, coalesce(t.sent, 0) AS sent, coalesce(t.pending, 0) AS pending,
              coalesce(t.blocked, 0) AS blocked, coalesce(t.failed, 0) AS failed,
              -- while nothing has gone yet and quiet hours hold messages: when the first of them goes
              CASE WHEN coalesce(t.moving, 0) = 0 THEN t.quiet_until END AS "quietUntil"
         FROM campaign c
         LEFT JOIN LATERAL (SELECT count(*)::int AS targeted, count(*) FILTER (WHERE NOT holdout)::int AS contacted
                              FROM campaign_recipient WHERE campaign_id = c.id AND business_id = $1) r ON true
         LEFT JOIN LATERAL (SELECT count(*)::int AS touches,
                                   count(*) FILTER (WHERE status IN ('sent', 'delivered', 'opened', 'clicked', 'replied'))::int AS sent,
                                   count(*) FILTER (WHERE status IN ('queued', 'deferred', 'sending'))::int AS pending,
                                   count(*) FILTER (WHERE status = 'blocked')::int AS blocked,
                                   count(*) FILTER (WHERE status = 'failed')::int AS failed,
                                   count(*) FILTER (WHERE status IN ('queued', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'replied'))::int AS moving,
                                   min(due_at) FILTER (WHERE status = 'deferred' AND deferred_reason = 'quiet_hours') AS quiet_until
                              FROM touch WHERE business_id = $1 AND campaign_id = c.id) t ON true
        WHERE c.business_id = $1
        ORDER BY c.id DESC LIMIT 500`,
      [businessId],
    );
  }
}
