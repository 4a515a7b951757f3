import { GoalKind } from '../../campaigns';
import { StaffTaskStatsDto } from '../../tasks';
import { SourceKind } from '../follow-up.types';

/** Lift: the contacted arm's conversion minus the control arm's, with its 95 % interval. */
export class LiftDto {
  estimate: number;
  lower: number;
  upper: number;
  negative: boolean;
  significantlyNegative: boolean;
  significantlyPositive: boolean;
  /** A group is too small for the interval to mean much ("not enough data yet"). */
  smallSample: boolean;
}

/** Touches and staff tasks by what became of them. */
export class ReportTouchCountsDto {
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  blocked: number;
  pending: number;
}

export class ReportAttributionDto {
  /** Touches the goal followed within their own window. */
  convertedTouches: number;
  /** Goal events credited to their last touch. */
  creditedLast: number;
  creditedFirst: number;
}

/** What came back from the messages (docs/follow-up.md "Engagement"). Rates are null when nothing was delivered. */
export class ReportEngagementDto {
  /** Messages delivered through channels with links (email, SMS, Mailchimp). */
  delivered: number;
  /** Of those, messages whose member clicked at least one link. */
  clicked: number;
  /** clicked / delivered; null when none was delivered. */
  clickThroughRate: number | null;
  smsDelivered: number;
  /** SMS the member replied to within the report window (the goal's window after the send). */
  replied: number;
  /** replied / smsDelivered; null when no SMS was delivered. */
  replyRate: number | null;
  /** Email delivered (own or Mailchimp). */
  emailDelivered: number;
  /** Opened, as reported by mail clients (unreliable: some open every message themselves); null when opens are not tracked. */
  opened: number | null;
  openRate: number | null;
}

/** The figures of a group of exposures (docs/follow-up.md "Figures"). */
export class ReportFiguresDto {
  /** Exposures of both arms. */
  targeted: number;
  /** Assigned to be contacted (not held out); the lift compares all of them (intent to treat). */
  contacted: number;
  /** Held out: selected, never contacted. */
  control: number;
  touches: ReportTouchCountsDto;
  converted: number;
  conversionRate: number | null;
  controlConverted: number;
  controlConversionRate: number | null;
  /** null without a control group. */
  lift: LiftDto | null;
  medianDaysToReturn: number | null;
  controlMedianDaysToReturn: number | null;
  /** Minor units per month: active subscriptions of converted contacted clients on their conversion day. */
  retainedMonthlyRevenue: number;
  attribution: ReportAttributionDto;
  engagement: ReportEngagementDto;
  /** Exposures whose window has not ended: these figures can still change. */
  openWindows: number;
}

/** How the figures are computed, in words. */
export class ReportMethodDto {
  unit: string;
  conversion: string;
  lift: string;
  interval: string;
  attribution: string;
}

/** A goal: what a touch is judged by, within so many days. */
export class ReportGoalDto {
  kind: string;
  withinDays: number;
}

/** The campaign or automation a report is about. */
export class ReportSourceDto {
  kind: SourceKind;
  id: string;
  name: string;
  /** A campaign's state; an automation's enabled / paused / archived. */
  state: string;
  goal: ReportGoalDto;
  holdoutPercent: number;
  createdAt: Date;
}

/** A variant against the step's first variant (both contacted, split at random). */
export class VariantComparisonDto {
  /** The reference variant's key. */
  reference: string;
  estimate: number;
  lower: number;
  upper: number;
}

export class ReportVariantDto extends ReportFiguresDto {
  key: string;
  /** null for the reference (first) variant or too little data. */
  versusReference: VariantComparisonDto | null;
}

/** An action step's figures. */
export class ReportStepDto extends ReportFiguresDto {
  key: string;
  /** send, task or door_alert. */
  type: string;
  channel: string;
  /** An earlier step already acted on the contacted arm: who reaches this step may depend on it. */
  conditional: boolean;
  /** Per variant, when the step has more than one. */
  variants: ReportVariantDto[];
}

export class ReportChannelFiguresDto extends ReportFiguresDto {
  channel: string;
}

/** Which actions worked: a campaign's or automation's figures, overall, per step, variant and channel. */
export class SourceReportDto extends ReportFiguresDto {
  source: ReportSourceDto;
  asOf: string;
  /** The last conversion pass; null before the first. */
  computedAt: Date | null;
  /** Some windows are still open. */
  provisional: boolean;
  method: ReportMethodDto;
  steps: ReportStepDto[];
  channels: ReportChannelFiguresDto[];
}

/** A campaign, automation or reconnect category (docs/reconnect.md) in the ranking. */
export class RankedActionDto extends ReportFiguresDto {
  kind: SourceKind | 'reconnect';
  id: string;
  name: string;
  goal: ReportGoalDto | null;
  channels: string[];
  rank: number;
  /** lift: by lift; lift_small_sample: after those, a group is small; no_control: no holdout, by conversion. */
  rankedBy: 'lift' | 'lift_small_sample' | 'no_control';
  /** Reconnect only: price of the rebooked services and package sale amounts of the contacted (minor units). */
  rebookingRevenue?: number;
}

/** The ranking per channel, among actions that act through that channel only. */
export class RankingByChannelDto {
  email?: RankedActionDto[];
  sms?: RankedActionDto[];
  mailchimp?: RankedActionDto[];
  push?: RankedActionDto[];
  staff_task?: RankedActionDto[];
  door_alert?: RankedActionDto[];
}

/** Touches through one channel over the range. */
export class ChannelActivityDto {
  channel: string;
  /** Actions with touches through it. */
  actions: number;
  touches: ReportTouchCountsDto;
  attribution: ReportAttributionDto;
  engagement: ReportEngagementDto;
}

export class ActionsReportMethodDto extends ReportMethodDto {
  range: string;
  ranking: string;
}

export class StaffTaskTotalsDto {
  doneByStaff: number;
  ledToReturn: number;
  windowOpen: number;
  returnRate: number | null;
}

/** Staff tasks over the range (as GET /reports/tasks). */
export class StaffTasksSummaryDto {
  returnWindowDays: number;
  staff: StaffTaskStatsDto[];
  totals: StaffTaskTotalsDto;
}

/** Campaigns and automations ranked by lift over a range of exposure days. */
export class ActionsReportDto {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD */
  to: string;
  asOf: string;
  computedAt: Date | null;
  method: ActionsReportMethodDto;
  overall: RankedActionDto[];
  byChannel: RankingByChannelDto;
  channels: ChannelActivityDto[];
  staffTasks: StaffTasksSummaryDto;
}

/** One goal kind's conversion pass. */
export class ConversionPassDto {
  goalKind: GoalKind;
  /** Exposures (both arms) whose windows were judged. */
  exposures: number;
  convertedExposures: number;
  touches: number;
  convertedTouches: number;
  /** Rows inserted, changed or deleted; 0 on a repeat pass over unchanged data. */
  written: number;
  cutoff: Date | null;
  durationMs: number;
}

export class FollowUpRecomputeDto {
  passes: ConversionPassDto[];
}
