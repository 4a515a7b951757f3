import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ArmCounts, ItemCounts, SourceKind } from '../follow-up.types';
import { ENGAGEMENT_JSON, engagementCountsSql, exposuresSql, itemsSql } from './report-sql';

interface RankedSourceRow {
  kind: SourceKind;
  id: string;
  name: string;
  goal: { kind: string; withinDays: number } | null;
  steps: unknown;
}

export interface SourceArmRow extends ArmCounts {
  kind: SourceKind;
  sourceId: string;
  holdout: boolean;
}

interface SourceItemRow extends ItemCounts {
  kind: SourceKind;
  sourceId: string;
  channel: string;
}

// $1 business, $2 first instant, $3 end instant (exclusive), $4 now. Every campaign and
// automation with an exposure in [$2, $3), its arms counted over those exposures only, and the
// touches and tasks that belong to them.
const SQL = `
WITH b AS (SELECT bz.timezone AS tz FROM business bz WHERE bz.id = $1),
x AS (
  ${exposuresSql('campaign', 'r.selected_at >= $2 AND r.selected_at < $3')}
  UNION ALL
  ${exposuresSql('automation', 'e.enrolled_at >= $2 AND e.enrolled_at < $3')}
),
src AS (
  SELECT 'campaign'::text AS kind, c.id AS source_id, c.name, c.goal, c.steps
    FROM campaign c WHERE c.business_id = $1 AND c.id IN (SELECT source_id FROM x WHERE kind = 'campaign')
  UNION ALL
  SELECT 'automation', a.id, a.name, a.goal, a.steps
    FROM automation a WHERE a.business_id = $1 AND a.id IN (SELECT source_id FROM x WHERE kind = 'automation')
),
xc AS (
  SELECT x.kind, x.source_id, x.exposure_id, x.client_id, x.holdout, ec.exposure_id IS NOT NULL AS converted, ec.days_to_return AS days,
         COALESCE(ec.monthly_revenue, 0) AS revenue,
         (((x.at AT TIME ZONE b.tz)::date + COALESCE((s.goal ->> 'withinDays')::int, 14) + 1)::timestamp AT TIME ZONE b.tz) > $4::timestamptz AS open
    FROM x CROSS JOIN b
    JOIN src s ON s.kind = x.kind AND s.source_id = x.source_id
    LEFT JOIN exposure_conversion ec ON ec.business_id = $1 AND ec.source_kind = x.kind AND ec.source_id = x.source_id AND ec.exposure_id = x.exposure_id
),
arms AS (
  SELECT kind, source_id, holdout, count(*)::int AS n, count(*) FILTER (WHERE converted)::int AS converted,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE converted) AS median_days, count(*) FILTER (WHERE open)::int AS open
    FROM xc GROUP BY 1, 2, 3
),
rev AS (
  SELECT kind, source_id, holdout, sum(r)::bigint AS revenue
    FROM (SELECT kind, source_id, holdout, client_id, max(revenue) AS r FROM xc WHERE converted GROUP BY 1, 2, 3, 4) z GROUP BY 1, 2, 3
),
it AS (
  ${itemsSql('campaign', `t.campaign_id IN (SELECT source_id FROM src WHERE kind = 'campaign')`, `k.origin LIKE 'campaign:%'`)}
  UNION ALL
  ${itemsSql('automation', `t.automation_id IN (SELECT source_id FROM src WHERE kind = 'automation')`, `k.origin LIKE 'automation:%'`)}
),
itx AS (
  SELECT it.*, COALESCE((s.goal ->> 'withinDays')::int, 14) AS window_days
    FROM it JOIN x ON x.kind = it.kind AND x.source_id = it.source_id AND x.exposure_id = it.exposure_id
    JOIN src s ON s.kind = it.kind AND s.source_id = it.source_id
),
tcv AS (SELECT item_kind, item_id, credited_last, credited_first FROM touch_conversion WHERE business_id = $1),
items AS (
  SELECT itx.kind, itx.source_id, itx.channel, count(*)::int AS total,
         count(*) FILTER (WHERE itx.sent)::int AS sent, count(*) FILTER (WHERE itx.delivered)::int AS delivered,
         count(*) FILTER (WHERE itx.failed)::int AS failed, count(*) FILTER (WHERE itx.blocked)::int AS blocked,
         count(*) FILTER (WHERE itx.pending)::int AS pending, count(tcv.item_id)::int AS converted,
         count(*) FILTER (WHERE tcv.credited_last)::int AS credited_last, count(*) FILTER (WHERE tcv.credited_first)::int AS credited_first,
         ${engagementCountsSql('itx', 'itx.window_days', '$4::timestamptz')}
    FROM itx LEFT JOIN tcv ON tcv.item_kind = itx.item_kind AND tcv.item_id = itx.item_id
   GROUP BY 1, 2, 3
)
SELECT
  (SELECT COALESCE(json_agg(json_build_object('kind', kind, 'id', source_id::text, 'name', name, 'goal', goal, 'steps', steps) ORDER BY kind, source_id), '[]')
     FROM src) AS sources,
  (SELECT COALESCE(json_agg(json_build_object('kind', a.kind, 'sourceId', a.source_id::text, 'holdout', a.holdout, 'n', a.n, 'converted', a.converted,
          'medianDays', a.median_days, 'revenue', COALESCE(rv.revenue, 0), 'open', a.open)), '[]')
     FROM arms a LEFT JOIN rev rv USING (kind, source_id, holdout)) AS arms,
  (SELECT COALESCE(json_agg(json_build_object('kind', i.kind, 'sourceId', i.source_id::text, 'channel', i.channel, 'total', i.total, 'sent', i.sent,
          'delivered', i.delivered, 'failed', i.failed, 'blocked', i.blocked, 'pending', i.pending, 'converted', i.converted,
          'creditedLast', i.credited_last, 'creditedFirst', i.credited_first, ${ENGAGEMENT_JSON})), '[]')
     FROM items i) AS items,
  (SELECT COALESCE((bz.settings -> 'messaging' ->> 'openPixel')::boolean, false) FROM business bz WHERE bz.id = $1) AS open_pixel`;

/** Read-only figures of every campaign and automation with exposures in a range. */
@Injectable()
export class ActionsReportRepository {
  constructor(private readonly ds: DataSource) {}

  async localToday(businessId: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT to_char((now() AT TIME ZONE timezone)::date, 'YYYY-MM-DD') AS today FROM business WHERE id = $1`, [businessId]);
    return row?.today;
  }

  /** Local days [from, to] of the business as instants [start of from, start of the day after to). */
  async range(businessId: string, from: string, to: string): Promise<{ start: Date; end: Date }> {
    const [row] = await this.ds.query(`SELECT ($2::date::timestamp AT TIME ZONE timezone) AS start, (($3::date + 1)::timestamp AT TIME ZONE timezone) AS "end" FROM business WHERE id = $1`, [
      businessId,
      from,
      to,
    ]);
    return row;
  }

  async figures(businessId: string, start: Date, end: Date, now: Date): Promise<{ sources: RankedSourceRow[]; arms: SourceArmRow[]; items: SourceItemRow[]; openPixel: boolean }> {
    const [row] = await this.ds.query(SQL, [businessId, start, end, now]);
    return { sources: row.sources, arms: row.arms.map((a: SourceArmRow) => ({ ...a, revenue: Number(a.revenue) })), items: row.items, openPixel: row.open_pixel === true };
  }
}
