import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignState, CampaignStep, GoalKind } from './campaign.types';

export interface CampaignRow {
  id: string;
  businessId: string;
  name: string;
  segmentId: string;
  steps: CampaignStep[];
  holdoutPercent: number;
  goal: { kind: GoalKind; withinDays: number };
  includeSleeping: boolean;
  state: CampaignState;
  sendAt: Date | null;
  recipientsSelectedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  createdAt: Date;
}

const COLUMNS = `id::text, business_id AS "businessId", name, segment_id::text AS "segmentId", steps, holdout_percent::float8 AS "holdoutPercent", goal,
  include_sleeping AS "includeSleeping", state, send_at AS "sendAt", recipients_selected_at AS "recipientsSelectedAt", started_at AS "startedAt",
  finished_at AS "finishedAt", error, created_at AS "createdAt"`;

/**
 * The holdout bucket of a client in a campaign: 0-9999 from an md5 of both ids, so the control
 * group is random across clients, fixed per client and campaign, and reproducible in reports.
 */
export const holdoutBucketSql = (campaignId: string, clientId: string) => `(('x' || left(md5(${campaignId}::text || ':' || ${clientId}::text), 8))::bit(32)::bigint % 10000)`;

@Injectable()
export class CampaignRepository {
  constructor(private readonly ds: DataSource) {}

  async create(businessId: string, c: Omit<CampaignRow, 'id' | 'businessId' | 'state' | 'recipientsSelectedAt' | 'startedAt' | 'finishedAt' | 'error' | 'createdAt'>): Promise<CampaignRow> {
    const [row] = await this.ds.query(
      `INSERT INTO campaign (business_id, name, segment_id, steps, holdout_percent, goal, include_sleeping, send_at)
       SELECT $1, $2, s.id, $4::jsonb, $5, $6::jsonb, $7, $8 FROM segment s WHERE s.id = $3 AND s.business_id = $1 AND s.archived_at IS NULL
       RETURNING ${COLUMNS}`,
      [businessId, c.name, c.segmentId, JSON.stringify(c.steps), c.holdoutPercent, JSON.stringify(c.goal), c.includeSleeping, c.sendAt],
    );
    return row;
  }

  /** Replaces a draft's content; undefined when it is no longer a draft or the segment is not the business's (or archived). */
  async updateDraft(
    businessId: string,
    id: string,
    c: Omit<CampaignRow, 'id' | 'businessId' | 'state' | 'recipientsSelectedAt' | 'startedAt' | 'finishedAt' | 'error' | 'createdAt'>,
  ): Promise<CampaignRow | undefined> {
    // an UPDATE answers [rows, affected count]
    const [rows] = await this.ds.query(
      `UPDATE campaign SET name = $3, segment_id = $4, steps = $5::jsonb, holdout_percent = $6, goal = $7::jsonb, include_sleeping = $8, send_at = $9, updated_at = now()
        WHERE business_id = $1 AND id = $2 AND state = 'draft'
          AND EXISTS (SELECT 1 FROM segment s WHERE s.id = $4 AND s.business_id = $1 AND s.archived_at IS NULL)
       RETURNING ${COLUMNS}`,
      [businessId, id, c.name, c.segmentId, JSON.stringify(c.steps), c.holdoutPercent, JSON.stringify(c.goal), c.includeSleeping, c.sendAt],
    );
    return (rows as CampaignRow[])[0];
  }

  async find(businessId: string, id: string, m: EntityManager | DataSource = this.ds, lock = false): Promise<CampaignRow | undefined> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM campaign WHERE business_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [businessId, id]);
    return row;
  }

  async list(businessId: string): Promise<CampaignRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM campaign WHERE business_id = $1 ORDER BY id DESC LIMIT 500`, [businessId]);
  }

  /** Moves the campaign from one of `from` to `to`; false when it was in another state. */
  async transition(businessId: string, id: string, from: CampaignState[], to: CampaignState, patch: { sendAt?: Date | null; error?: string | null } = {}): Promise<boolean> {
    const rows = await this.ds.query(
      `WITH u AS (
         UPDATE campaign SET state = $4, updated_at = now(),
                send_at = CASE WHEN $5 THEN $6 ELSE send_at END,
                error = CASE WHEN $7 THEN $8 ELSE error END,
                started_at = CASE WHEN $4 = 'sending' THEN COALESCE(started_at, now()) ELSE started_at END,
                finished_at = CASE WHEN $4 IN ('sent','failed','cancelled') THEN now() ELSE finished_at END
          WHERE business_id = $1 AND id = $2 AND state = ANY($3::text[]) RETURNING id)
       SELECT id FROM u`,
      [businessId, id, from, to, patch.sendAt !== undefined, patch.sendAt ?? null, patch.error !== undefined, patch.error ?? null],
    );
    return rows.length > 0;
  }

  /**
   * Selects the recipients once: the segment's stored members at this moment, each marked
   * holdout by its bucket. A retry after a crash finds recipients_selected_at set and keeps them.
   */
  async selectRecipients(businessId: string, campaignId: string): Promise<{ selected: boolean }> {
    return this.ds.transaction(async (m) => {
      const c = await this.find(businessId, campaignId, m, true);
      if (!c || c.recipientsSelectedAt) return { selected: false };
      await m.query(
        `INSERT INTO campaign_recipient (campaign_id, client_id, business_id, holdout)
         SELECT $2, sm.client_id, $1, ${holdoutBucketSql('$2::bigint', 'sm.client_id')} < round($4::numeric * 100)
           FROM segment_member sm
           JOIN client c ON c.id = sm.client_id AND c.business_id = $1 AND c.deleted_at IS NULL
          WHERE sm.segment_id = $3 AND sm.business_id = $1
         ON CONFLICT DO NOTHING`,
        [businessId, campaignId, c.segmentId, c.holdoutPercent],
      );
      await m.query(`UPDATE campaign SET recipients_selected_at = now() WHERE id = $1`, [campaignId]);
      return { selected: true };
    });
  }

  /** Contacted (non-holdout) recipients in client id order, one page at a time. */
  async contactedPage(businessId: string, campaignId: string, after: string | null, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT client_id::text AS id FROM campaign_recipient
        WHERE campaign_id = $2 AND business_id = $1 AND NOT holdout AND ($3::bigint IS NULL OR client_id > $3::bigint)
        ORDER BY client_id LIMIT $4`,
      [businessId, campaignId, after, limit],
    );
    return rows.map((r) => r.id);
  }

  async recipientCounts(businessId: string, campaignId: string): Promise<{ targeted: number; holdout: number; contacted: number }> {
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS targeted, count(*) FILTER (WHERE holdout)::int AS holdout, count(*) FILTER (WHERE NOT holdout)::int AS contacted
         FROM campaign_recipient WHERE campaign_id = $2 AND business_id = $1`,
      [businessId, campaignId],
    );
    return row;
  }

  /** Touch counts per step, variant, status and blocked reason (the touch table is actions'). */
  async touchCounts(businessId: string, campaignId: string): Promise<Array<{ stepKey: string; variant: string; status: string; blockedReason: string | null; n: number }>> {
    return this.ds.query(
      `SELECT step_key AS "stepKey", COALESCE(variant, '') AS variant, status, blocked_reason AS "blockedReason", count(*)::int AS n
         FROM touch WHERE business_id = $1 AND campaign_id = $2
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [businessId, campaignId],
    );
  }

  /** Staff tasks raised by the campaign's task steps, by origin and state (staff_task is tasks'). */
  async taskCounts(businessId: string, origins: string[]): Promise<Array<{ origin: string; state: string; n: number }>> {
    if (!origins.length) return [];
    return this.ds.query(`SELECT origin, state, count(*)::int AS n FROM staff_task WHERE business_id = $1 AND origin = ANY($2::text[]) GROUP BY 1, 2`, [businessId, origins]);
  }

  async touches(businessId: string, campaignId: string, q: { status?: string; step?: string; after?: string; limit: number }) {
    return this.ds.query(
      `SELECT t.id::text, t.client_id::text AS "clientId", nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), '') AS "clientName", t.channel, t.step_key AS "stepKey", t.variant, t.status, t.blocked_reason AS "blockedReason",
              t.deferred_reason AS "deferredReason", t.provider_message_id AS "providerMessageId", t.error, t.queued_at AS "queuedAt", t.sent_at AS "sentAt",
              t.delivered_at AS "deliveredAt", t.failed_at AS "failedAt", t.opened_at AS "openedAt", t.clicked_at AS "clickedAt", t.replied_at AS "repliedAt"
         FROM touch t LEFT JOIN client c ON c.id = t.client_id AND c.business_id = $1
        WHERE t.business_id = $1 AND t.campaign_id = $2 AND ($3::text IS NULL OR t.status = $3) AND ($4::text IS NULL OR t.step_key = $4)
          AND ($5::bigint IS NULL OR t.id > $5::bigint)
        ORDER BY t.id LIMIT $6`,
      [businessId, campaignId, q.status ?? null, q.step ?? null, q.after ?? null, q.limit],
    );
  }
}
