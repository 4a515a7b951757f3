// The vocabulary of campaigns shared by DTOs, the repository and the send job.

export const MESSAGE_CHANNELS = ['email', 'sms', 'mailchimp', 'push'] as const;
export const CAMPAIGN_CHANNELS = [...MESSAGE_CHANNELS, 'staff_task'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** A staff_task step: a check-in task per contacted client (src/tasks). */
interface CampaignTaskSpec {
  reason: string;
  instructions?: string;
  dueInDays?: number;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  /** Default: the client's owner. */
  assignment?: { mode: 'owner' | 'staff' | 'team'; staffId?: string; teamId?: string };
}

/** actions.md "Follow-up": what a touch is judged by. */
export const GOAL_KINDS = ['visit', 'booking', 'status_loving_it', 'rebooking_same_category', 'regained_contract', 'purchase'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];
export const DEFAULT_GOAL = { kind: 'visit' as GoalKind, withinDays: 14 };
export const DEFAULT_HOLDOUT_PERCENT = 10;

export interface CampaignVariant {
  key: string;
  weight: number;
  template: Record<string, unknown>;
}

export interface CampaignStep {
  key: string;
  channel: CampaignChannel;
  /** One or more message variants, split at random per client (deterministic); none for tasks. */
  variants: CampaignVariant[];
  task?: CampaignTaskSpec;
  quietHours: 'defer' | 'drop';
  /** Minutes after the campaign's send time. */
  delayMinutes: number;
}

export type CampaignState = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled' | 'failed';

/** The idempotency key of a step's action run: the same step never reaches a client twice. */
export const stepOrigin = (campaignId: string, stepKey: string) => `campaign:${campaignId}:step:${stepKey}`;
