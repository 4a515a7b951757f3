import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BgnbdFit } from '../estimation/bgnbd';

/** One distinct history shape: x repeat visit days, last and current age in whole days. */
interface HistoryRow {
  x: number;
  txDays: number;
  tDays: number;
  clients: number;
}

// Per client: x = unique visit days - 1 (from the weekly rollups), t_x = days from the first
// to the last visit day, T = days from the first visit day to today (local dates).
const PER_CLIENT = `
  b AS (SELECT COALESCE($2::date, (now() AT TIME ZONE timezone)::date) AS today FROM business WHERE id = $1),
  per AS (
    SELECT c.id,
           (SELECT sum(w.visit_days) FROM client_visit_week w WHERE w.client_id = c.id)::int - 1 AS x,
           LEAST(c.last_visit_on, b.today) - c.first_visit_on AS tx_days,
           b.today - c.first_visit_on AS t_days
      FROM client c CROSS JOIN b
     WHERE c.business_id = $1 AND c.deleted_at IS NULL AND c.first_visit_on <= b.today
  )`;

@Injectable()
export class EstimationRepository {
  constructor(private readonly ds: DataSource) {}

  async current(businessId: string): Promise<Record<string, unknown> | undefined> {
    const [fit] = await this.ds.query(
      `SELECT r, alpha, a, b, log_likelihood AS "logLikelihood", clients, distinct_rows AS "distinctHistories",
              fitted_on::text AS "fittedOn", fitted_at AS "fittedAt", 'week' AS "timeUnit"
         FROM bgnbd_fit WHERE business_id = $1`,
      [businessId],
    );
    return fit;
  }

  /** The business's visit histories compressed to distinct (x, t_x, T) with counts. */
  async histories(businessId: string, today: string | null): Promise<HistoryRow[]> {
    const rows: Array<{ x: number; tx_days: number; t_days: number; clients: number }> = await this.ds.query(
      `WITH ${PER_CLIENT}
       SELECT x, tx_days, t_days, count(*)::int AS clients FROM per WHERE x >= 0 GROUP BY 1, 2, 3`,
      [businessId, today],
    );
    return rows.map((r) => ({ x: r.x, txDays: r.tx_days, tDays: r.t_days, clients: r.clients }));
  }

  /** Stores the fit and every client's scores (looked up by history shape) in one transaction. */
  async save(
    businessId: string,
    today: string | null,
    fit: BgnbdFit,
    totals: { clients: number; rows: number },
    scores: { rows: HistoryRow[]; expected: Float64Array; pAlive: Float64Array },
  ): Promise<number> {
    return this.ds.transaction(async (m: EntityManager) => {
      await m.query(
        `INSERT INTO bgnbd_fit (business_id, r, alpha, a, b, log_likelihood, clients, distinct_rows, fitted_on)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::date, (now() AT TIME ZONE timezone)::date) FROM business WHERE id = $1
         ON CONFLICT (business_id) DO UPDATE SET r = EXCLUDED.r, alpha = EXCLUDED.alpha, a = EXCLUDED.a, b = EXCLUDED.b,
           log_likelihood = EXCLUDED.log_likelihood, clients = EXCLUDED.clients, distinct_rows = EXCLUDED.distinct_rows,
           fitted_on = EXCLUDED.fitted_on, fitted_at = now()`,
        [businessId, fit.r, fit.alpha, fit.a, fit.b, fit.logLikelihood, totals.clients, totals.rows, today],
      );
      const written = await m.query(
        `WITH ${PER_CLIENT},
         s AS (SELECT * FROM unnest($3::int[], $4::int[], $5::int[], $6::float8[], $7::float8[]) AS s(x, tx_days, t_days, expected, p_alive)),
         up AS (
           INSERT INTO client_estimate AS e (client_id, business_id, expected_visits_30d, p_alive, churn_probability, computed_on)
           SELECT per.id, $1, s.expected, s.p_alive, round((100 * (1 - s.p_alive))::numeric, 2), b.today
             FROM per JOIN s USING (x, tx_days, t_days) CROSS JOIN b
           ON CONFLICT (client_id) DO UPDATE SET expected_visits_30d = EXCLUDED.expected_visits_30d, p_alive = EXCLUDED.p_alive,
             churn_probability = EXCLUDED.churn_probability, computed_on = EXCLUDED.computed_on
           WHERE (e.expected_visits_30d, e.p_alive, e.computed_on) IS DISTINCT FROM (EXCLUDED.expected_visits_30d, EXCLUDED.p_alive, EXCLUDED.computed_on)
           RETURNING 1)
         SELECT count(*)::int AS n FROM up`,
        [businessId, today, scores.rows.map((r) => r.x), scores.rows.map((r) => r.txDays), scores.rows.map((r) => r.tDays), Array.from(scores.expected), Array.from(scores.pAlive)],
      );
      return written[0].n;
    });
  }
}
