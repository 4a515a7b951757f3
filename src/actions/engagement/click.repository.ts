import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClickClaims } from './click-token';
import { TrackedLinkRow } from './tracked-links';

/** touch_link (the links of each sent message) and touch_click / touch_open (what came back). */
@Injectable()
export class ClickRepository {
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
   * Records the click and answers the link's URL, in one INSERT keyed by the token's claims (the
   * primary key of touch_link; the business must match too). Undefined when there is no such link.
   */
  async recordClick(c: ClickClaims): Promise<string | undefined> {
    const [row] = await this.ds.query(
      `INSERT INTO touch_click (business_id, touch_id, client_id, url)
       SELECT business_id, touch_id, client_id, url FROM touch_link WHERE touch_id = $2 AND idx = $3 AND business_id = $1
       RETURNING url`,
      [c.businessId, c.touchId, c.index],
    );
    return row?.url;
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
