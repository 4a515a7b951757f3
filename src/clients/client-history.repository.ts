import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { localTodaySql } from './membership.sql';

interface VisitDayRow {
  day: string;
  visits: number;
}

interface InvoiceRow {
  id: string;
  externalId: string;
  source: string;
  amount: number;
  dueOn: string;
  paidAt: Date | null;
  directDebit: boolean;
  overdue: boolean;
}

/**
 * A client's history as the profile page shows it (visit calendar, every invoice) and the
 * business's locations; every query is scoped by business_id.
 */
@Injectable()
export class ClientHistoryRepository {
  constructor(private readonly ds: DataSource) {}

  /** The business's local today, or undefined when the client is not one of its clients. */
  async clientToday(businessId: string, clientId: string): Promise<string | undefined> {
    const rows: Array<{ today: string }> = await this.ds.query(
      `SELECT ${localTodaySql('b.timezone')}::text AS today
         FROM client c JOIN business b ON b.id = c.business_id
        WHERE c.business_id = $1 AND c.id = $2`,
      [businessId, clientId],
    );
    return rows[0]?.today;
  }

  /** Local days with visits in [from, to], oldest first (visit_client_day_idx). */
  async visitDays(businessId: string, clientId: string, from: string, to: string): Promise<VisitDayRow[]> {
    return this.ds.query(
      `SELECT visited_on::text AS day, count(*)::int AS visits
         FROM visit
        WHERE business_id = $1 AND client_id = $2 AND visited_on BETWEEN $3::date AND $4::date
        GROUP BY visited_on ORDER BY visited_on`,
      [businessId, clientId, from, to],
    );
  }

  async invoices(businessId: string, clientId: string, limit: number): Promise<{ items: InvoiceRow[]; total: number }> {
    const [items, [{ total }]] = await Promise.all([
      this.ds.query(
        `SELECT i.id::text AS id, i.external_id AS "externalId", i.source, i.amount::float8 AS amount, i.due_on::text AS "dueOn",
                i.paid_at AS "paidAt", i.direct_debit AS "directDebit",
                (i.paid_at IS NULL AND i.due_on < ${localTodaySql('b.timezone')}) AS overdue
           FROM invoice i JOIN business b ON b.id = i.business_id
          WHERE i.business_id = $1 AND i.client_id = $2
          ORDER BY i.due_on DESC, i.id DESC LIMIT $3`,
        [businessId, clientId, limit],
      ),
      this.ds.query(`SELECT count(*)::int AS total FROM invoice WHERE business_id = $1 AND client_id = $2`, [businessId, clientId]),
    ]);
    return { items, total };
  }

  async locations(businessId: string): Promise<Array<{ id: string; source: string; externalId: string; name: string }>> {
    return this.ds.query(`SELECT id::text AS id, source, external_id AS "externalId", name FROM location WHERE business_id = $1 ORDER BY lower(name), id`, [businessId]);
  }
}
