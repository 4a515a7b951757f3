import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CHANNELS, CONSENT_CHANNELS, CONSENT_SOURCES } from '../actions.types';

/** POST /api/v1/actions/send: one message to explicit clients (campaigns call the facade directly). */
export class SendActionDto {
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9:._-]{0,199}$/, { message: 'origin must be 1-200 letters, digits and : . _ - (e.g. campaign:12:step:1)' })
  origin: string;

  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel: (typeof CHANNELS)[number];

  @IsObject()
  template: Record<string, unknown>;

  @IsArray()
  @ArrayMaxSize(100_000)
  @Matches(/^[1-9]\d{0,18}$/, { each: true, message: 'clientIds must be client ids (positive integers as strings)' })
  clientIds: string[];

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  sendAt?: Date;

  @IsOptional()
  @IsIn(['defer', 'drop'])
  quietHours?: 'defer' | 'drop';

  @IsOptional()
  @IsBoolean()
  marketing?: boolean;

  /**
   * Admin only, with `marketing: false`: why this transactional message must also reach clients
   * who withdrew consent for the channel (unsubscribed, STOP, a recorded opt-out). Kept in the
   * audit trail. Without it a transactional send skips those clients (blocked).
   */
  @IsOptional()
  @IsString()
  @Length(10, 500, { message: 'consentOverrideReason must be 10-500 characters saying why the message must reach clients who withdrew consent' })
  consentOverrideReason?: string;

  @IsOptional()
  @IsBoolean()
  includeSleeping?: boolean;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,50}$/, { message: 'variant must be 1-50 letters, digits, _ or -' })
  variant?: string;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(500)
  batchSize?: number;
}

export class ListTouchesQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  origin?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,18}$/, { message: 'clientId must be a client id' })
  clientId?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,18}$/, { message: 'runId must be a run id' })
  runId?: string;

  @IsOptional()
  @IsIn(['queued', 'blocked', 'deferred', 'sending', 'sent', 'delivered', 'failed', 'opened', 'clicked', 'replied'])
  status?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Matches(/^[1-9]\d{0,18}$/, { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

export class RecordConsentDto {
  @IsIn(CONSENT_CHANNELS, { message: `channel must be one of ${CONSENT_CHANNELS.join(', ')}` })
  channel: (typeof CONSENT_CHANNELS)[number];

  @IsBoolean()
  granted: boolean;

  /** How the consent was given or withdrawn; staff by default. */
  @IsOptional()
  @IsIn(CONSENT_SOURCES.filter((s) => s !== 'sms_keyword' && s !== 'unsubscribe_link' && s !== 'provider'), { message: 'source must be one of import, form, staff' })
  source?: 'import' | 'form' | 'staff';

  @IsOptional()
  @IsObject()
  evidence?: Record<string, unknown>;
}

export class ContactPreferencesDto {
  @IsBoolean()
  sleeping: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class FailedDeliveriesQuery {
  @IsOptional()
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel?: (typeof CHANNELS)[number];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class SmsAccountDto {
  @IsString()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'accountSid must be a Twilio account SID (AC + 32 hex)' })
  accountSid: string;

  @IsOptional()
  @IsString()
  @Length(16, 200)
  authToken?: string;

  /** The sending number (E.164) or a Messaging Service SID (MG...). */
  @IsOptional()
  @IsString()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'from must be an E.164 number such as +15551234567' })
  from?: string;

  @IsOptional()
  @IsString()
  @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'messagingServiceSid must be MG + 32 hex' })
  messagingServiceSid?: string;
}

export class MailchimpAccountDto {
  /** The API key ends in the data center (…-us21). */
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{32}-[a-z]+\d+$/, { message: 'apiKey must be a Mailchimp API key (32 hex, dash, data center such as us21)' })
  apiKey?: string;

  @IsString()
  @Matches(/^[0-9a-zA-Z]{1,50}$/, { message: 'listId must be the audience (list) id' })
  listId: string;
}

export class PushAccountDto {
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'url must be an http(s) URL' })
  url: string;

  /** The provider; 'webhook' (a signed POST to the business's own app backend) is built in. */
  @IsOptional()
  @IsIn(['webhook'])
  provider?: 'webhook';

  @IsOptional()
  @IsString()
  @Length(16, 500)
  signingSecret?: string;
}

export class EmailAccountDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  fromName?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, { message: 'replyTo must be an email address' })
  replyTo?: string;
}
