import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { daysOverdueSql, overdueTodaySql } from './rhythm-overdue.sql';
import { CategoryCount, OverdueClientRow, OverdueQuery, OverdueSort, OverdueTarget } from './rhythm.types';

// "Overdue today" from the stored days, so the list is right between passes
const OVERDUE = overdueTodaySql('r', 't.today');
const TODAY = `(SELECT ($2::timestamptz AT TIME ZONE b.timezone)::date AS today FROM business b WHERE b.id = $1) t`;

// Each sort ends on the client and category, so pages never overlap.
const SORT_SQL: Record<OverdueSort, (dir: 'ASC' | 'DESC') => string> = {
  // most overdue first = the earliest due day first
  days_overdue: (d) => `r.due_on ${d === 'DESC' ? 'ASC' : 'DESC'}, r.client_id ${d}, r.service_category ${d}`,
  last_appointment: (d) => `r.last_on ${d}, r.client_id ${d}, r.service_category ${d}`,
  name: (d) => `lower(coalesce(c.last_name, '')) ${d}, lower(coalesce(c.first_name, '')) ${d}, r.client_id ${d}, r.service_category ${d}`,
  usual_interval: (d) => `r.usual_interval_days ${d}, r.client_id ${d}, r.service_category ${d}`,
};

interface ListRow {
  client_id: string;
  first_name: string | null;
  last_name: string | null;
  service_category: string;
  last_on: string;
  usual_interval_days: string;
  days_overdue: number;
}

/** What reconnect and segments read: overdue clients per category, counted and listed. */
@Injectable()
export class RhythmReadRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every category with a known rhythm: its overdue and known counts (overdue as of `at`). */
  async categories(businessId: string, at: Date = new Date()): Promise<CategoryCount[]> {
    const rows = (await this.ds.query(
      `SELECT r.service_category, count(*) FILTER (WHERE ${OVERDUE})::int AS overdue, count(*)::int AS known
         FROM client_rhythm r CROSS JOIN ${TODAY}
        WHERE r.business_id = $1
        GROUP BY r.service_category
        ORDER BY r.service_category`,
      [businessId, at.toISOString()],
    )) as Array<{ service_category: string; overdue: number; known: number }>;
    return rows.map((r) => ({ serviceCategory: r.service_category, overdue: r.overdue, known: r.known }));
  }

  /** A page of overdue clients (one category, or all), sorted; most overdue first by default. */
  async overdueClients(businessId: string, opts: OverdueQuery, at: Date = new Date()): Promise<{ total: number; rows: OverdueClientRow[] }> {
    const sort = SORT_SQL[opts.sort ?? 'days_overdue'](opts.order === 'asc' ? 'ASC' : 'DESC');
    const params: unknown[] = [businessId, at.toISOString(), opts.limit, opts.offset];
    let category = '';
    if (opts.serviceCategory !== undefined) {
      params.push(opts.serviceCategory);
      category = `AND r.service_category = $${params.length}`;
    }
    // the page walks the listed index in due-day order; the total is its own count
    const rows = (await this.ds.query(
      `SELECT r.client_id, c.first_name, c.last_name, r.service_category, to_char(r.last_on, 'YYYY-MM-DD') AS last_on,
              r.usual_interval_days, ${daysOverdueSql('r', 't.today')} AS days_overdue
         FROM client_rhythm r CROSS JOIN ${TODAY}
         JOIN client c ON c.id = r.client_id AND c.business_id = r.business_id
        WHERE r.business_id = $1 ${category} AND ${OVERDUE} AND c.deleted_at IS NULL
        ORDER BY ${sort}
        LIMIT $3 OFFSET $4`,
      params,
    )) as ListRow[];
    const total = await this.count(businessId, opts.serviceCategory, at);
    return {
      total,
      rows: rows.map((r) => ({
        clientId: String(r.client_id),
        name: [r.first_name, r.last_name].filter((x) => x).join(' ') || `Client ${r.client_id}`,
        serviceCategory: r.service_category,
        lastAppointmentOn: r.last_on,
        usualIntervalDays: Number(r.usual_interval_days),
        daysOverdue: r.days_overdue,
      })),
    };
  }

  /** Every overdue client (one category, or all): who "Contact overdue clients" reaches. */
  async overdueClientIds(businessId: string, serviceCategory: string | null, at: Date = new Date()): Promise<OverdueTarget[]> {
    const rows = (await this.ds.query(
      `SELECT r.client_id, r.service_category, r.usual_interval_days
         FROM client_rhythm r CROSS JOIN ${TODAY}
         JOIN client c ON c.id = r.client_id AND c.business_id = r.business_id
        WHERE r.business_id = $1 AND ($3::text IS NULL OR r.service_category = $3) AND ${OVERDUE} AND c.deleted_at IS NULL
        ORDER BY r.client_id, r.service_category`,
      [businessId, at.toISOString(), serviceCategory],
    )) as Array<{ client_id: string; service_category: string; usual_interval_days: string }>;
    return rows.map((r) => ({ clientId: String(r.client_id), serviceCategory: r.service_category, usualIntervalDays: Number(r.usual_interval_days) }));
  }

  private async count(businessId: string, serviceCategory: string | undefined, at: Date): Promise<number> {
    const rows = (await this.ds.query(
      `SELECT count(*)::int AS n FROM client_rhythm r CROSS JOIN ${TODAY}
         JOIN client c ON c.id = r.client_id AND c.business_id = r.business_id
        WHERE r.business_id = $1 AND ($3::text IS NULL OR r.service_category = $3) AND ${OVERDUE} AND c.deleted_at IS NULL`,
      [businessId, at.toISOString(), serviceCategory ?? null],
    )) as Array<{ n: number }>;
    return rows[0].n;
  }
}
