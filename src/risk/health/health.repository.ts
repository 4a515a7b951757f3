import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ClientSelection } from '../assessment/risk-assessment.repository';
import { HealthBand } from '../rules/health-score';
import { HealthSettings, HealthWeights } from '../rules/risk-settings';
import { healthParamValues, healthSql, healthMedianSql } from './health-sql';

export interface HealthBandChange {
  clientId: string;
  from: HealthBand;
  to: HealthBand;
  score: number;
}

export interface UsageDrop {
  clientId: string;
  recentSessions: number;
  earlierSessions: number;
  dropPercent: number;
}

export interface HealthPassResult {
  computed: number;
  rowsWritten: number;
  rowsRemoved: number;
  bandChanges: HealthBandChange[];
  usageDrops: UsageDrop[];
}

export interface StoredHealth {
  score: number;
  band: HealthBand;
  /** engagement is present only while the business weighs it */
  signals: Record<Exclude<keyof HealthWeights, 'engagement'>, number | null> & { engagement?: number };
  contributions: Omit<HealthWeights, 'engagement'> & { engagement?: number };
  usageDropped: boolean;
  computedOn: string;
}

interface Row {
  clientId: string | null;
  from: HealthBand | null;
  to: HealthBand;
  score: number;
  bandChanged: boolean;
  usageDrop: boolean;
  recentSessions: number;
  earlierSessions: number;
  dropPercent: number;
  computed: number | null;
  rowsWritten: number | null;
  rowsRemoved: number | null;
}

const SQL = { ids: healthSql('ids'), range: healthSql('range') };
const MEDIAN_SQL = healthMedianSql();

/** The set-based health pass (health-sql.ts) and reads of the stored score; scoped by business. */
@Injectable()
export class HealthRepository {
  constructor(private readonly ds: DataSource) {}

  /** The business median baseline (per frequency window) the pass falls back on for new members. */
  async median(businessId: string, settings: HealthSettings, today?: string): Promise<number | null> {
    const [row] = await this.ds.query(MEDIAN_SQL, [businessId, null, null, null, today ?? null, ...healthParamValues(settings).slice(0, 2)]);
    return row?.per_window ?? null;
  }

  async compute(businessId: string, selection: ClientSelection, settings: HealthSettings, opts: { today?: string; m?: EntityManager; median?: number | null } = {}): Promise<HealthPassResult> {
    const ids = 'ids' in selection ? selection.ids : null;
    const [from, to] = 'ids' in selection ? [null, null] : [selection.fromId, selection.toId];
    const rows: Row[] = await (opts.m ?? this.ds).query(SQL['ids' in selection ? 'ids' : 'range'], [
      businessId,
      ids,
      from,
      to,
      opts.today ?? null,
      ...healthParamValues(settings),
      opts.median ?? null,
    ]);
    const summary = rows[rows.length - 1];
    const events = rows.filter((r): r is Row & { clientId: string } => r.clientId !== null);
    return {
      computed: summary?.computed ?? 0,
      rowsWritten: summary?.rowsWritten ?? 0,
      rowsRemoved: summary?.rowsRemoved ?? 0,
      bandChanges: events.filter((r) => r.bandChanged).map((r) => ({ clientId: r.clientId, from: r.from as HealthBand, to: r.to, score: r.score })),
      usageDrops: events.filter((r) => r.usageDrop).map((r) => ({ clientId: r.clientId, recentSessions: r.recentSessions, earlierSessions: r.earlierSessions, dropPercent: r.dropPercent })),
    };
  }

  /** The stored health of one client; undefined for an unknown client or another business's. */
  async find(businessId: string, clientId: string): Promise<{ health: StoredHealth | null } | undefined> {
    const [row] = await this.ds.query(
      `SELECT h.client_id IS NOT NULL AS has, h.score, h.band, h.signals, h.contributions, h.usage_dropped AS "usageDropped",
              to_char(h.computed_on, 'YYYY-MM-DD') AS "computedOn"
         FROM client c LEFT JOIN client_health h ON h.client_id = c.id
        WHERE c.business_id = $1 AND c.id = $2`,
      [businessId, clientId],
    );
    if (!row) return undefined;
    if (!row.has) return { health: null };
    const { has: _has, ...health } = row;
    return { health };
  }
}
