// What the follow-up ranking (src/follow-up, docs/follow-up.md) reads of reconnect: one row per
// category and arm over reconnects first messaged in a range, the same numbers as
// GET /api/v1/reconnect/report (contacted = at least one message went; control = the holdout),
// and the touches of those reconnects' messages. The success is judged by reconnect itself
// (ReconnectContactRepository.judge, on its tick and on every report read).

/** $1 business, $2 first instant, $3 end instant (exclusive), $4 now. */
export const RECONNECT_RANKING_SQL = `
WITH rc AS (
  SELECT c.*, b.channel AS batch_channel
    FROM reconnect_contact c JOIN reconnect_batch b ON b.id = c.batch_id AND b.business_id = c.business_id
   WHERE c.business_id = $1 AND c.state IN ('contacted', 'holdout') AND c.first_sent_at >= $2 AND c.first_sent_at < $3
),
arms AS (
  SELECT service_category, state = 'holdout' AS holdout, count(*)::int AS n, count(success_at)::int AS converted,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM success_at - first_sent_at) / 86400) FILTER (WHERE success_at IS NOT NULL) AS median_days,
         coalesce(sum(revenue), 0)::float8 AS revenue,
         count(*) FILTER (WHERE success_at IS NULL AND first_sent_at + window_days * interval '1 day' > $4)::int AS open,
         array_agg(DISTINCT batch_channel) AS channels, max(window_days)::int AS window_days
    FROM rc GROUP BY 1, 2
),
items AS (
  SELECT rc.service_category, t.channel, count(*)::int AS total, count(*) FILTER (WHERE t.sent_at IS NOT NULL)::int AS sent,
         count(*) FILTER (WHERE t.delivered_at IS NOT NULL OR t.status IN ('delivered', 'opened', 'clicked', 'replied'))::int AS delivered,
         count(*) FILTER (WHERE t.status = 'failed')::int AS failed, count(*) FILTER (WHERE t.status = 'blocked')::int AS blocked,
         count(*) FILTER (WHERE t.status IN ('queued', 'deferred', 'sending'))::int AS pending,
         -- engagement (docs/follow-up.md "Engagement"): as the campaign and automation reports count it
         count(*) FILTER (WHERE d.delivered AND t.channel IN ('email', 'sms', 'mailchimp'))::int AS link_delivered,
         count(*) FILTER (WHERE d.delivered AND t.channel IN ('email', 'sms', 'mailchimp')
                            AND EXISTS (SELECT 1 FROM touch_click tc WHERE tc.business_id = $1 AND tc.touch_id = t.id))::int AS clicked,
         count(*) FILTER (WHERE d.delivered AND t.channel = 'sms')::int AS sms_delivered,
         count(*) FILTER (WHERE d.delivered AND t.channel = 'sms' AND t.replied_at >= t.sent_at AND t.replied_at <= $4
                            AND t.replied_at <= t.sent_at + make_interval(days => rc.window_days))::int AS replied,
         count(*) FILTER (WHERE d.delivered AND t.channel IN ('email', 'mailchimp'))::int AS mail_delivered,
         count(*) FILTER (WHERE d.delivered AND t.channel IN ('email', 'mailchimp')
                            AND EXISTS (SELECT 1 FROM touch_open tp WHERE tp.business_id = $1 AND tp.touch_id = t.id))::int AS opened
    FROM rc JOIN touch t ON t.business_id = $1 AND t.client_id = rc.client_id AND t.origin LIKE 'reconnect:' || rc.batch_id || ':%'
    CROSS JOIN LATERAL (SELECT t.delivered_at IS NOT NULL OR t.status IN ('delivered', 'opened', 'clicked', 'replied')
                               OR (t.channel IN ('email', 'mailchimp') AND t.sent_at IS NOT NULL AND t.status NOT IN ('failed', 'blocked')) AS delivered) d
   WHERE rc.state = 'contacted'
   GROUP BY 1, 2
)
SELECT
  (SELECT coalesce(json_agg(json_build_object('category', service_category, 'holdout', holdout, 'n', n, 'converted', converted, 'medianDays', median_days,
          'revenue', revenue, 'open', open, 'channels', channels, 'windowDays', window_days)), '[]') FROM arms) AS arms,
  (SELECT coalesce(json_agg(json_build_object('category', service_category, 'channel', channel, 'total', total, 'sent', sent, 'delivered', delivered,
          'failed', failed, 'blocked', blocked, 'pending', pending, 'linkDelivered', link_delivered, 'clicked', clicked, 'smsDelivered', sms_delivered,
          'replied', replied, 'mailDelivered', mail_delivered, 'opened', opened)), '[]') FROM items) AS items`;

export interface ReconnectRankingArm {
  category: string;
  holdout: boolean;
  n: number;
  converted: number;
  medianDays: number | null;
  revenue: number;
  open: number;
  channels: Array<'sms' | 'email' | 'both'>;
  windowDays: number;
}

export interface ReconnectRankingItems {
  category: string;
  channel: string;
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  blocked: number;
  pending: number;
  linkDelivered: number;
  clicked: number;
  smsDelivered: number;
  replied: number;
  mailDelivered: number;
  opened: number;
}
