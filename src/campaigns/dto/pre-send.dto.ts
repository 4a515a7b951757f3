import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { BlockedCountsDto } from '../../actions';
import { ROW_ID } from '../../common/row-id';
import { CampaignAudienceDto } from './campaign.dto';

const PREVIEW_CHANNELS = ['email', 'sms', 'push', 'mailchimp'] as const;

/** The campaign as composed so far: the pre-send check needs no draft. */
export class PreSendCheckDto extends CampaignAudienceDto {}

/** A message to render for one real member. */
export class CampaignPreviewDto {
  @IsIn(PREVIEW_CHANNELS, { message: `channel must be one of ${PREVIEW_CHANNELS.join(', ')}` })
  channel!: (typeof PREVIEW_CHANNELS)[number];

  @IsObject({ message: 'template must be an object (its fields depend on the channel)' })
  template!: Record<string, unknown>;

  @Matches(ROW_ID, { message: 'clientId must be a member id' })
  clientId!: string;
}

/** "Send a test to me": an email step's template as one member would get it. */
export class CampaignTestSendDto {
  @IsObject({ message: 'template must be an email template {subject, html?, text?}' })
  template!: Record<string, unknown>;

  @Matches(ROW_ID, { message: 'clientId must be a member id' })
  clientId!: string;

  /** Default: the signed-in user's email. */
  @IsOptional()
  @IsString()
  @Length(3, 320)
  to?: string;
}

/** Sending may confirm channels the pre-send check reported as not set up. */
export class SendCampaignDto {
  /** Every channel of the campaign that is not set up, named to send anyway (its messages will fail as not configured). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(PREVIEW_CHANNELS, { each: true, message: `confirmChannelsNotSetUp must hold channels (${PREVIEW_CHANNELS.join(', ')})` })
  confirmChannelsNotSetUp?: string[];
}

export class ChannelSetUpDto {
  channel: string;
  setUp: boolean;
  /** Why it cannot send. */
  reason: string | null;
}

export class QuietHoursHoldDto {
  /** Members whose message waits (defer) or is dropped. */
  held: number;
  action: 'defer' | 'drop';
  /** When deferred messages go (the end of quiet hours), else null. */
  until: Date | null;
}

export class PreSendStepDto {
  key: string;
  channel: string;
  /** When the step's messages would go out (send time plus the step's delay). */
  sendAt: Date;
  /** Members held back per guard (consent, no address, sleeping, frequency cap). */
  heldBack: BlockedCountsDto;
  /** Members who pass every per-member guard. */
  reachable: number;
  /** Set when the step's send time falls in quiet hours. */
  quietHours: QuietHoursHoldDto | null;
}

/** What the send would do now, counted over the audience. */
export class PreSendCheckResultDto {
  /** The segment's members at its last evaluation. */
  audience: number;
  audienceEvaluatedAt: Date | null;
  /** Channels used by the steps, and whether each can send. */
  channels: ChannelSetUpDto[];
  /** Channels to name in confirmChannelsNotSetUp to send anyway. */
  notSetUp: string[];
  steps: PreSendStepDto[];
  /** The business's time zone (quiet hours and send times are in it). */
  timezone: string;
}

export class SmsPartsDto {
  encoding: 'GSM-7' | 'UCS-2';
  length: number;
  parts: number;
}

/** A step rendered for one member by the channel itself. */
export class CampaignPreviewResultDto {
  channel: string;
  /** The member's address for the channel. */
  to?: string | null;
  subject?: string;
  /** Email: the HTML as the member would see it (merge fields filled and escaped). */
  html?: string | null;
  text?: string | null;
  title?: string;
  body?: string;
  sms?: SmsPartsDto;
  tag?: string;
}

export class CampaignTestSendResultDto {
  to: string;
  subject: string;
  /** The relay's answer. */
  relay: string;
}
