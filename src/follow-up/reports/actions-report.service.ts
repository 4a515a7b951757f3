import { Injectable } from '@nestjs/common';
import { Principal } from '../../auth';
import { DomainError, ErrorCode, notFound } from '../../common/domain-error';
import { TasksReportRepository, RETURN_WINDOW_DAYS } from '../../tasks';
import { ConversionRepository } from '../attribution/conversion.repository';
import { ArmCounts, EMPTY_ARM, SourceKind } from '../follow-up.types';
import { ActionsReportQueryDto } from '../dto/actions-report.dto';
import { ActionsReportRepository, SourceArmRow } from './actions-report.repository';
import { ReconnectRankingRepository } from './reconnect-ranking.repository';
import { engagementOf, Figures, figuresOf, sumItems } from './report-figures';
import { actionSteps } from './source-report.repository';
import { assertMayReadReports, REPORT_METHOD } from './source-report.service';

export const DEFAULT_RANGE_DAYS = 90;
export const MAX_RANGE_DAYS = 366;

export interface RankedAction extends Figures {
  rank: number;
  /** lift: ranked by lift; lift_small_sample: after those, a group is small; no_control: no holdout, by conversion */
  rankedBy: 'lift' | 'lift_small_sample' | 'no_control';
  kind: RankedKind;
  id: string;
  name: string;
  goal: { kind: string; withinDays: number } | null;
  channels: string[];
}

/** Reconnect ranks beside campaigns and automations, one action per service category. */
type RankedKind = SourceKind | 'reconnect';

/** GET /api/v1/reports/actions: which actions worked best over a range of exposure days. */
@Injectable()
export class ActionsReportService {
  constructor(
    private readonly repo: ActionsReportRepository,
    private readonly conversions: ConversionRepository,
    private readonly tasks: TasksReportRepository,
    private readonly reconnect: ReconnectRankingRepository,
  ) {}

  async report(p: Principal, q: ActionsReportQueryDto, now = new Date()) {
    assertMayReadReports(p);
    const today = await this.repo.localToday(p.businessId);
    if (!today) throw notFound('business');
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
    for (const [field, day] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!isCalendarDay(day)) throw invalid(field, 'is not a calendar date');
    if (from > to) throw invalid('from', 'must not be after to');
    if (daysBetween(from, to) >= MAX_RANGE_DAYS) throw invalid('from', `the range spans at most ${MAX_RANGE_DAYS} days`);

    const { start, end } = await this.repo.range(p.businessId, from, to);
    const [{ sources, arms, items, openPixel }, computedAt, staff, reconnect] = await Promise.all([
      this.repo.figures(p.businessId, start, end, now),
      this.conversions.lastRunAt(p.businessId),
      this.tasks.perStaff(p.businessId, from, to, RETURN_WINDOW_DAYS),
      this.reconnect.rows(p.businessId, start, end, now),
    ]);
    const actions = sources.map((s) => {
      const arm = (holdout: boolean) => toArm(arms.find((a) => a.kind === s.kind && a.sourceId === s.id && a.holdout === holdout));
      const mine = items.filter((i) => i.kind === s.kind && i.sourceId === s.id);
      return {
        kind: s.kind,
        id: s.id,
        name: s.name,
        goal: s.goal,
        channels: [...new Set(actionSteps(s.kind, s.steps).map((st) => st.channel))].sort(),
        ...figuresOf(arm(false), arm(true), sumItems(mine), openPixel),
      };
    });
    const rows = [...actions, ...reconnect];
    const overall = rank(rows);
    const channelNames = [...new Set([...rows.flatMap((r) => r.channels), ...items.map((i) => i.channel)])].sort();
    const sum = (k: 'doneByStaff' | 'ledToReturn' | 'windowOpen') => staff.reduce((n, s) => n + s[k], 0);
    return {
      from,
      to,
      asOf: now.toISOString(),
      computedAt,
      method: {
        ...REPORT_METHOD,
        range: 'actions with an exposure (recipient selected, run enrolled) on a local day in [from, to]; figures count those exposures only',
        ranking:
          'by lift (estimate, then lower bound); actions with a small sample after those; actions without a control group last, by conversion. byChannel ranks actions that act through that channel only',
      },
      overall,
      byChannel: Object.fromEntries(channelNames.map((c) => [c, rank(rows.filter((r) => r.channels.length === 1 && r.channels[0] === c))])),
      channels: channelNames.map((channel) => {
        const mine = items.filter((i) => i.channel === channel);
        const t = sumItems(mine);
        return {
          channel,
          actions: new Set(mine.map((i) => `${i.kind}:${i.sourceId}`)).size,
          touches: { total: t.total, sent: t.sent, delivered: t.delivered, failed: t.failed, blocked: t.blocked, pending: t.pending },
          attribution: { convertedTouches: t.converted, creditedLast: t.creditedLast, creditedFirst: t.creditedFirst },
          engagement: engagementOf(t, openPixel),
        };
      }),
      staffTasks: {
        returnWindowDays: RETURN_WINDOW_DAYS,
        staff,
        totals: { doneByStaff: sum('doneByStaff'), ledToReturn: sum('ledToReturn'), windowOpen: sum('windowOpen'), returnRate: ratio(sum('ledToReturn'), sum('doneByStaff')) },
      },
    };
  }
}

/** Rank order: reliable lifts first (estimate, then lower bound), small samples next, no control last. */
export function rank<T extends Figures & { kind: RankedKind; id: string }>(rows: T[]): Array<T & { rank: number; rankedBy: RankedAction['rankedBy'] }> {
  const tier = (r: T) => (!r.lift ? 2 : r.lift.smallSample ? 1 : 0);
  const sorted = [...rows].sort(
    (a, b) =>
      tier(a) - tier(b) ||
      (b.lift?.estimate ?? -2) - (a.lift?.estimate ?? -2) ||
      (b.lift?.lower ?? -2) - (a.lift?.lower ?? -2) ||
      (b.conversionRate ?? -1) - (a.conversionRate ?? -1) ||
      b.contacted - a.contacted ||
      a.kind.localeCompare(b.kind) ||
      // reconnect ids are category names (Number gives NaN, falsy)
      Number(a.id) - Number(b.id) ||
      a.id.localeCompare(b.id),
  );
  return sorted.map((r, i) => ({ ...r, rank: i + 1, rankedBy: (['lift', 'lift_small_sample', 'no_control'] as const)[tier(r)] }));
}

function toArm(row: SourceArmRow | undefined): ArmCounts {
  return row ? { n: row.n, converted: row.converted, medianDays: row.medianDays, revenue: row.revenue, open: row.open } : EMPTY_ARM;
}

const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);
const invalid = (field: string, reason: string) => new DomainError(ErrorCode.Invalid, `${field}: ${reason}`, { problems: [{ path: field, reason }] });

function isCalendarDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
