import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Bookkeeping of scheduled passes: one risk_run row per business and window. */
@Injectable()
export class RiskRunRepository {
  constructor(private readonly ds: DataSource) {}

  /** Businesses with at least one client, for the plan job. */
  async businessIds(): Promise<string[]> {
    const rows = await this.ds.query(`SELECT b.id FROM business b WHERE EXISTS (SELECT 1 FROM client c WHERE c.business_id = b.id) ORDER BY b.id`);
    return rows.map((r: { id: string }) => r.id);
  }

  /** Claims the window for the business; false when another worker or tick already did. */
  async claim(businessId: string, window: string): Promise<boolean> {
    const rows = await this.ds.query(`INSERT INTO risk_run (business_id, window_start) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING business_id`, [businessId, window]);
    return rows.length > 0;
  }

  async setTotal(businessId: string, window: string, batches: number): Promise<void> {
    await this.ds.query(`UPDATE risk_run SET batches_total = $3, finished_at = CASE WHEN $3 = 0 THEN now() END WHERE business_id = $1 AND window_start = $2`, [businessId, window, batches]);
  }

  async batchDone(businessId: string, window: string, changes: number): Promise<void> {
    await this.ds.query(
      `UPDATE risk_run SET batches_done = batches_done + 1, changes = changes + $3,
              finished_at = CASE WHEN batches_done + 1 >= batches_total THEN now() END
        WHERE business_id = $1 AND window_start = $2`,
      [businessId, window, changes],
    );
  }

  /**
   * Half-open id ranges [fromId, toId) of about `size` clients each, read from the
   * (business_id, id) index in one pass.
   */
  async ranges(businessId: string, size: number): Promise<Array<{ fromId: string; toId: string }>> {
    const starts: Array<{ id: string }> = await this.ds.query(
      // ordered by position, not by the text form of the id ('10001' < '9')
      `SELECT id::text AS id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM client WHERE business_id = $1) t
        WHERE (n - 1) % $2 = 0 ORDER BY n`,
      [businessId, size],
    );
    return starts.map((s, i) => ({ fromId: s.id, toId: i + 1 < starts.length ? starts[i + 1].id : '9223372036854775807' }));
  }

  async statusCounts(businessId: string): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: number }> = await this.ds.query(`SELECT status, count(*)::int AS n FROM client_status WHERE business_id = $1 GROUP BY status`, [businessId]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
