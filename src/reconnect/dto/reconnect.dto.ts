import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { ROW_ID } from '../../common/row-id';
import { RECONNECT_CHANNELS, ReconnectChannel } from '../reconnect.types';

/** Reconnect settings; every field is replaced (leave one out for its default). */
export class ReconnectSettingsDto {
  /** The link offered as {{booking_link}}: an https URL, or null. */
  @IsOptional()
  @ValidateIf((o: ReconnectSettingsDto) => o.bookingLink !== null)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true }, { message: 'bookingLink must be an https URL' })
  @MaxLength(500)
  bookingLink?: string | null;

  /** Days after the first message for the one automatic follow-up (1-60, default 7); null: none. */
  @IsOptional()
  @ValidateIf((o: ReconnectSettingsDto) => o.followUpDays !== null)
  @IsInt({ message: 'followUpDays must be an integer from 1 to 60, or null for no follow-up' })
  @Min(1)
  @Max(60)
  followUpDays?: number | null;

  /** Days after the first message in which a booking or package counts as a reconnect (1-365, default 30). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  successWindowDays?: number;

  /** Share of overdue clients kept as a control group, never contacted (0-50, default 0). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  holdoutPercent?: number;
}

export class ReconnectSettingsResultDto {
  bookingLink: string | null;
  followUpDays: number | null;
  successWindowDays: number;
  holdoutPercent: number;
}

export class ReconnectSmsTemplateDto {
  /** Merge fields: {{first_name}}, {{service_category}}, {{usual_interval_weeks}}, {{booking_link}} (with an optional fallback: {{first_name | there}}). */
  @IsString()
  @Length(1, 1600)
  body!: string;
}

export class ReconnectEmailTemplateDto {
  @IsString()
  @Length(1, 300)
  subject!: string;

  /** Plain text; blank lines make paragraphs in the HTML part. */
  @IsString()
  @Length(1, 50_000)
  body!: string;
}

/** A category's reconnect message: SMS, email or both. */
export class ReconnectTemplateDto {
  @IsIn(RECONNECT_CHANNELS, { message: `channel must be one of ${RECONNECT_CHANNELS.join(', ')}` })
  channel!: ReconnectChannel;

  @ValidateIf((o: ReconnectTemplateDto) => o.channel !== 'email' || o.sms !== undefined)
  @IsDefined({ message: 'sms is required when channel is sms or both' })
  @ValidateNested()
  @Type(() => ReconnectSmsTemplateDto)
  sms?: ReconnectSmsTemplateDto;

  @ValidateIf((o: ReconnectTemplateDto) => o.channel !== 'sms' || o.email !== undefined)
  @IsDefined({ message: 'email is required when channel is email or both' })
  @ValidateNested()
  @Type(() => ReconnectEmailTemplateDto)
  email?: ReconnectEmailTemplateDto;
}

export class ReconnectTemplateResultDto {
  serviceCategory: string;
  channel: ReconnectChannel;
  sms: ReconnectSmsTemplateDto | null;
  email: ReconnectEmailTemplateDto | null;
  /** The built-in message: the business has not written one for this category. */
  isDefault: boolean;
}

export class ReconnectPreviewDto {
  @Matches(ROW_ID, { message: 'clientId must be a client id' })
  clientId!: string;

  /** A draft to render instead of the stored template. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ReconnectTemplateDto)
  template?: ReconnectTemplateDto;
}

export class ReconnectSmsPreviewDto {
  to: string | null;
  body: string;
  /** Length in parts: encoding, characters, parts. */
  sms: Record<string, unknown>;
}

export class ReconnectEmailPreviewDto {
  to: string | null;
  subject: string;
  html: string | null;
  text: string | null;
}

export class ReconnectPreviewResultDto {
  clientId: string;
  serviceCategory: string;
  /** The client's usual interval in the category, when their rhythm is known and they are overdue. */
  usualIntervalWeeks: number | null;
  sms?: ReconnectSmsPreviewDto;
  email?: ReconnectEmailPreviewDto;
}

export class ReconnectContactDto {
  @IsString()
  @Length(1, 200)
  serviceCategory!: string;
}

export class ReconnectFollowUpCountsDto {
  /** Follow-ups sent. */
  sent: number;
  /** Not sent: the client had booked in the category since the first message. */
  notNeeded: number;
}

/** One press of "Contact overdue clients" for one category. */
export class ReconnectBatchDto {
  id: string;
  serviceCategory: string;
  channel: ReconnectChannel;
  /** Overdue clients when the button was pressed. */
  overdue: number;
  /** Already in an open reconnect for the category (contacted before): not messaged again. */
  alreadyOpen: number;
  /** Clients at least one message went to (or waits for quiet hours). */
  sent: number;
  /** Control group: overdue, deliberately not contacted. */
  holdout: number;
  /** Clients every message of whom a guard held back. */
  skipped: number;
  /** Skipped by reason: no_consent, unsubscribed, opted_out, no_address, sleeping, frequency_cap, quiet_hours, stale_data. */
  skippedByReason: Record<string, number>;
  followUps: ReconnectFollowUpCountsDto;
  createdBy: string | null;
  createdAt: Date;
}

/** A category "Contact all" left out: its message needs a channel the business has not set up. */
export class ReconnectNotSetUpDto {
  serviceCategory: string;
  channels: string[];
  /** In the provider's words. */
  reason: string;
}

export class ReconnectContactAllResultDto {
  /** One batch per category with overdue clients. */
  items: ReconnectBatchDto[];
  notSetUp: ReconnectNotSetUpDto[];
  sent: number;
  skipped: number;
  alreadyOpen: number;
  holdout: number;
}

export class ReconnectReportRowDto {
  /** A category, or null for the overall line. */
  serviceCategory: string | null;
  contacted: number;
  reconnected: number;
  /** reconnected / contacted (null with none contacted). */
  rate: number | null;
  /** Price of the rebooked services plus package sale amounts (minor units, as the source sends prices). */
  revenue: number;
  /** Control group (holdout): overdue clients not contacted, judged the same way. */
  control: number;
  controlReconnected: number;
  controlRate: number | null;
  /** Reconnects whose window is still open and undecided: the figures can still rise. */
  openWindows: number;
  /** Clicks and replies of the contacted reconnects' messages (docs/follow-up.md "Engagement"). */
  engagement: ReconnectEngagementDto;
}

/** What came back from the messages; rates are null when nothing was delivered. */
export class ReconnectEngagementDto {
  /** Messages delivered (SMS with a receipt; email sent and not failed). */
  delivered: number;
  /** Of those, messages whose member clicked at least one link. */
  clicked: number;
  clickThroughRate: number | null;
  smsDelivered: number;
  /** SMS the member replied to within the reconnect's success window. */
  replied: number;
  replyRate: number | null;
}

export class ReconnectReportDto {
  overall: ReconnectReportRowDto;
  categories: ReconnectReportRowDto[];
}
