import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isMemberSql, localTodaySql } from '../../clients/membership.sql';

export interface OverviewCounts {
  clients: number;
  members: number;
  visitsLast30Days: number;
}

/** Dashboard headline counts; every query is scoped by business_id. */
@Injectable()
export class OverviewRepository {
  constructor(private readonly ds: DataSource) {}

  async counts(businessId: string): Promise<OverviewCounts> {
    const [row] = await this.ds.query(
      `WITH b AS (SELECT ${localTodaySql('timezone')} AS today FROM business WHERE id = $1)
       SELECT
         (SELECT count(*) FROM client WHERE business_id = $1 AND deleted_at IS NULL)::int AS clients,
         (SELECT count(*) FROM client c, b WHERE c.business_id = $1 AND c.deleted_at IS NULL AND ${isMemberSql('c', 'b.today')})::int AS members,
         (SELECT count(*) FROM visit v, b WHERE v.business_id = $1 AND v.visited_on > b.today - 30)::int AS "visitsLast30Days"`,
      [businessId],
    );
    return row;
  }

  /** Last verified webhook per source (event_inbox, indexed by business, source, received_at). */
  async lastWebhookAt(businessId: string, sources: string[]): Promise<Map<string, Date>> {
    if (!sources.length) return new Map();
    const rows: Array<{ source: string; at: Date }> = await this.ds.query(
      `SELECT s.source, (SELECT max(received_at) FROM event_inbox e WHERE e.business_id = $1 AND e.source = s.source AND e.signature_ok) AS at
         FROM unnest($2::text[]) AS s(source)`,
      [businessId, sources],
    );
    return new Map(rows.filter((r) => r.at).map((r) => [r.source, r.at]));
  }
}
