import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { localDate } from '../common/local-date';
import { daysOverdueSql, overdueTodaySql } from './rhythm-overdue.sql';
import { CategoryCount, OverdueClientRow, OverdueQuery, OverdueSort, OverdueTarget } from './rhythm.types';

// "Overdue today" from the stored days ($2 = the business-local today), so the list is right
// between passes; the page walks the listed indexes in due-day order and the counts read them
// index-only
const OVERDUE = overdueTodaySql('r', '$2::date');

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
    const today = await this.today(businessId, at);
    if (!today) return [];
    const rows = (await this.ds.query(
      `SELECT k.service_category, coalesce(o.n, 0)::int AS overdue, k.n::int AS known
         FROM (SELECT service_category, count(*) AS n FROM client_rhythm WHERE business_id = $1 GROUP BY 1) k
         LEFT JOIN (SELECT r.service_category, count(*) AS n FROM client_rhythm r WHERE r.business_id = $1 AND ${OVERDUE} GROUP BY 1) o
           ON o.service_category = k.service_category
        ORDER BY k.service_category`,
      [businessId, today],
    )) as Array<{ service_category: string; overdue: number; known: number }>;
    return rows.map((r) => ({ serviceCategory: r.service_category, overdue: r.overdue, known: r.known }));
  }

  /** A page of overdue clients (one category, or all), sorted; most overdue first by default. */
  async overdueClients(businessId: string, opts: OverdueQuery, at: Date = new Date()): Promise<{ total: number; rows: OverdueClientRow[] }> {
    const today = await this.today(businessId, at);
    if (!today) return { total: 0, rows: [] };
    const sort = SORT_SQL[opts.sort ?? 'days_overdue'](opts.order === 'asc' ? 'ASC' : 'DESC');
    const params: unknown[] = [businessId, today, opts.limit, opts.offset];
    let category = '';
    if (opts.serviceCategory !== undefined) {
      params.push(opts.serviceCategory);
      category = `AND r.service_category = $${params.length}`;
    }
    const rows = (await this.ds.query(
      `SELECT r.client_id, c.first_name, c.last_name, r.service_category, to_char(r.last_on, 'YYYY-MM-DD') AS last_on,
              r.usual_interval_days, ${daysOverdueSql('r', '$2::date')} AS days_overdue
         FROM client_rhythm r
         JOIN client c ON c.id = r.client_id AND c.business_id = r.business_id
        WHERE r.business_id = $1 ${category} AND ${OVERDUE}
        ORDER BY ${sort}
        LIMIT $3 OFFSET $4`,
      params,
    )) as ListRow[];
    const total = await this.count(businessId, today, opts.serviceCategory ?? null);
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

  /**
   * A category is a name, not a row: it is the business's when one of its clients has a rhythm in
   * it (what `categories` lists). One probe of client_rhythm's primary key.
   */
  async hasCategory(businessId: string, serviceCategory: string): Promise<boolean> {
    const rows = (await this.ds.query(`SELECT EXISTS (SELECT 1 FROM client_rhythm WHERE business_id = $1 AND service_category = $2) AS found`, [businessId, serviceCategory])) as Array<{
      found: boolean;
    }>;
    return rows[0].found;
  }

  /** Every overdue client (one category, or all): who "Contact overdue clients" reaches. */
  async overdueClientIds(businessId: string, serviceCategory: string | null, at: Date = new Date()): Promise<OverdueTarget[]> {
    const today = await this.today(businessId, at);
    if (!today) return [];
    const rows = (await this.ds.query(
      `SELECT r.client_id, r.service_category, r.usual_interval_days
         FROM client_rhythm r
        WHERE r.business_id = $1 AND ($3::text IS NULL OR r.service_category = $3) AND ${OVERDUE}
        ORDER BY r.client_id, r.service_category`,
      [businessId, today, serviceCategory],
    )) as Array<{ client_id: string; service_category: string; usual_interval_days: string }>;
    return rows.map((r) => ({ clientId: String(r.client_id), serviceCategory: r.service_category, usualIntervalDays: Number(r.usual_interval_days) }));
  }

  private async count(businessId: string, today: string, serviceCategory: string | null): Promise<number> {
    const byCategory = serviceCategory !== null;
    const rows = (await this.ds.query(
      `SELECT count(*)::int AS n FROM client_rhythm r
        WHERE r.business_id = $1 ${byCategory ? 'AND r.service_category = $3' : ''} AND ${OVERDUE}`,
      byCategory ? [businessId, today, serviceCategory] : [businessId, today],
    )) as Array<{ n: number }>;
    return rows[0].n;
  }

  /** The business-local day of `at` (null for an unknown business). */
  private async today(businessId: string, at: Date): Promise<string | null> {
    const rows = (await this.ds.query(`SELECT timezone FROM business WHERE id = $1`, [businessId])) as Array<{ timezone: string }>;
    return rows[0] ? localDate(at, rows[0].timezone) : null;
  }
}
