import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isMemberSql, localTodaySql } from '../../clients/membership.sql';

export interface OverviewCounts {
  clients: number;
  members: number;
  visitsLast30Days: number;
}

export interface MemberMix {
  members: number;
  statuses: StatusCounts;
  bands: BandCounts;
}

export type StatusCounts = Record<'in_trouble' | 'at_risk' | 'loving_it' | 'raving_fan' | 'suspended' | 'unassessed', number>;
export type BandCounts = Record<'green' | 'yellow' | 'red' | 'unscored', number>;

// the statuses the at-risk figure counts
const RISKY = ['at_risk', 'in_trouble'];

/** Dashboard headline counts; every query is scoped by business_id. */
@Injectable()
export class OverviewRepository {
  constructor(private readonly ds: DataSource) {}

  async counts(businessId: string): Promise<OverviewCounts> {
    const [mix, visits] = await Promise.all([this.memberMix(businessId), this.visitsLast30Days(businessId)]);
    return { clients: mix.clients, members: mix.members, visitsLast30Days: visits };
  }

  /**
   * One pass over the business's clients: how many there are, which are members now
   * (isMemberSql), and each member's status (client_status, none = unassessed) and health band
   * (client_health, none = unscored).
   */
  async memberMix(businessId: string): Promise<MemberMix & { clients: number }> {
    const [row] = await this.ds.query(
      `WITH b AS (SELECT ${localTodaySql('timezone')} AS today FROM business WHERE id = $1),
       m AS (
         SELECT c.id FROM client c CROSS JOIN b
          WHERE c.business_id = $1 AND c.deleted_at IS NULL AND ${isMemberSql('c', 'b.today')}
       )
       SELECT (SELECT count(*) FROM client WHERE business_id = $1 AND deleted_at IS NULL)::int AS clients,
              count(*)::int AS members,
              count(*) FILTER (WHERE cs.status = 'in_trouble')::int AS in_trouble,
              count(*) FILTER (WHERE cs.status = 'at_risk')::int AS at_risk,
              count(*) FILTER (WHERE cs.status = 'loving_it')::int AS loving_it,
              count(*) FILTER (WHERE cs.status = 'raving_fan')::int AS raving_fan,
              count(*) FILTER (WHERE cs.status = 'suspended')::int AS suspended,
              count(*) FILTER (WHERE cs.status IS NULL)::int AS unassessed,
              count(*) FILTER (WHERE h.band = 'green')::int AS green,
              count(*) FILTER (WHERE h.band = 'yellow')::int AS yellow,
              count(*) FILTER (WHERE h.band = 'red')::int AS red,
              count(*) FILTER (WHERE h.band IS NULL)::int AS unscored
         FROM m
         LEFT JOIN client_status cs ON cs.client_id = m.id
         LEFT JOIN client_health h ON h.client_id = m.id`,
      [businessId],
    );
    return {
      clients: row.clients,
      members: row.members,
      statuses: { in_trouble: row.in_trouble, at_risk: row.at_risk, loving_it: row.loving_it, raving_fan: row.raving_fan, suspended: row.suspended, unassessed: row.unassessed },
      bands: { green: row.green, yellow: row.yellow, red: row.red, unscored: row.unscored },
    };
  }

  async visitsLast30Days(businessId: string): Promise<number> {
    const [row] = await this.ds.query(
      `WITH b AS (SELECT ${localTodaySql('timezone')} AS today FROM business WHERE id = $1)
       SELECT count(*)::int AS n FROM visit v, b WHERE v.business_id = $1 AND v.visited_on > b.today - 30`,
      [businessId],
    );
    return row.n;
  }

  /**
   * Clients At Risk or In Trouble now (client_status) and `days` ago, from the status history
   * without reading all of it: a client's status then is its status now unless it changed
   * since, and then it is the `from_status` of its first change after that instant. So only
   * the changes of the last `days` days are read (status_change (business_id, changed_at)).
   * `then` is null when the history does not reach back that far (no change at or before it).
   */
  async riskyNowAndBefore(businessId: string, days = 7): Promise<{ now: number; then: number | null }> {
    const [row] = await this.ds.query(
      `WITH t AS (SELECT now() - make_interval(days => $2) AS at),
       first_after AS (
         SELECT DISTINCT ON (sc.client_id) sc.client_id, sc.from_status
           FROM status_change sc, t
          WHERE sc.business_id = $1 AND sc.changed_at > t.at
          ORDER BY sc.client_id, sc.changed_at, sc.id
       )
       SELECT (SELECT count(*) FROM client_status WHERE business_id = $1 AND status = ANY($3::text[]))::int AS now,
              (SELECT count(*) FROM first_after f JOIN client_status cs ON cs.client_id = f.client_id WHERE cs.status = ANY($3::text[]))::int AS now_changed,
              (SELECT count(*) FROM first_after f WHERE f.from_status = ANY($3::text[]))::int AS then_changed,
              EXISTS (SELECT 1 FROM status_change sc, t WHERE sc.business_id = $1 AND sc.changed_at <= t.at) AS reaches`,
      [businessId, days, RISKY],
    );
    return { now: row.now, then: row.reaches ? row.now - row.now_changed + row.then_changed : null };
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
