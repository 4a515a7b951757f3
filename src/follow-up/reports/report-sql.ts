import { SourceKind } from '../follow-up.types';

// SQL pieces the source report and the actions ranking share (docs/follow-up.md "Reports").

/**
 * The exposures of sources (both arms): campaign recipients (exposure id = client id) and
 * automation enrollments (exposure id = enrollment id). `where` filters on r (recipients) or
 * e (enrollments) with the caller's parameters; $1 is the business id.
 */
export function exposuresSql(kind: SourceKind, where: string): string {
  return kind === 'campaign'
    ? `SELECT 'campaign'::text AS kind, r.campaign_id AS source_id, r.client_id AS exposure_id, r.client_id, r.holdout, r.selected_at AS at
         FROM campaign_recipient r WHERE r.business_id = $1 AND ${where}`
    : `SELECT 'automation'::text AS kind, e.automation_id AS source_id, e.id AS exposure_id, e.client_id, e.holdout, e.enrolled_at AS at
         FROM automation_enrollment e WHERE e.business_id = $1 AND ${where}`;
}

// automation origins end in ':r<entry>' for a client's second and later runs (automation.types.ts)
const ENTRY_NO = (origin: string) => `COALESCE(substring(${origin} from ':r([0-9]+)$')::int, 1)`;
const STEP_KEY = (origin: string) => `substring(${origin} from '^(?:campaign|automation):[0-9]+:step:([^:]+)')`;

/**
 * The items of sources, each with the exposure it belongs to: touches (messages) and staff tasks
 * raised by task steps. Status flags: sent (reached out), delivered (the provider or the staff
 * member confirmed contact), failed, blocked (a guard stopped it), pending (not done yet).
 * `where` filters on t (touch) and k (staff_task) through the given column names.
 */
export function itemsSql(kind: SourceKind, touchWhere: string, taskWhere: string): string {
  const exposure =
    kind === 'campaign'
      ? { touch: `t.client_id`, task: `k.client_id`, touchJoin: '', taskJoin: '' }
      : {
          touch: `e.id`,
          task: `e.id`,
          touchJoin: `JOIN automation_enrollment e ON e.automation_id = t.automation_id AND e.client_id = t.client_id AND e.entry_no = ${ENTRY_NO('t.origin')}`,
          taskJoin: `JOIN automation_enrollment e ON e.automation_id = ${sourceIdOf('k.origin')} AND e.client_id = k.client_id AND e.entry_no = ${ENTRY_NO('k.origin')}`,
        };
  const sourceColumn = kind === 'campaign' ? 't.campaign_id' : 't.automation_id';
  return `
    SELECT '${kind}'::text AS kind, ${sourceColumn} AS source_id, 'touch'::text AS item_kind, t.id AS item_id, ${exposure.touch} AS exposure_id,
           t.step_key, t.channel, t.variant,
           t.sent_at IS NOT NULL AS sent,
           (t.delivered_at IS NOT NULL OR t.status IN ('delivered', 'opened', 'clicked', 'replied')) AS delivered,
           t.status = 'failed' AS failed, t.status = 'blocked' AS blocked, t.status IN ('queued', 'deferred', 'sending') AS pending,
           ${ENGAGEMENT_COLUMNS}
      FROM touch t ${exposure.touchJoin}
     WHERE t.business_id = $1 AND ${touchWhere}
    UNION ALL
    SELECT '${kind}', ${sourceIdOf('k.origin')}, 'task', k.id, ${exposure.task}, ${STEP_KEY('k.origin')}, 'staff_task', NULL,
           k.state = 'done' AND k.outcome <> 'returned_on_own',
           k.state = 'done' AND k.outcome IN ('reached', 'left_message', 'booked_visit', 'not_interested'),
           k.state = 'dismissed' OR k.outcome = 'no_answer', false, k.state = 'open',
           false, false, false, NULL::timestamptz, false, false, NULL::timestamptz
      FROM staff_task k ${exposure.taskJoin}
     WHERE k.business_id = $1 AND k.created_by = '${kind}' AND ${taskWhere}`;
}

/** Channels whose messages carry tracked links (Mailchimp reports its own clicks through its webhook). */
export const LINK_CHANNELS = ['email', 'sms', 'mailchimp'] as const;
// Email has no delivery receipts: for engagement an email counts as delivered once sent and not
// failed (bounced); SMS and push need the provider's confirmation, as touches.delivered does.
const DELIVERED = `(t.delivered_at IS NOT NULL OR t.status IN ('delivered', 'opened', 'clicked', 'replied')
             OR (t.channel IN ('email', 'mailchimp') AND t.sent_at IS NOT NULL AND t.status NOT IN ('failed', 'blocked')))`;

/**
 * What came back from a touch (docs/follow-up.md "Engagement"), one flag per touch:
 * link_delivered (delivered through a channel with links), clicked (and its member clicked at
 * least one of its links; a click row of another business never counts), sms_delivered,
 * replied_at (the member's SMS reply the webhook matched to this touch, not before the send),
 * mail_delivered, opened (an open reported by the pixel or Mailchimp). The caller limits
 * replies to its window. $1 is the business id.
 */
const ENGAGEMENT_COLUMNS = `${DELIVERED} AND t.channel IN (${LINK_CHANNELS.map((c) => `'${c}'`).join(', ')}) AS link_delivered,
           ${DELIVERED} AND t.channel IN (${LINK_CHANNELS.map((c) => `'${c}'`).join(', ')})
             AND EXISTS (SELECT 1 FROM touch_click tc WHERE tc.business_id = $1 AND tc.touch_id = t.id) AS clicked,
           ${DELIVERED} AND t.channel = 'sms' AS sms_delivered,
           CASE WHEN ${DELIVERED} AND t.channel = 'sms' AND t.replied_at >= t.sent_at THEN t.replied_at END AS replied_at,
           ${DELIVERED} AND t.channel IN ('email', 'mailchimp') AS mail_delivered,
           ${DELIVERED} AND t.channel IN ('email', 'mailchimp')
             AND EXISTS (SELECT 1 FROM touch_open tp WHERE tp.business_id = $1 AND tp.touch_id = t.id) AS opened,
           t.sent_at`;

/**
 * The engagement counts of a group of items `it` (aliased): replies count when they came within
 * `windowDays` days of the send (the goal's window, the report window) and not after `now`.
 */
export function engagementCountsSql(it: string, windowDays: string, now: string): string {
  return `count(*) FILTER (WHERE ${it}.link_delivered)::int AS link_delivered, count(*) FILTER (WHERE ${it}.clicked)::int AS clicked,
         count(*) FILTER (WHERE ${it}.sms_delivered)::int AS sms_delivered,
         count(*) FILTER (WHERE ${it}.replied_at IS NOT NULL AND ${it}.replied_at <= ${now}
                            AND ${it}.replied_at <= ${it}.sent_at + make_interval(days => ${windowDays}))::int AS replied,
         count(*) FILTER (WHERE ${it}.mail_delivered)::int AS mail_delivered, count(*) FILTER (WHERE ${it}.opened)::int AS opened`;
}

/** json_build_object arguments of engagementCountsSql's columns, from alias `i`. */
export const ENGAGEMENT_JSON = `'linkDelivered', i.link_delivered, 'clicked', i.clicked, 'smsDelivered', i.sms_delivered, 'replied', i.replied,
          'mailDelivered', i.mail_delivered, 'opened', i.opened`;

const sourceIdOf = (origin: string) => `substring(${origin} from '^(?:campaign|automation):([0-9]{1,18}):step:')::bigint`;
