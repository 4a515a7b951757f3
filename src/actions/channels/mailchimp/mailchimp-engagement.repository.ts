import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** One entry of a campaign's email activity (GET /reports/{campaign_id}/email-activity). */
export interface ActivityRow {
  /** What makes it one entry: campaign, member, action, time, URL. */
  key: string;
  /** The member's subscriber hash (Mailchimp's email_id), which our touches store as provider id. */
  hash: string;
  action: 'open' | 'click' | 'bounce';
  at: Date;
  url: string | null;
  /** For a bounce: hard or soft. */
  bounceType: string | null;
}

/** A Mailchimp touch counts a member's opens, clicks and bounces this long after its sync. */
export const MAILCHIMP_ATTRIBUTION_DAYS = 30;

/**
 * What Mailchimp reports back (docs/actions.md "Mailchimp: what comes back"): the dedupe ledger,
 * the campaigns it announced, bounces on touches and opens / clicks into the engagement tables
 * (touch_open, touch_click) the click redirect and the open pixel write. Every statement is
 * scoped by business_id.
 */
@Injectable()
export class MailchimpEngagementRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Runs `work` once per key for the business: the key is recorded in the same transaction, so a
   * redelivered webhook (or two deliveries racing) does nothing and answers undefined.
   */
  async once<T>(businessId: string, key: string, work: (q: EntityManager) => Promise<T>): Promise<T | undefined> {
    return this.ds.transaction(async (q) => {
      const fresh = await q.query(`INSERT INTO mailchimp_seen (business_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [businessId, key]);
      if (!fresh.length) return undefined;
      return work(q);
    });
  }

  /** The business's (not deleted) clients with this address, compared without case. */
  async clientsByEmail(businessId: string, email: string, q: EntityManager | DataSource = this.ds): Promise<string[]> {
    const rows: Array<{ id: string }> = await q.query(`SELECT id::text AS id FROM client WHERE business_id = $1 AND lower(email) = lower($2) AND deleted_at IS NULL`, [businessId, email.trim()]);
    return rows.map((r) => r.id);
  }

  /**
   * A bounce Mailchimp reported (a `cleaned` member, a hard bounce in a campaign's activity): each
   * client's latest Mailchimp touch still `sent` becomes `failed` with `invalid_address`, the code
   * the email channel gives an address its relay refused. A touch already opened or clicked stays.
   * Returns the touch ids changed.
   */
  async markBounced(businessId: string, clientIds: string[], message: string, q: EntityManager | DataSource = this.ds): Promise<string[]> {
    if (!clientIds.length) return [];
    const rows: Array<{ id: string }> = await q.query(
      `WITH u AS (
         UPDATE touch SET status = 'failed', failed_at = now(), error_code = 'invalid_address', error = $3
          WHERE id IN (SELECT DISTINCT ON (client_id) id FROM touch
                        WHERE business_id = $1 AND client_id = ANY($2::bigint[]) AND channel = 'mailchimp' AND sent_at IS NOT NULL
                        ORDER BY client_id, sent_at DESC, id DESC)
            AND status IN ('sent', 'delivered')
         RETURNING id)
       SELECT id::text AS id FROM u`,
      [businessId, clientIds, message.slice(0, 1000)],
    );
    return rows.map((r) => r.id);
  }

  /** A campaign Mailchimp announced as sent to the business's audience (a repeat keeps the first). */
  async saveCampaign(businessId: string, c: { campaignId: string; listId: string; subject: string | null; sentAt: Date }, q: EntityManager | DataSource = this.ds): Promise<void> {
    await q.query(
      `INSERT INTO mailchimp_campaign (business_id, campaign_id, list_id, subject, sent_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (business_id, campaign_id) DO NOTHING`,
      [businessId, c.campaignId, c.listId, c.subject?.slice(0, 500) ?? null, c.sentAt],
    );
  }

  /** The announced campaigns whose activity is still read: sent within the attribution window. */
  async campaignsToPull(businessId: string, now: Date): Promise<Array<{ campaignId: string; since: Date | null }>> {
    return this.ds.query(
      `SELECT campaign_id AS "campaignId", activity_pulled_at AS since FROM mailchimp_campaign
        WHERE business_id = $1 AND sent_at > $2::timestamptz - make_interval(days => $3)
        ORDER BY sent_at`,
      [businessId, now, MAILCHIMP_ATTRIBUTION_DAYS],
    );
  }

  /**
   * The businesses this process pulls for the hour: those with a campaign announced within the
   * window and an enabled Mailchimp account whose campaigns nobody claimed since `hourStart`.
   * Two workers running this at once: the second waits on the row locks, then finds them claimed.
   */
  async claimPulls(hourStart: Date, now: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH u AS (
         UPDATE mailchimp_campaign c SET pull_claimed_at = $2
          WHERE c.sent_at > $2::timestamptz - make_interval(days => $3)
            AND (c.pull_claimed_at IS NULL OR c.pull_claimed_at < $1)
            AND EXISTS (SELECT 1 FROM channel_account a WHERE a.business_id = c.business_id AND a.channel = 'mailchimp' AND a.enabled)
         RETURNING c.business_id)
       SELECT DISTINCT business_id::text AS id FROM u`,
      [hourStart, now, MAILCHIMP_ATTRIBUTION_DAYS],
    );
    return rows.map((r) => r.id);
  }

  async markPulled(businessId: string, campaignId: string, at: Date): Promise<void> {
    await this.ds.query(`UPDATE mailchimp_campaign SET activity_pulled_at = $3 WHERE business_id = $1 AND campaign_id = $2`, [businessId, campaignId, at]);
  }

  /**
   * One page of a campaign's activity in one statement: entries not seen before are matched to
   * the member's latest Mailchimp touch of the business synced before the entry (within
   * MAILCHIMP_ATTRIBUTION_DAYS) by subscriber hash; opens become touch_open rows, clicks
   * touch_click rows (at Mailchimp's time), hard bounces fail the touch. Entries of members we
   * never synced are remembered and dropped.
   */
  async recordActivity(businessId: string, rows: ActivityRow[]): Promise<{ opens: number; clicks: number; bounces: number }> {
    if (!rows.length) return { opens: 0, clicks: 0, bounces: 0 };
    const [r] = await this.ds.query(
      `WITH a AS (
         SELECT DISTINCT ON (key) * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[]) AS a(key, hash, action, at, url, bounce_type)
       ),
       fresh AS (
         INSERT INTO mailchimp_seen (business_id, key) SELECT DISTINCT $1::uuid, key FROM a ON CONFLICT DO NOTHING RETURNING key
       ),
       m AS (
         SELECT a.action, a.at, a.url, a.bounce_type, t.id AS touch_id, t.client_id
           FROM a JOIN fresh ON fresh.key = a.key
           CROSS JOIN LATERAL (
             SELECT id, client_id FROM touch
              WHERE business_id = $1 AND channel = 'mailchimp' AND provider_message_id = a.hash
                AND sent_at <= a.at AND sent_at > a.at - make_interval(days => $8)
              ORDER BY sent_at DESC, id DESC LIMIT 1) t
       ),
       o AS (
         INSERT INTO touch_open (business_id, touch_id, client_id, at)
         SELECT $1, touch_id, client_id, at FROM m WHERE action = 'open' RETURNING 1
       ),
       c AS (
         INSERT INTO touch_click (business_id, touch_id, client_id, url, at)
         SELECT $1, touch_id, client_id, coalesce(url, ''), at FROM m WHERE action = 'click' RETURNING 1
       ),
       b AS (
         UPDATE touch SET status = 'failed', failed_at = now(), error_code = 'invalid_address', error = 'Mailchimp reported a hard bounce'
          WHERE business_id = $1 AND id IN (SELECT touch_id FROM m WHERE action = 'bounce' AND bounce_type = 'hard') AND status IN ('sent', 'delivered')
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM o)::int AS opens, (SELECT count(*) FROM c)::int AS clicks, (SELECT count(*) FROM b)::int AS bounces`,
      [
        businessId,
        rows.map((x) => x.key),
        rows.map((x) => x.hash),
        rows.map((x) => x.action),
        rows.map((x) => x.at),
        rows.map((x) => x.url),
        rows.map((x) => x.bounceType),
        MAILCHIMP_ATTRIBUTION_DAYS,
      ],
    );
    return r;
  }
}
