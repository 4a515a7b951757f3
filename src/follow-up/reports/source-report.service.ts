import { Injectable } from '@nestjs/common';
import { Principal } from '../../auth';
import { DomainError, ErrorCode, notFound } from '../../common/domain-error';
import { ConversionRepository } from '../attribution/conversion.repository';
import { ArmCounts, EMPTY_ARM, SourceKind } from '../follow-up.types';
import { Figures, figuresOf, sumItems, VariantComparison, versusReference } from './report-figures';
import { ArmRow, ItemRow, SourceReportRepository, SourceRow } from './source-report.repository';

export const REPORT_METHOD = {
  unit: 'exposure: a campaign recipient or an automation enrollment, contacted or held out',
  conversion: 'the goal happened after the exposure, up to the end of the last local day of its window',
  lift: 'conversion of the contacted arm minus conversion of the control arm, both measured from the exposure (intent to treat)',
  interval: '95 % Newcombe hybrid score interval (method 10, from two Wilson score intervals)',
  attribution: 'each goal event is credited to the last touch before it (first touch also shown)',
} as const;

interface StepReport extends Figures {
  key: string;
  type: string;
  channel: string;
  /** true when an earlier step already acted on the contacted arm: who reaches this step may depend on it */
  conditional: boolean;
  variants: Array<Figures & { key: string; versusReference: VariantComparison | null }>;
}

/** GET /api/v1/reports/campaigns/:id and /automations/:id. */
@Injectable()
export class SourceReportService {
  constructor(
    private readonly repo: SourceReportRepository,
    private readonly conversions: ConversionRepository,
  ) {}

  async report(p: Principal, kind: SourceKind, id: string, now = new Date()) {
    assertMayReadReports(p);
    const source = await this.repo.findSource(p.businessId, kind, id);
    if (!source) throw notFound(kind);
    const [{ arms, items, openPixel }, computedAt] = await Promise.all([this.repo.figures(p.businessId, source, now), this.conversions.lastRunAt(p.businessId)]);
    return assemble(source, arms, items, now, computedAt, openPixel);
  }
}

export function assertMayReadReports(p: Principal): void {
  if (p.role === 'staff') throw new DomainError(ErrorCode.Forbidden, `a staff ${p.kind === 'session' ? 'user' : 'key'} cannot read reports`);
}

/** The report of one source from its counted arms and items. Exported for unit tests. */
function assemble(source: SourceRow, arms: ArmRow[], items: ItemRow[], now: Date, computedAt: Date | null, openPixel: boolean) {
  const arm = (grp: ArmRow['grp'], holdout: boolean, match: Partial<ArmRow> = {}): ArmCounts => {
    const row = arms.find(
      (a) =>
        a.grp === grp &&
        a.holdout === holdout &&
        (match.stepKey === undefined || a.stepKey === match.stepKey) &&
        (match.channel === undefined || a.channel === match.channel) &&
        (match.variant === undefined || a.variant === match.variant),
    );
    return row ? { n: row.n, converted: row.converted, medianDays: row.medianDays, revenue: row.revenue, open: row.open } : EMPTY_ARM;
  };
  const stepItems = (key: string, variant?: string) => sumItems(items.filter((i) => i.stepKey === key && (variant === undefined || i.variant === variant)));

  const steps: StepReport[] = source.steps.map((s, index) => {
    const control = arm('step', true, { stepKey: s.key });
    const contactedVariants = arms.filter((a) => a.grp === 'variant' && !a.holdout && a.stepKey === s.key).map((a) => a.variant);
    const keys = [...s.variants, ...contactedVariants.filter((v) => !s.variants.includes(v))];
    const reference = keys.length ? arm('variant', false, { stepKey: s.key, variant: keys[0] }) : EMPTY_ARM;
    return {
      key: s.key,
      type: s.type,
      channel: s.channel,
      conditional: source.kind === 'automation' && index > 0,
      ...figuresOf(arm('step', false, { stepKey: s.key }), control, stepItems(s.key), openPixel),
      variants:
        keys.length > 1
          ? keys.map((v, i) => {
              const mine = arm('variant', false, { stepKey: s.key, variant: v });
              return { key: v, ...figuresOf(mine, control, stepItems(s.key, v), openPixel), versusReference: i === 0 ? null : versusReference(mine, reference, keys[0]) };
            })
          : [],
    };
  });
  const channels = [...new Set(source.steps.map((s) => s.channel))].map((channel) => ({
    channel,
    ...figuresOf(
      arm('channel', false, { channel }),
      arm('channel', true, { channel }),
      sumItems(items.filter((i) => source.steps.some((s) => s.key === i.stepKey && s.channel === channel))),
      openPixel,
    ),
  }));
  const summary = figuresOf(arm('all', false), arm('all', true), sumItems(items), openPixel);
  return {
    source: { kind: source.kind, id: source.id, name: source.name, state: source.state, goal: source.goal, holdoutPercent: source.holdoutPercent, createdAt: source.createdAt },
    asOf: now.toISOString(),
    computedAt,
    provisional: summary.openWindows > 0,
    method: REPORT_METHOD,
    ...summary,
    steps,
    channels,
  };
}
