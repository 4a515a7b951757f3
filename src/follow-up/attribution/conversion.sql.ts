import { GoalKind } from '../../campaigns';
import { activeSubscriptionSql } from '../../clients';
import { monthlyCostSql } from '../../segments';
import { firstEventSql } from './goal-events.sql';

// One statement per business and goal kind (docs/follow-up.md "How it is computed"):
//   $1 business id, $2 goal kind, $3 now, $4 cutoff.
// Exposures (campaign recipients, automation enrollments; both arms) and touches (messages
// sent and not failed, staff tasks completed by a person) of every campaign / automation whose
// goal is $2 are judged when their window ends after the cutoff (open, or closed since the last
// pass minus a grace period for late data). Converted rows are upserted only when something
// differs, conversions that no longer hold are deleted: a repeat pass writes nothing.
//
// Credit: the touches one goal event converted (each touch converts on the first goal event
// after it) share that event; the latest of them gets last-touch credit, the earliest
// first-touch credit. Every touch that could share an event with a rewritten one is ranked (the
// "universe": windows ending after cutoff - the longest window), so a touch whose own window
// closed long ago still takes the credit it is due.

const WINDOW = (alias: string) => `
  (${alias}.at AT TIME ZONE b.tz)::date AS day,
  (${alias}.at AT TIME ZONE b.tz)::date + ${alias}.days AS end_day,
  (((${alias}.at AT TIME ZONE b.tz)::date + ${alias}.days + 1)::timestamp AT TIME ZONE b.tz) AS ends_at,
  b.tz`;

// staff task origins are the step origins: 'campaign:<id>:step:<key>' and
// 'automation:<id>:step:<key>[:v<rev>][:r<entry>]'
const TASK_SOURCE_ID = `substring(k.origin from '^(?:campaign|automation):([0-9]{1,18}):step:')::bigint`;
const TASK_STEP_KEY = `substring(k.origin from '^(?:campaign|automation):[0-9]+:step:([^:]+)')`;
// later runs of a client through an automation end in ':r<entry>' (automation.types.ts stepOrigin)
const ENTRY_NO = (origin: string) => `COALESCE(substring(${origin} from ':r([0-9]+)$')::int, 1)`;

export function conversionSql(kind: GoalKind): string {
  return `
WITH b AS (SELECT bz.timezone AS tz FROM business bz WHERE bz.id = $1),
srcall AS (
  SELECT 'campaign'::text AS kind, c.id AS source_id, LEAST(GREATEST(COALESCE((c.goal ->> 'withinDays')::int, 14), 1), 365) AS days,
         c.recipients_selected_at AS selected_at
    FROM campaign c
   WHERE c.business_id = $1 AND COALESCE(c.goal ->> 'kind', 'visit') = $2 AND c.recipients_selected_at IS NOT NULL
  UNION ALL
  SELECT 'automation', a.id, LEAST(GREATEST(COALESCE((a.goal ->> 'withinDays')::int, 14), 1), 365), NULL
    FROM automation a
   WHERE a.business_id = $1 AND COALESCE(a.goal ->> 'kind', 'visit') = $2
),
mx AS (SELECT COALESCE(max(days), 0) AS days FROM srcall),
-- a campaign's touches go out within 30 days of its selection (step delays) plus a quiet-hours
-- deferral, so older campaigns have no touch in the universe and no exposure in scope
src AS (
  SELECT s.*, (s.selected_at IS NULL OR s.selected_at > $4::timestamptz - make_interval(days => s.days + 2)) AS exposures_open
    FROM srcall s CROSS JOIN mx
   WHERE s.selected_at IS NULL OR s.selected_at > $4::timestamptz - make_interval(days => s.days + mx.days + 34)
),
x AS (
  SELECT s.kind, s.source_id, r.client_id AS exposure_id, r.client_id, r.holdout, r.selected_at AS at, s.days
    FROM src s JOIN campaign_recipient r ON r.campaign_id = s.source_id
   WHERE s.kind = 'campaign' AND s.exposures_open AND r.business_id = $1
  UNION ALL
  SELECT s.kind, s.source_id, e.id, e.client_id, e.holdout, e.enrolled_at, s.days
    FROM src s JOIN automation_enrollment e ON e.automation_id = s.source_id
   WHERE s.kind = 'automation' AND e.business_id = $1 AND e.enrolled_at > $4::timestamptz - make_interval(days => s.days + 2)
),
xs AS (
  SELECT x.*, ${WINDOW('x')} FROM x CROSS JOIN b
),
xscope AS (SELECT * FROM xs WHERE xs.ends_at > $4::timestamptz AND xs.at <= $3::timestamptz),
-- every exposure in scope, with its first goal event (null: not converted)
xj AS (
  SELECT xw.kind, xw.source_id, xw.exposure_id, xw.client_id, xw.holdout, xw.at, ev.event_id,
         ev.event_at AS converted_at, ev.event_day - xw.day AS days_to_return,
         CASE WHEN ev.event_id IS NOT NULL THEN
           (SELECT COALESCE(sum(${monthlyCostSql('s')}), 0) FROM subscription s
             WHERE s.client_id = xw.client_id AND ${activeSubscriptionSql('s', 'ev.event_day')})::bigint
         END AS monthly_revenue
    FROM xscope xw LEFT JOIN LATERAL (${firstEventSql(kind, 'xw')}) ev ON true
),
xc AS (SELECT * FROM xj WHERE event_id IS NOT NULL),
tu AS (
  SELECT 'touch'::text AS item_kind, t.id AS item_id, s.kind, s.source_id, t.client_id AS exposure_id, t.step_key, t.channel, t.variant, t.client_id,
         t.sent_at AS at, s.days, t.status <> 'failed' AS reached
    FROM src s CROSS JOIN mx JOIN touch t ON t.campaign_id = s.source_id
   WHERE s.kind = 'campaign' AND t.business_id = $1 AND t.sent_at IS NOT NULL
     AND t.sent_at > $4::timestamptz - make_interval(days => s.days + mx.days + 2)
  UNION ALL
  SELECT 'touch', t.id, s.kind, s.source_id, e.id, t.step_key, t.channel, t.variant, t.client_id, t.sent_at, s.days, t.status <> 'failed'
    FROM src s CROSS JOIN mx JOIN touch t ON t.automation_id = s.source_id
    LEFT JOIN automation_enrollment e ON e.automation_id = t.automation_id AND e.client_id = t.client_id AND e.entry_no = ${ENTRY_NO('t.origin')}
   WHERE s.kind = 'automation' AND t.business_id = $1 AND t.sent_at IS NOT NULL
     AND t.sent_at > $4::timestamptz - make_interval(days => s.days + mx.days + 2)
  UNION ALL
  -- a staff task is a touch once a person completed it (the contact happened then); tasks that
  -- closed because the client came back on their own, and "at the door" alerts (raised by the
  -- visit itself), never take credit
  SELECT 'task', k.id, s.kind, s.source_id, CASE WHEN s.kind = 'campaign' THEN k.client_id ELSE e.id END, ${TASK_STEP_KEY}, 'staff_task', NULL,
         k.client_id, k.completed_at, s.days, true
    FROM staff_task k CROSS JOIN mx
    JOIN src s ON s.kind = split_part(k.origin, ':', 1) AND s.source_id = ${TASK_SOURCE_ID}
    LEFT JOIN automation_enrollment e ON s.kind = 'automation' AND e.automation_id = s.source_id AND e.client_id = k.client_id
          AND e.entry_no = ${ENTRY_NO('k.origin')}
   WHERE k.business_id = $1 AND k.created_by IN ('campaign', 'automation') AND k.state = 'done' AND k.outcome <> 'returned_on_own'
     AND k.completed_at > $4::timestamptz - interval '732 days'
     AND k.completed_at > $4::timestamptz - make_interval(days => s.days + mx.days + 2)
     AND NOT EXISTS (SELECT 1 FROM automation_door_alert da WHERE da.task_id = k.id AND da.business_id = $1)
),
tw AS (
  SELECT tu.*, ${WINDOW('tu')} FROM tu CROSS JOIN b
),
-- every touch of the universe, with its first goal event (null: not converted, or never reached the client)
tj AS (
  SELECT tw.item_kind, tw.item_id, tw.kind, tw.source_id, tw.exposure_id, tw.step_key, tw.channel, tw.variant, tw.client_id, tw.at, tw.ends_at,
         ev.event_id, ev.event_at AS converted_at, ev.event_day - tw.day AS days_to_return
    FROM tw LEFT JOIN LATERAL (${firstEventSql(kind, 'tw')}) ev ON tw.reached
),
credit AS (
  SELECT tj.*,
         row_number() OVER (PARTITION BY tj.client_id, tj.event_id ORDER BY tj.at DESC, tj.item_kind DESC, tj.item_id DESC) = 1 AS credited_last,
         row_number() OVER (PARTITION BY tj.client_id, tj.event_id ORDER BY tj.at, tj.item_kind, tj.item_id) = 1 AS credited_first
    FROM tj WHERE tj.event_id IS NOT NULL
),
tscope AS (SELECT * FROM tj WHERE tj.ends_at > $4::timestamptz),
tcs AS (SELECT * FROM credit WHERE credit.ends_at > $4::timestamptz),
ux AS (
  INSERT INTO exposure_conversion AS ec
         (business_id, source_kind, source_id, exposure_id, client_id, holdout, goal_kind, exposed_at, event_id, converted_at, days_to_return, monthly_revenue, computed_at)
  SELECT $1, kind, source_id, exposure_id, client_id, holdout, $2, at, event_id, converted_at, days_to_return, monthly_revenue, $3 FROM xc
  ON CONFLICT (business_id, source_kind, source_id, exposure_id) DO UPDATE SET
         client_id = EXCLUDED.client_id, holdout = EXCLUDED.holdout, goal_kind = EXCLUDED.goal_kind, exposed_at = EXCLUDED.exposed_at,
         event_id = EXCLUDED.event_id, converted_at = EXCLUDED.converted_at, days_to_return = EXCLUDED.days_to_return,
         monthly_revenue = EXCLUDED.monthly_revenue, computed_at = EXCLUDED.computed_at
   WHERE (ec.client_id, ec.holdout, ec.goal_kind, ec.exposed_at, ec.event_id, ec.converted_at, ec.days_to_return, ec.monthly_revenue)
         IS DISTINCT FROM (EXCLUDED.client_id, EXCLUDED.holdout, EXCLUDED.goal_kind, EXCLUDED.exposed_at, EXCLUDED.event_id, EXCLUDED.converted_at,
                           EXCLUDED.days_to_return, EXCLUDED.monthly_revenue)
  RETURNING 1
),
dx AS (
  DELETE FROM exposure_conversion ec
   WHERE ec.business_id = $1
     AND (ec.source_kind, ec.source_id, ec.exposure_id) IN (SELECT xj.kind, xj.source_id, xj.exposure_id FROM xj WHERE xj.event_id IS NULL)
  RETURNING 1
),
ut AS (
  INSERT INTO touch_conversion AS tcv
         (business_id, item_kind, item_id, source_kind, source_id, exposure_id, step_key, channel, variant, client_id, goal_kind, touched_at, event_id,
          converted_at, days_to_return, credited_last, credited_first, computed_at)
  SELECT $1, item_kind, item_id, kind, source_id, exposure_id, step_key, channel, variant, client_id, $2, at, event_id, converted_at, days_to_return,
         credited_last, credited_first, $3
    FROM tcs
  ON CONFLICT (business_id, item_kind, item_id) DO UPDATE SET
         source_kind = EXCLUDED.source_kind, source_id = EXCLUDED.source_id, exposure_id = EXCLUDED.exposure_id, step_key = EXCLUDED.step_key, channel = EXCLUDED.channel,
         variant = EXCLUDED.variant, client_id = EXCLUDED.client_id, goal_kind = EXCLUDED.goal_kind, touched_at = EXCLUDED.touched_at,
         event_id = EXCLUDED.event_id, converted_at = EXCLUDED.converted_at, days_to_return = EXCLUDED.days_to_return,
         credited_last = EXCLUDED.credited_last, credited_first = EXCLUDED.credited_first, computed_at = EXCLUDED.computed_at
   WHERE (tcv.source_kind, tcv.source_id, tcv.exposure_id, tcv.step_key, tcv.channel, tcv.variant, tcv.client_id, tcv.goal_kind, tcv.touched_at, tcv.event_id,
          tcv.converted_at, tcv.days_to_return, tcv.credited_last, tcv.credited_first)
         IS DISTINCT FROM (EXCLUDED.source_kind, EXCLUDED.source_id, EXCLUDED.exposure_id, EXCLUDED.step_key, EXCLUDED.channel, EXCLUDED.variant, EXCLUDED.client_id,
                           EXCLUDED.goal_kind, EXCLUDED.touched_at, EXCLUDED.event_id, EXCLUDED.converted_at, EXCLUDED.days_to_return,
                           EXCLUDED.credited_last, EXCLUDED.credited_first)
  RETURNING 1
),
dt AS (
  DELETE FROM touch_conversion tcv
   WHERE tcv.business_id = $1
     AND (tcv.item_kind, tcv.item_id) IN (SELECT tscope.item_kind, tscope.item_id FROM tscope WHERE tscope.event_id IS NULL)
  RETURNING 1
)
SELECT (SELECT count(*) FROM xscope)::int AS exposures,
       (SELECT count(*) FROM xc)::int AS "convertedExposures",
       (SELECT count(*) FROM tscope)::int AS touches,
       (SELECT count(*) FROM tcs)::int AS "convertedTouches",
       ((SELECT count(*) FROM ux) + (SELECT count(*) FROM dx) + (SELECT count(*) FROM ut) + (SELECT count(*) FROM dt))::int AS written`;
}
