import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ArmCounts, ItemCounts, ReportStep, SourceKind } from '../follow-up.types';
import { ENGAGEMENT_JSON, engagementCountsSql, exposuresSql, itemsSql } from './report-sql';

export interface SourceRow {
  kind: SourceKind;
  id: string;
  name: string;
  /** campaign: its state; automation: enabled / paused / archived */
  state: string;
  goal: { kind: string; withinDays: number };
  holdoutPercent: number;
  steps: ReportStep[];
  createdAt: Date;
}

/** Counts of one group of exposures (the whole source, a step, a channel, a step's variant), per arm. */
export interface ArmRow extends ArmCounts {
  grp: 'all' | 'step' | 'channel' | 'variant';
  stepKey: string;
  channel: string;
  variant: string;
  holdout: boolean;
}

export interface ItemRow extends ItemCounts {
  stepKey: string;
  variant: string;
}

// $1 business, $2 source id, $3 source kind, $4 now, $5 action step keys, $6 their channels,
// $7 the goal's window in days. Groups: 'all' (every exposure), 'step' (exposures that reached
// the step: every recipient for a campaign, the automation's step log for an automation, holdout
// runs included), 'channel' (reached a step on it), 'variant' (the variant of the step's touch;
// contacted only). Empty strings stand for "not this dimension" so USING joins match.
function reportSql(kind: SourceKind): string {
  const reached =
    kind === 'campaign'
      ? `SELECT xc.exposure_id, st.step_key FROM xc CROSS JOIN st`
      : `SELECT DISTINCT l.enrollment_id AS exposure_id, l.step_key FROM automation_step_log l JOIN st ON st.step_key = l.step_key
          WHERE l.business_id = $1 AND l.automation_id = $2`;
  const sourceFilter = kind === 'campaign' ? 'r.campaign_id = $2' : 'e.automation_id = $2';
  const touchFilter = kind === 'campaign' ? 't.campaign_id = $2' : 't.automation_id = $2';
  const taskFilter = `k.origin LIKE '${kind}:' || $2::text || ':step:%'`;
  return `
WITH b AS (SELECT bz.timezone AS tz FROM business bz WHERE bz.id = $1),
x AS (${exposuresSql(kind, sourceFilter)}),
xc AS (
  SELECT x.exposure_id, x.client_id, x.holdout, ec.exposure_id IS NOT NULL AS converted, ec.days_to_return AS days,
         COALESCE(ec.monthly_revenue, 0) AS revenue,
         (((x.at AT TIME ZONE b.tz)::date + $7::int + 1)::timestamp AT TIME ZONE b.tz) > $4::timestamptz AS open
    FROM x CROSS JOIN b
    LEFT JOIN exposure_conversion ec ON ec.business_id = $1 AND ec.source_kind = $3 AND ec.source_id = $2 AND ec.exposure_id = x.exposure_id
),
st AS (SELECT * FROM unnest($5::text[], $6::text[]) AS st(step_key, channel)),
xs AS (${reached}),
it AS (${itemsSql(kind, touchFilter, taskFilter)}),
xv AS (SELECT DISTINCT it.exposure_id, it.step_key, it.variant FROM it WHERE it.item_kind = 'touch' AND it.variant IS NOT NULL),
g AS (
  SELECT 'all'::text AS grp, ''::text AS step_key, ''::text AS channel, ''::text AS variant, xc.* FROM xc
  UNION ALL
  SELECT 'step', xs.step_key, '', '', xc.* FROM xs JOIN xc USING (exposure_id)
  UNION ALL
  SELECT 'channel', '', c.channel, '', xc.* FROM (SELECT DISTINCT xs.exposure_id, st.channel FROM xs JOIN st USING (step_key)) c JOIN xc USING (exposure_id)
  UNION ALL
  SELECT 'variant', xv.step_key, '', xv.variant, xc.* FROM xv JOIN xc USING (exposure_id)
),
arms AS (
  SELECT grp, step_key, channel, variant, holdout, count(*)::int AS n, count(*) FILTER (WHERE converted)::int AS converted,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE converted) AS median_days,
         count(*) FILTER (WHERE open)::int AS open
    FROM g GROUP BY 1, 2, 3, 4, 5
),
rev AS (
  SELECT grp, step_key, channel, variant, holdout, sum(r)::bigint AS revenue
    FROM (SELECT grp, step_key, channel, variant, holdout, client_id, max(revenue) AS r FROM g WHERE converted GROUP BY 1, 2, 3, 4, 5, 6) z
   GROUP BY 1, 2, 3, 4, 5
),
tcv AS (SELECT item_kind, item_id, credited_last, credited_first FROM touch_conversion WHERE business_id = $1 AND source_kind = $3 AND source_id = $2),
items AS (
  SELECT it.step_key, COALESCE(it.variant, '') AS variant, count(*)::int AS total,
         count(*) FILTER (WHERE it.sent)::int AS sent, count(*) FILTER (WHERE it.delivered)::int AS delivered,
         count(*) FILTER (WHERE it.failed)::int AS failed, count(*) FILTER (WHERE it.blocked)::int AS blocked,
         count(*) FILTER (WHERE it.pending)::int AS pending, count(tcv.item_id)::int AS converted,
         count(*) FILTER (WHERE tcv.credited_last)::int AS credited_last, count(*) FILTER (WHERE tcv.credited_first)::int AS credited_first,
         ${engagementCountsSql('it', '$7::int', '$4::timestamptz')}
    FROM it LEFT JOIN tcv ON tcv.item_kind = it.item_kind AND tcv.item_id = it.item_id
   GROUP BY 1, 2
)
SELECT
  (SELECT COALESCE(json_agg(json_build_object('grp', a.grp, 'stepKey', a.step_key, 'channel', a.channel, 'variant', a.variant, 'holdout', a.holdout,
          'n', a.n, 'converted', a.converted, 'medianDays', a.median_days, 'revenue', COALESCE(rv.revenue, 0), 'open', a.open)), '[]')
     FROM arms a LEFT JOIN rev rv USING (grp, step_key, channel, variant, holdout)) AS arms,
  (SELECT COALESCE(json_agg(json_build_object('stepKey', i.step_key, 'variant', i.variant, 'total', i.total, 'sent', i.sent, 'delivered', i.delivered,
          'failed', i.failed, 'blocked', i.blocked, 'pending', i.pending, 'converted', i.converted, 'creditedLast', i.credited_last,
          'creditedFirst', i.credited_first, ${ENGAGEMENT_JSON})), '[]')
     FROM items i) AS items,
  (SELECT COALESCE((bz.settings -> 'messaging' ->> 'openPixel')::boolean, false) FROM business bz WHERE bz.id = $1) AS open_pixel`;
}

const SQL = { campaign: reportSql('campaign'), automation: reportSql('automation') };

/** Read-only figures of one campaign or automation (docs/follow-up.md "Reports"). */
@Injectable()
export class SourceReportRepository {
  constructor(private readonly ds: DataSource) {}

  async findSource(businessId: string, kind: SourceKind, id: string): Promise<SourceRow | undefined> {
    const rows =
      kind === 'campaign'
        ? await this.ds.query(
            `SELECT id::text, name, state, goal, holdout_percent::float8 AS "holdoutPercent", steps, created_at AS "createdAt"
               FROM campaign WHERE business_id = $1 AND id = $2`,
            [businessId, id],
          )
        : await this.ds.query(
            `SELECT id::text, name, CASE WHEN archived_at IS NOT NULL THEN 'archived' WHEN enabled THEN 'enabled' ELSE 'paused' END AS state,
                    goal, holdout_percent::float8 AS "holdoutPercent", steps, created_at AS "createdAt"
               FROM automation WHERE business_id = $1 AND id = $2`,
            [businessId, id],
          );
    const row = rows[0];
    if (!row) return undefined;
    return { ...row, kind, goal: { kind: row.goal?.kind ?? 'visit', withinDays: row.goal?.withinDays ?? 14 }, steps: actionSteps(kind, row.steps) };
  }

  /** openPixel: the business has the open pixel on (opens are reported only then, or when Mailchimp reported some). */
  async figures(businessId: string, source: SourceRow, now: Date): Promise<{ arms: ArmRow[]; items: ItemRow[]; openPixel: boolean }> {
    const [row] = await this.ds.query(SQL[source.kind], [businessId, source.id, source.kind, now, source.steps.map((s) => s.key), source.steps.map((s) => s.channel), source.goal.withinDays]);
    return { arms: row.arms.map((a: ArmRow) => ({ ...a, revenue: Number(a.revenue) })), items: row.items, openPixel: row.open_pixel === true };
  }
}

/** The steps that act on a client, with their channel: sends, staff tasks and "at the door" alerts. */
export function actionSteps(kind: SourceKind, steps: unknown): ReportStep[] {
  if (!Array.isArray(steps)) return [];
  const out: ReportStep[] = [];
  for (const s of steps as Array<Record<string, any>>) {
    const type: string = kind === 'campaign' ? (s.channel === 'staff_task' ? 'task' : 'send') : s.type;
    if (type !== 'send' && type !== 'task' && type !== 'door_alert') continue;
    const channel = type === 'send' ? String(s.channel) : type === 'task' ? 'staff_task' : 'door_alert';
    const variants = Array.isArray(s.variants) && s.variants.length > 1 ? s.variants.map((v: { key: string }) => String(v.key)) : [];
    out.push({ key: String(s.key), type, channel, variants });
  }
  return out;
}
