import { BlockedCountsDto, TouchStatusCountsDto, BlockReason, DeferReason, TouchStatus } from '../../actions';
import { CampaignChannel, CampaignState } from '../campaign.types';
import { CampaignGoalDto, CampaignTaskDto } from './campaign.dto';

/** A message variant as stored (one per step unless A/B split). */
export class CampaignStoredVariantDto {
  key: string;
  /** Relative share of the step's recipients. */
  weight: number;
  /** The channel's template (email {subject, html?, text?}; sms {body}; mailchimp {tag}; push {title, body, data?}). */
  template: Record<string, unknown>;
}

/** A step as stored. */
export class CampaignStoredStepDto {
  key: string;
  channel: CampaignChannel;
  /** None for a staff_task step. */
  variants: CampaignStoredVariantDto[];
  /** The task raised per contacted client (staff_task steps). */
  task?: CampaignTaskDto;
  quietHours: 'defer' | 'drop';
  /** Minutes after the campaign's send time. */
  delayMinutes: number;
}

/** A one-off campaign. */
export class CampaignDto {
  id: string;
  name: string;
  segmentId: string;
  steps: CampaignStoredStepDto[];
  /** Share of the segment held out as the control group. */
  holdoutPercent: number;
  goal: CampaignGoalDto;
  includeSleeping: boolean;
  state: CampaignState;
  sendAt: Date | null;
  recipientsSelectedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  createdAt: Date;
}

/** Where a campaign stands, for the list. */
export class CampaignSummaryDto {
  /** Members selected when it was sent (0 before). */
  targeted: number;
  contacted: number;
  touches: number;
  /** Touches sent or further (delivered, opened, clicked, replied). */
  sent: number;
  /** Queued, deferred or being sent. */
  pending: number;
  blocked: number;
  failed: number;
  /** Set while nothing has gone yet and quiet hours hold its messages: when the first of them goes. */
  quietUntil: Date | null;
}

export class CampaignListItemDto extends CampaignDto {
  summary: CampaignSummaryDto;
}

export class CampaignListDto {
  /** Newest first, at most 500. */
  items: CampaignListItemDto[];
}

/** The segment's members at send time, split into contacted and holdout. */
export class CampaignRecipientsDto {
  targeted: number;
  holdout: number;
  contacted: number;
}

/** Tasks a staff_task step raised, per state (states that occur). */
export class TaskStateCountsDto {
  open?: number;
  done?: number;
  dismissed?: number;
}

export class CampaignDeferredDto {
  reason: string;
  /** The earliest due time among them. */
  until: Date;
  n: number;
}

/** A variant's touches. */
export class CampaignVariantProgressDto {
  key: string;
  weight: number;
  touches: number;
  byStatus: TouchStatusCountsDto;
  /** Blocked touches per guard. */
  blocked: BlockedCountsDto;
  /** Deferred touches per reason (quiet_hours, scheduled, stale_data) and when the first of them goes. */
  deferred: CampaignDeferredDto[];
}

/** A step's progress. */
export class CampaignStepProgressDto {
  key: string;
  channel: CampaignChannel;
  delayMinutes: number;
  /** staff_task steps only. */
  tasks?: TaskStateCountsDto;
  variants: CampaignVariantProgressDto[];
}

/** The campaign with its progress: recipients, and touches per step and variant. */
export class CampaignDetailDto extends CampaignDto {
  recipients: CampaignRecipientsDto;
  progress: CampaignStepProgressDto[];
}

/** One touch of a campaign. */
export class CampaignTouchDto {
  id: string;
  clientId: string;
  /** The member's name (null when the client has none, or was erased). */
  clientName: string | null;
  channel: CampaignChannel;
  stepKey: string | null;
  variant: string | null;
  status: TouchStatus;
  blockedReason: BlockReason | null;
  deferredReason: DeferReason | null;
  providerMessageId: string | null;
  error: string | null;
  queuedAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  repliedAt: Date | null;
}

/** A page of touches by id. */
export class CampaignTouchListDto {
  items: CampaignTouchDto[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}
