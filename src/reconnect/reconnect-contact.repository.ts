import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { holdoutBucketSql } from '../campaigns';
import { OverdueClient, ReconnectChannel } from './reconnect.types';

export interface ClaimedContact {
  clientId: string;
  usualIntervalDays: number | null;
  holdout: boolean;
}

export interface DueFollowUp {
  businessId: string;
  batchId: string;
  clientId: string;
  serviceCategory: string;
  usualIntervalDays: number | null;
}

/**
 * An appointment in the category booked after the first message: a rebooking. Booked or attended
 * only (a booking cancelled again is no rebooking); the time it was made is booked_at, or when
 * the booking reached us when the source does not say.
 */
const REBOOKED = (rc: string, until: string) => `
  SELECT b.id, coalesce(b.booked_at, b.created_at) AS at, coalesce(p.price, 0) AS revenue
    FROM booking b LEFT JOIN product p ON p.id = b.product_id AND p.business_id = b.business_id
   WHERE b.business_id = ${rc}.business_id AND b.client_id = ${rc}.client_id AND b.kind = 'appointment'
     AND b.service_category = ${rc}.service_category AND b.state IN ('booked', 'attended')
     AND coalesce(b.booked_at, b.created_at) > ${rc}.first_sent_at AND coalesce(b.booked_at, b.created_at) <= ${until}`;

/** A package or special offer that includes a service of the category, bought after the first message. */
const PACKAGE_BOUGHT = (rc: string, until: string) => `
  SELECT s.id, s.sold_at AS at, s.amount AS revenue
    FROM sale s JOIN product p ON p.id = s.product_id AND p.business_id = s.business_id
   WHERE s.business_id = ${rc}.business_id AND s.client_id = ${rc}.client_id
     AND (p.kind = 'package' OR p.labels && ARRAY['package', 'special_offer', 'special-offer']::text[])
     AND (p.service_category = ${rc}.service_category OR ${rc}.service_category = ANY (p.labels))
     AND s.sold_at > ${rc}.first_sent_at AND s.sold_at <= ${until}`;

/** reconnect_batch and reconnect_contact: presses of the button, and one row per client reconnect. */
@Injectable()
export class ReconnectContactRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Closes reconnects whose window has ended: the client may be reconnected again. A success
   * does not close one early (a client who bought a package can still read as overdue; they
   * are not messaged again inside the window).
   */
  async closeEnded(businessId: string, now: Date): Promise<void> {
    await this.ds.query(
      `UPDATE reconnect_contact SET open = false
        WHERE business_id = $1 AND open AND first_sent_at + window_days * interval '1 day' < $2`,
      [businessId, now],
    );
  }

  async createBatch(businessId: string, category: string, channel: ReconnectChannel, overdue: number, createdBy: string | null, now: Date): Promise<string> {
    const [row] = await this.ds.query(
      `INSERT INTO reconnect_batch (business_id, service_category, channel, overdue, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
      [businessId, category, channel, overdue, createdBy, now],
    );
    return row.id;
  }

  /**
   * One open reconnect per client and category: a client already in one is left out (the unique
   * index settles two presses at once). The holdout is a hash of category and client, so a
   * client's arm is fixed for the category and reproducible.
   */
  async claim(businessId: string, batchId: string, category: string, clients: OverdueClient[], opts: { now: Date; windowDays: number; holdoutPercent: number }): Promise<ClaimedContact[]> {
    const rows: Array<{ clientId: string; usualIntervalDays: number | null; holdout: boolean }> = await this.ds.query(
      `INSERT INTO reconnect_contact (business_id, batch_id, client_id, service_category, usual_interval_days, state, first_sent_at, window_days)
       SELECT $1, $2, c.id, $3, o.days, CASE WHEN ${holdoutBucketSql(`('reconnect:' || $3)`, 'c.id')} < $6 * 100 THEN 'holdout' ELSE 'pending' END, $7, $8
         FROM unnest($4::bigint[], $5::int[]) AS o(client_id, days)
         JOIN client c ON c.id = o.client_id AND c.business_id = $1 AND c.deleted_at IS NULL
       ON CONFLICT (business_id, client_id, service_category) WHERE open DO NOTHING
       RETURNING client_id::text AS "clientId", usual_interval_days AS "usualIntervalDays", state = 'holdout' AS holdout`,
      [businessId, batchId, category, clients.map((c) => c.clientId), clients.map((c) => Math.round(c.usualIntervalDays)), opts.holdoutPercent, opts.now, opts.windowDays],
    );
    await this.ds.query(`UPDATE reconnect_batch SET already_open = overdue - $3 WHERE business_id = $1 AND id = $2`, [businessId, batchId, rows.length]);
    return rows;
  }

  /**
   * After the dispatch: a client with at least one message not held back is contacted (and gets
   * a follow-up date); one whose every message a guard stopped is skipped with the guard's reason
   * and leaves the open set (a later press may reach them once consent is given).
   */
  async settle(businessId: string, batchId: string, runIds: string[], followUpDays: number | null): Promise<void> {
    await this.ds.query(
      `WITH t AS (
         SELECT client_id, bool_or(status <> 'blocked') AS reached, min(blocked_reason) AS reason
           FROM touch WHERE business_id = $1 AND run_id = ANY($3::bigint[]) GROUP BY client_id
       )
       UPDATE reconnect_contact rc
          SET state = CASE WHEN t.reached THEN 'contacted' ELSE 'skipped' END,
              skipped_reason = CASE WHEN t.reached THEN NULL ELSE t.reason END,
              open = t.reached,
              follow_up_due_at = CASE WHEN t.reached AND $4::int IS NOT NULL THEN rc.first_sent_at + $4::int * interval '1 day' END
         FROM t
        WHERE rc.business_id = $1 AND rc.batch_id = $2 AND rc.state = 'pending' AND rc.client_id = t.client_id`,
      [businessId, batchId, runIds, followUpDays],
    );
    // no touch at all: the dispatch did not know the client (deleted meanwhile)
    await this.ds.query(`UPDATE reconnect_contact SET state = 'skipped', skipped_reason = 'client_not_found', open = false WHERE business_id = $1 AND batch_id = $2 AND state = 'pending'`, [
      businessId,
      batchId,
    ]);
  }

  async batch(businessId: string, id: string) {
    const [b] = await this.ds.query(
      `SELECT id::text AS id, service_category AS "serviceCategory", channel, overdue, already_open AS "alreadyOpen", created_by AS "createdBy", created_at AS "createdAt"
         FROM reconnect_batch WHERE business_id = $1 AND id = $2`,
      [businessId, id],
    );
    if (!b) return undefined;
    const rows: Array<{ state: string; reason: string | null; followUp: string | null; n: number }> = await this.ds.query(
      `SELECT state, skipped_reason AS reason, follow_up_outcome AS "followUp", count(*)::int AS n
         FROM reconnect_contact WHERE business_id = $1 AND batch_id = $2 GROUP BY 1, 2, 3`,
      [businessId, id],
    );
    const skipped: Record<string, number> = {};
    let sent = 0;
    let holdout = 0;
    let followUpsSent = 0;
    let followUpsNotNeeded = 0;
    for (const r of rows) {
      if (r.state === 'contacted') sent += r.n;
      if (r.state === 'holdout') holdout += r.n;
      if (r.state === 'skipped') skipped[r.reason ?? 'unknown'] = (skipped[r.reason ?? 'unknown'] ?? 0) + r.n;
      if (r.followUp === 'sent') followUpsSent += r.n;
      if (r.followUp === 'booked') followUpsNotNeeded += r.n;
    }
    const skippedTotal = Object.values(skipped).reduce((a, n) => a + n, 0);
    return { ...b, sent, holdout, skipped: skippedTotal, skippedByReason: skipped, followUps: { sent: followUpsSent, notNeeded: followUpsNotNeeded } };
  }

  /**
   * Claims the follow-ups due by `now` (set once, so never a third message) and says, per client,
   * whether they booked in the category since the first message (then no follow-up is sent).
   */
  async claimDueFollowUps(now: Date, limit: number): Promise<Array<DueFollowUp & { booked: boolean }>> {
    // an UPDATE answers [rows, count]
    const [rows] = await this.ds.query(
      `WITH due AS (
         SELECT rc.id, EXISTS (${REBOOKED('rc', '$1')}) AS booked
           FROM reconnect_contact rc
          WHERE rc.follow_up_at IS NULL AND rc.follow_up_due_at <= $1 AND rc.state = 'contacted'
          ORDER BY rc.follow_up_due_at LIMIT $2
          FOR UPDATE OF rc SKIP LOCKED
       )
       UPDATE reconnect_contact rc SET follow_up_at = $1, follow_up_outcome = CASE WHEN due.booked THEN 'booked' ELSE 'sent' END
         FROM due WHERE rc.id = due.id
       RETURNING rc.business_id AS "businessId", rc.batch_id::text AS "batchId", rc.client_id::text AS "clientId", rc.service_category AS "serviceCategory",
                 rc.usual_interval_days AS "usualIntervalDays", due.booked`,
      [now, limit],
    );
    return rows;
  }

  /**
   * Judges every undecided reconnect of the business in one statement: the earliest rebooking or
   * package in the window after the FIRST message (the row holds that time; a follow-up or a
   * second press never moves it), counted once.
   */
  async judge(businessId: string): Promise<number> {
    const until = `rc.first_sent_at + rc.window_days * interval '1 day'`;
    const [, n] = await this.ds.query(
      `UPDATE reconnect_contact t SET success_at = w.at, success_kind = w.kind, success_ref = w.id, revenue = w.revenue
         FROM (
           SELECT rc.id AS contact_id, x.*
             FROM reconnect_contact rc
             CROSS JOIN LATERAL (
               SELECT * FROM (
                 SELECT r.id, r.at, r.revenue, 'booking' AS kind FROM (${REBOOKED('rc', until)}) r
                 UNION ALL
                 SELECT s.id, s.at, s.revenue, 'package' AS kind FROM (${PACKAGE_BOUGHT('rc', until)}) s
               ) c ORDER BY c.at, c.kind, c.id LIMIT 1
             ) x
            WHERE rc.business_id = $1 AND rc.success_at IS NULL AND rc.state IN ('contacted', 'holdout')
         ) w
        WHERE t.id = w.contact_id`,
      [businessId],
    );
    return n;
  }

  /** Businesses with reconnects still undecided inside their window (the scheduled judging pass). */
  async businessesToJudge(now: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT DISTINCT business_id AS id FROM reconnect_contact
        WHERE success_at IS NULL AND state IN ('contacted', 'holdout') AND first_sent_at + window_days * interval '1 day' > $1 - interval '1 day'`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  /** Per category: contacted and control arms, reconnected in each, revenue of the contacted arm's rebookings. */
  async report(businessId: string): Promise<
    Array<{
      serviceCategory: string;
      contacted: number;
      reconnected: number;
      revenue: number;
      control: number;
      controlReconnected: number;
      openWindows: number;
      delivered: number;
      clicked: number;
      smsDelivered: number;
      replied: number;
    }>
  > {
    // engagement as the follow-up reports count it (docs/follow-up.md "Engagement"): the messages
    // of contacted reconnects, clicked (a click row of this business) or answered by SMS within
    // the reconnect's window
    return this.ds.query(
      `WITH r AS (
         SELECT service_category,
                count(*) FILTER (WHERE state = 'contacted')::int AS contacted,
                count(*) FILTER (WHERE state = 'contacted' AND success_at IS NOT NULL)::int AS reconnected,
                coalesce(sum(revenue) FILTER (WHERE state = 'contacted'), 0)::float8 AS revenue,
                count(*) FILTER (WHERE state = 'holdout')::int AS control,
                count(*) FILTER (WHERE state = 'holdout' AND success_at IS NOT NULL)::int AS control_reconnected,
                count(*) FILTER (WHERE state IN ('contacted', 'holdout') AND success_at IS NULL AND first_sent_at + window_days * interval '1 day' > now())::int AS open_windows
           FROM reconnect_contact WHERE business_id = $1 AND state IN ('contacted', 'holdout')
          GROUP BY 1
       ),
       e AS (
         SELECT rc.service_category,
                count(*) FILTER (WHERE d.delivered AND t.channel IN ('email', 'sms', 'mailchimp'))::int AS delivered,
                count(*) FILTER (WHERE d.delivered AND t.channel IN ('email', 'sms', 'mailchimp')
                                   AND EXISTS (SELECT 1 FROM touch_click tc WHERE tc.business_id = $1 AND tc.touch_id = t.id))::int AS clicked,
                count(*) FILTER (WHERE d.delivered AND t.channel = 'sms')::int AS sms_delivered,
                count(*) FILTER (WHERE d.delivered AND t.channel = 'sms' AND t.replied_at >= t.sent_at
                                   AND t.replied_at <= t.sent_at + make_interval(days => rc.window_days))::int AS replied
           FROM reconnect_contact rc
           JOIN touch t ON t.business_id = $1 AND t.client_id = rc.client_id AND t.origin LIKE 'reconnect:' || rc.batch_id || ':%'
           CROSS JOIN LATERAL (SELECT t.delivered_at IS NOT NULL OR t.status IN ('delivered', 'opened', 'clicked', 'replied')
                                      OR (t.channel IN ('email', 'mailchimp') AND t.sent_at IS NOT NULL AND t.status NOT IN ('failed', 'blocked')) AS delivered) d
          WHERE rc.business_id = $1 AND rc.state = 'contacted'
          GROUP BY 1
       )
       SELECT r.service_category AS "serviceCategory", r.contacted, r.reconnected, r.revenue, r.control, r.control_reconnected AS "controlReconnected",
              r.open_windows AS "openWindows", COALESCE(e.delivered, 0) AS delivered, COALESCE(e.clicked, 0) AS clicked,
              COALESCE(e.sms_delivered, 0) AS "smsDelivered", COALESCE(e.replied, 0) AS replied
         FROM r LEFT JOIN e USING (service_category)
        ORDER BY 1`,
      [businessId],
    );
  }
}
