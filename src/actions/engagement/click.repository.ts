import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupCommit } from '../delivery/group-commit';
import { ClickClaims } from './click-token';
import { TrackedLinkRow } from './tracked-links';

/** touch_link (the links of each sent message) and touch_click / touch_open (what came back). */
@Injectable()
export class ClickRepository {
  /**
   * Clicks that arrive while a statement runs go together in the next one (one INSERT, one
   * commit, one WAL flush for all of them); each redirect waits for the commit of its own batch.
   * Two statements at a time: an idle server answers a lone click after one round trip.
   */
  private readonly clickBatches = new GroupCommit<ClickClaims, string | undefined>((cs) => this.writeClicks(cs), 2, 500);

  constructor(private readonly ds: DataSource) {}

  /** One statement per chunk; a retried send renders the same links again, so a repeat overwrites. */
  async saveLinks(businessId: string, rows: TrackedLinkRow[]): Promise<void> {
    if (!rows.length) return;
    await this.ds.query(
      `INSERT INTO touch_link (business_id, touch_id, idx, client_id, url)
       SELECT $1, u.touch_id, u.idx, u.client_id, u.url
         FROM unnest($2::bigint[], $3::int[], $4::bigint[], $5::text[]) AS u(touch_id, idx, client_id, url)
       ON CONFLICT (touch_id, idx) DO UPDATE SET url = EXCLUDED.url`,
      [businessId, rows.map((r) => r.touchId), rows.map((r) => r.index), rows.map((r) => r.clientId), rows.map((r) => r.url)],
    );
  }

  /**
   * Records the click and answers the link's URL once the row is committed (batched with the
   * clicks arriving meanwhile, see clickBatches). Undefined when there is no such link; rejects
   * when the batch's statement failed (nothing of that batch is recorded).
   */
  recordClick(c: ClickClaims): Promise<string | undefined> {
    return this.clickBatches.submit(c);
  }

  /**
   * One statement for a batch of clicks: each claim is looked up by the primary key of
   * touch_link with its own business (a claim naming another business's touch finds nothing),
   * the found ones are inserted in arrival order, and the answer maps back to the claims by
   * position. Every claim is a row, so the same link clicked twice in a batch is two clicks.
   */
  async writeClicks(cs: ClickClaims[]): Promise<Array<string | undefined>> {
    const rows: Array<{ n: string; url: string }> = await this.ds.query(
      `WITH hit AS (
         SELECT u.n, l.business_id, l.touch_id, l.client_id, l.url
           FROM unnest($1::uuid[], $2::bigint[], $3::int[]) WITH ORDINALITY AS u(business_id, touch_id, idx, n)
           JOIN touch_link l ON l.touch_id = u.touch_id AND l.idx = u.idx AND l.business_id = u.business_id
       ), ins AS (
         INSERT INTO touch_click (business_id, touch_id, client_id, url)
         SELECT business_id, touch_id, client_id, url FROM hit ORDER BY n
       )
       SELECT n::text AS n, url FROM hit`,
      [cs.map((c) => c.businessId), cs.map((c) => c.touchId), cs.map((c) => c.index)],
    );
    const urls = new Array<string | undefined>(cs.length).fill(undefined);
    for (const r of rows) urls[Number(r.n) - 1] = r.url;
    return urls;
  }

  /** Records an open reported by the pixel; false when the touch is not the business's. */
  async recordOpen(c: ClickClaims): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO touch_open (business_id, touch_id, client_id)
       SELECT business_id, id, client_id FROM touch WHERE id = $2 AND business_id = $1
       RETURNING touch_id`,
      [c.businessId, c.touchId],
    );
    return rows.length > 0;
  }
}
