import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isMemberSql, localTodaySql } from '../../clients';

interface OverviewCounts {
  clients: number;
  members: number;
  visitsLast30Days: number;
}

type StatusCounts = Record<'in_trouble' | 'at_risk' | 'loving_it' | 'raving_fan' | 'suspended', number>;
type BandCounts = Record<'green' | 'yellow' | 'red', number>;

export interface MemberCount {
  clients: number;
  members: number;
  /** Members now without a status (no pass has assessed them as members yet). */
  unassessed: number;
  /** Members now without a health score (suspended, or not scored yet). */
  unscored: number;
  computedAt: Date;
  tookMs: number;
}

// the statuses the at-risk figure counts
const RISKY = ['at_risk', 'in_trouble'];
const STATUSES = ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended'] as const;
const BANDS = ['green', 'yellow', 'red'] as const;

/** Dashboard figures (docs/overview.md); every query is scoped by business_id. */
@Injectable()
export class OverviewRepository {
  constructor(private readonly ds: DataSource) {}

  async counts(businessId: string): Promise<OverviewCounts> {
    const [members, visits] = await Promise.all([this.countMembers(businessId), this.visitsLast30Days(businessId)]);
    return { clients: members.clients, members: members.members, visitsLast30Days: visits };
  }

  /** The business's local date (YYYY-MM-DD), or undefined for an unknown business. */
  async today(businessId: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT to_char(${localTodaySql('timezone')}, 'YYYY-MM-DD') AS today FROM business WHERE id = $1`, [businessId]);
    return row?.today;
  }

  /**
   * Clients per status as the risk tables hold them (client_status: every status is a member's,
   * from their latest assessment). An index-only count on (business_id, status).
   */
  async statusCounts(businessId: string): Promise<StatusCounts> {
    const rows: Array<{ status: keyof StatusCounts; n: number }> = await this.ds.query(`SELECT status, count(*)::int AS n FROM client_status WHERE business_id = $1 GROUP BY status`, [businessId]);
    const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
    for (const r of rows) if (r.status in out) out[r.status] = r.n;
    return out;
  }

  /** Scored members per health band (client_health, index-only on (business_id, band)). */
  async healthBands(businessId: string): Promise<BandCounts> {
    const rows: Array<{ band: keyof BandCounts; n: number }> = await this.ds.query(`SELECT band, count(*)::int AS n FROM client_health WHERE business_id = $1 GROUP BY band`, [businessId]);
    const out = Object.fromEntries(BANDS.map((b) => [b, 0])) as BandCounts;
    for (const r of rows) if (r.band in out) out[r.band] = r.n;
    return out;
  }

  /** Visits in the last 30 local days, today included; `today` bound so the index range is planned as one. */
  async visitsLast30Days(businessId: string, today?: string): Promise<number> {
    const day = today ?? (await this.today(businessId));
    if (!day) return 0;
    const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM visit v WHERE v.business_id = $1 AND v.visited_on > $2::date - 30`, [businessId, day]);
    return row.n;
  }

  /**
   * How the count of clients At Risk or In Trouble moved over the last `days` days, from the
   * status history, reading only the changes since then: the count then = the count now minus
   * this. Each change's from_status is the status its client held before it, so over one
   * client's changes since then the sum of (risky before - risky after) telescopes to (risky then
   * - risky now); summed over every change since, it is (count then - count now). An index range
   * on status_change (business_id, changed_at), no sort. null when the history does not reach
   * back that far (no change at or before then).
   */
  async riskyChangeSince(businessId: string, days = 7): Promise<number | null> {
    const [row] = await this.ds.query(
      `WITH t AS (SELECT now() - make_interval(days => $2) AS at)
       SELECT EXISTS (SELECT 1 FROM status_change x, t WHERE x.business_id = $1 AND x.changed_at <= t.at) AS reaches,
              (SELECT COALESCE(sum(COALESCE(x.to_status = ANY($3::text[]), false)::int - COALESCE(x.from_status = ANY($3::text[]), false)::int), 0)
                 FROM status_change x, t WHERE x.business_id = $1 AND x.changed_at > t.at)::int AS change`,
      [businessId, days, RISKY],
    );
    return row.reaches ? row.change : null;
  }

  /**
   * Clients, members now (isMemberSql) and members without a status, counted over every client
   * of the business: exact, and seconds at 1M clients (OverviewMembersService decides how often).
   */
  async countMembers(businessId: string): Promise<MemberCount> {
    const started = Date.now();
    const [row] = await this.ds.query(
      `WITH b AS (SELECT ${localTodaySql('timezone')} AS today FROM business WHERE id = $1),
       m AS (
         SELECT c.id, ${isMemberSql('c', 'b.today')} AS member
           FROM client c CROSS JOIN b WHERE c.business_id = $1 AND c.deleted_at IS NULL
       )
       SELECT count(*)::int AS clients, count(*) FILTER (WHERE m.member)::int AS members,
              count(*) FILTER (WHERE m.member AND cs.client_id IS NULL)::int AS unassessed,
              count(*) FILTER (WHERE m.member AND h.client_id IS NULL)::int AS unscored, now() AS "computedAt"
         FROM m LEFT JOIN client_status cs ON cs.client_id = m.id LEFT JOIN client_health h ON h.client_id = m.id`,
      [businessId],
    );
    return { ...row, tookMs: Date.now() - started };
  }

  async storedMemberCount(businessId: string): Promise<(MemberCount & { refreshingSince: Date | null }) | undefined> {
    const [row] = await this.ds.query(
      `SELECT clients, members, unassessed, unscored, computed_at AS "computedAt", took_ms AS "tookMs", refreshing_since AS "refreshingSince"
         FROM overview_member_count WHERE business_id = $1`,
      [businessId],
    );
    return row;
  }

  async storeMemberCount(businessId: string, c: MemberCount): Promise<void> {
    await this.ds.query(
      `INSERT INTO overview_member_count (business_id, clients, members, unassessed, unscored, computed_at, took_ms, refreshing_since)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)
       ON CONFLICT (business_id) DO UPDATE SET clients = EXCLUDED.clients, members = EXCLUDED.members, unassessed = EXCLUDED.unassessed, unscored = EXCLUDED.unscored,
              computed_at = EXCLUDED.computed_at, took_ms = EXCLUDED.took_ms, refreshing_since = NULL
        WHERE overview_member_count.computed_at <= EXCLUDED.computed_at`,
      [businessId, c.clients, c.members, c.unassessed, c.unscored, c.computedAt, c.tookMs],
    );
  }

  /** Claims the recount for one process; a claim older than `staleAfterSeconds` (a process that died) is taken over. */
  async claimMemberRecount(businessId: string, staleAfterSeconds: number): Promise<boolean> {
    const rows = await this.ds.query(
      `UPDATE overview_member_count SET refreshing_since = now()
        WHERE business_id = $1 AND (refreshing_since IS NULL OR refreshing_since < now() - make_interval(secs => $2))
       RETURNING business_id`,
      [businessId, staleAfterSeconds],
    );
    return rows.length > 0;
  }

  async releaseMemberRecount(businessId: string): Promise<void> {
    await this.ds.query(`UPDATE overview_member_count SET refreshing_since = NULL WHERE business_id = $1`, [businessId]);
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
