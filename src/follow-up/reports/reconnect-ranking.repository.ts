import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RECONNECT_RANKING_SQL, ReconnectRankingArm, ReconnectRankingItems } from '../../reconnect';
import { ArmCounts, EMPTY_ARM } from '../follow-up.types';
import { Figures, figuresOf, sumItems } from './report-figures';

export interface ReconnectRankedRow extends Figures {
  kind: 'reconnect';
  /** The service category. */
  id: string;
  name: string;
  goal: { kind: string; withinDays: number };
  channels: string[];
  /** Price of the rebooked services and package sale amounts of the contacted arm (minor units). */
  rebookingRevenue: number;
}

/**
 * Reconnect in the ranking: one action per service category, reconnects first messaged in the
 * range, judged by reconnect (a rebooking in the category or a package within its window, counted
 * against the first message); the SQL is reconnect's (docs/reconnect.md).
 */
// and whether the business has the open pixel on (opens are shown then, docs/follow-up.md "Engagement")
const SQL = `SELECT q.*, COALESCE((SELECT (bz.settings -> 'messaging' ->> 'openPixel')::boolean FROM business bz WHERE bz.id = $1), false) AS open_pixel
  FROM (${RECONNECT_RANKING_SQL}) q`;

@Injectable()
export class ReconnectRankingRepository {
  constructor(private readonly ds: DataSource) {}

  async rows(businessId: string, start: Date, end: Date, now: Date): Promise<ReconnectRankedRow[]> {
    const [{ arms, items, open_pixel: openPixel }] = (await this.ds.query(SQL, [businessId, start, end, now])) as Array<{
      arms: ReconnectRankingArm[];
      items: ReconnectRankingItems[];
      open_pixel: boolean;
    }>;
    const toArm = (a: ReconnectRankingArm | undefined): ArmCounts => (a ? { n: a.n, converted: a.converted, medianDays: a.medianDays, revenue: 0, open: a.open } : EMPTY_ARM);
    return [...new Set(arms.map((a) => a.category))].sort().map((category) => {
      const contacted = arms.find((a) => a.category === category && !a.holdout);
      const control = arms.find((a) => a.category === category && a.holdout);
      const mine = items.filter((i) => i.category === category).map((i) => ({ ...i, converted: 0, creditedLast: 0, creditedFirst: 0 }));
      const channels = new Set((contacted ?? control)!.channels.flatMap((c) => (c === 'both' ? ['email', 'sms'] : [c])));
      return {
        kind: 'reconnect' as const,
        id: category,
        name: `Reconnect: ${category}`,
        goal: { kind: 'rebooking_same_category', withinDays: Math.max(contacted?.windowDays ?? 0, control?.windowDays ?? 0) },
        channels: [...channels].sort(),
        ...figuresOf(toArm(contacted), toArm(control), sumItems(mine), openPixel),
        rebookingRevenue: contacted?.revenue ?? 0,
      };
    });
  }
}
