import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RecoveryReportDto, RecoveryStatsDto } from './dto/recovery-report.dto';

// One aggregate for every breakdown; `r` is the report's entry set.
const STATS = `count(*)::int AS entries,
  count(*) FILTER (WHERE r.outcome IS NULL)::int AS open,
  count(*) FILTER (WHERE r.outcome = 'regained')::int AS regained,
  count(*) FILTER (WHERE r.outcome = 'lost')::int AS lost,
  count(*) FILTER (WHERE r.outcome = 'not_edited')::int AS "notEdited",
  round(count(*) FILTER (WHERE r.outcome = 'regained')::numeric / greatest(count(*), 1), 4)::float8 AS "regainedRate",
  round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.outcome_at - r.created_at) / 86400)
           FILTER (WHERE r.outcome = 'regained'))::numeric, 1)::float8 AS "medianDaysToRegain",
  COALESCE(sum(r.monthly_value) FILTER (WHERE r.outcome = 'regained'), 0)::float8 AS "regainedMonthlyValue"`;

/** Entries created on business-local days from..to, with their outcomes (set-based, one pass per breakdown). */
@Injectable()
export class RecoveryReportsRepository {
  constructor(private readonly ds: DataSource) {}

  async report(businessId: string, from: string, to: string): Promise<RecoveryReportDto> {
    const base = `WITH tz AS (SELECT timezone FROM business WHERE id = $1),
      r AS (SELECT e.*, to_char(e.created_at AT TIME ZONE tz.timezone, 'YYYY-MM') AS month
              FROM recovery_entry e, tz
             WHERE e.business_id = $1
               AND e.created_at >= ($2::date::timestamp AT TIME ZONE tz.timezone)
               AND e.created_at < (($3::date + 1)::timestamp AT TIME ZONE tz.timezone))`;
    const params = [businessId, from, to];
    const [[totals], months, byReason, byStaff] = (await Promise.all([
      this.ds.query(`${base} SELECT ${STATS} FROM r`, params),
      this.ds.query(`${base} SELECT r.month, ${STATS} FROM r GROUP BY r.month ORDER BY r.month`, params),
      this.ds.query(`${base} SELECT r.reason, ${STATS} FROM r GROUP BY r.reason ORDER BY count(*) DESC, r.reason NULLS LAST`, params),
      this.ds.query(
        `${base} SELECT r.assignee_staff_id::text AS "staffId", NULLIF(concat_ws(' ', min(s.first_name), min(s.last_name)), '') AS "staffName", ${STATS}
           FROM r LEFT JOIN staff s ON s.id = r.assignee_staff_id GROUP BY r.assignee_staff_id ORDER BY count(*) DESC, r.assignee_staff_id NULLS LAST`,
        params,
      ),
    ])) as [RecoveryStatsDto[], RecoveryReportDto['months'], RecoveryReportDto['byReason'], RecoveryReportDto['byStaff']];
    return { from, to, totals, months, byReason, byStaff };
  }
}
