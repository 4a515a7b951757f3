import { BlockReason, Channel, ConsentSource, DeferReason, TouchStatus } from '../actions.types';

/** Touches per guard that held the send back (only reasons that occurred appear). */
export class BlockedCountsDto {
  client_not_found?: number;
  no_address?: number;
  unsubscribed?: number;
  opted_out?: number;
  no_consent?: number;
  sleeping?: number;
  frequency_cap?: number;
  quiet_hours?: number;
  stale_data?: number;
}

/** What a send did: one run, one touch per client, guards applied. */
export class DispatchResultDto {
  runId: string;
  targeted: number;
  /** Touches created now (one per client not already touched by this origin). */
  claimed: number;
  alreadyTouched: number;
  unknownClients: number;
  queued: number;
  deferred: number;
  deferReason: DeferReason | null;
  /** When the queued or deferred touches are sent. */
  dueAt: Date;
  blocked: BlockedCountsDto;
  /** Delivery jobs enqueued. */
  jobs: number;
}

/** Whether automated sends wait for fresh booking data. */
export class StaleDataHoldDto {
  held: boolean;
  /** A booking system is connected (without one nothing is held). */
  connected: boolean;
  lastDataAt: Date | null;
  /** Automated sends are held when booking data is older than this; null: never. */
  holdHours: number | null;
  /** Touches waiting for the hold to end. */
  heldTouches: number;
}

export class HoldStatusDto {
  staleData: StaleDataHoldDto;
}

/** Touches per status (only statuses that occur appear). */
export class TouchStatusCountsDto {
  queued?: number;
  blocked?: number;
  deferred?: number;
  sending?: number;
  sent?: number;
  delivered?: number;
  failed?: number;
  opened?: number;
  clicked?: number;
  replied?: number;
}

/** An action run (one origin and variant) with its progress. */
export class ActionRunDto {
  id: string;
  origin: string;
  variant: string | null;
  channel: Channel;
  counts: TouchStatusCountsDto;
}

/** One message to one client: its guards, delivery and engagement. */
export class TouchDto {
  id: string;
  clientId: string;
  runId: string | null;
  channel: Channel | 'staff_task';
  /** The idempotency key of the run: 'campaign:12:step:1', 'automation:3:step:send-1:occ:...'. */
  origin: string;
  campaignId: string | null;
  automationId: string | null;
  stepKey: string | null;
  variant: string | null;
  marketing: boolean;
  status: TouchStatus;
  blockedReason: BlockReason | null;
  deferredReason: DeferReason | null;
  providerMessageId: string | null;
  errorCode: string | null;
  error: string | null;
  attempts: number;
  dueAt: Date;
  queuedAt: Date;
  blockedAt: Date | null;
  claimedAt: Date | null;
  /** When the message was being handed to the provider (it may have it from then on); with no outcome after a crash, the touch is in doubt. */
  handedOverAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  repliedAt: Date | null;
  /** When a person resent this touch after it was in doubt (POST /api/v1/touches/:id/resend), and who: 'user:<id>' or 'api_key:<id>'. */
  resentAt: Date | null;
  resentBy: string | null;
}

/** A page of touches, newest first. */
export class TouchListDto {
  items: TouchDto[];
  /** Pass as `after` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** A client's consent on one channel now, and where it comes from. */
export class ConsentStateDto {
  granted: boolean;
  /** ledger (recorded here), booking_system, or default (the business's unknownConsent setting). */
  from: string;
  /** The ledger entry's source, when from is ledger. */
  source: string | null;
  since: Date | null;
}

export class ConsentCurrentDto {
  email: ConsentStateDto;
  sms: ConsentStateDto;
  push: ConsentStateDto;
}

/** One opt-in or opt-out, with its evidence. */
export class ConsentEntryDto {
  channel: 'email' | 'sms' | 'push';
  granted: boolean;
  source: ConsentSource;
  evidence: Record<string, unknown>;
  recordedAt: Date;
}

/** A client's consent per channel and the ledger behind it (newest first, at most 500). */
export class ClientConsentDto {
  current: ConsentCurrentDto;
  ledger: ConsentEntryDto[];
}

/** The sleeping flag: sleeping members are not contacted automatically. */
export class ContactPreferencesResultDto {
  sleeping: boolean;
  sleepingSince: Date | null;
  note: string | null;
}

/** A channel account as stored; secrets are named, never shown. */
export class ChannelAccountDto {
  channel: Channel;
  config: Record<string, unknown>;
  /** Which secrets are set. */
  secretsSet: string[];
  enabled: boolean;
  updatedAt: Date;
}

export class ChannelAccountListDto {
  channels: ChannelAccountDto[];
}

/** The email sender's settings. */
export class EmailAccountResultDto {
  channel: 'email';
  config: Record<string, unknown>;
}

/** The Twilio account, with the URLs to configure in Twilio. */
export class SmsAccountResultDto {
  channel: 'sms';
  config: Record<string, unknown>;
  secretsSet: string[];
  /** Set it as the number's inbound message webhook (prefix PUBLIC_BASE_URL). */
  inboundWebhookUrl: string;
  statusCallbackUrl: string;
}

export class MailchimpAccountResultDto {
  channel: 'mailchimp';
  config: Record<string, unknown>;
  secretsSet: string[];
}

export class PushAccountResultDto {
  channel: 'push';
  config: Record<string, unknown>;
  secretsSet: string[];
  /** Only in the answer that generated it: the signing secret, shown once. */
  signingSecret?: string;
}

/** A delivery job Bull kept as failed. */
export class FailedJobDto {
  id: string;
  channel: Channel;
  runId: string;
  /** Touches the job carried. */
  touches: number;
  attemptsMade: number;
  failedReason: string | null;
  /** Discarded on a permanent error rather than out of retries. */
  permanent: boolean;
  failedAt: Date | null;
}

/** The dead-letter list: failed delivery jobs and failed touches, newest first. */
/** A failed touch with the member's name, so a list of them needs no request per row. */
export class FailedTouchDto extends TouchDto {
  clientFirstName: string | null;
  clientLastName: string | null;
}

export class FailedDeliveriesDto {
  jobs: FailedJobDto[];
  touches: FailedTouchDto[];
}

/** Local wall-clock quiet period, HH:MM; an end before the start spans midnight. */
export class QuietHoursDto {
  start: string;
  end: string;
}

/** At most `max` marketing messages per client per `days`. */
export class FrequencyCapDto {
  max: number;
  days: number;
}

export class ConsentDefaultsDto {
  email: boolean;
  sms: boolean;
  push: boolean;
}

/** Messages per second per channel. */
export class ChannelRatesDto {
  email: number;
  sms: number;
  push: number;
}

/** The business's messaging guards (docs/actions.md "Settings"). */
export class MessagingSettingsDto {
  /** null: no quiet hours. */
  quietHours: QuietHoursDto | null;
  /** null: no cap. */
  frequencyCap: FrequencyCapDto | null;
  /** Automated sends are held while booking data is older than this; null: never. */
  staleHoldHours: number | null;
  /** Consent when neither the ledger nor the booking system says anything. */
  unknownConsent: ConsentDefaultsDto;
  ratePerSecond: ChannelRatesDto;
  /** Concurrent requests to one Mailchimp account (Mailchimp allows 10). */
  mailchimpConcurrency: number;
  /** ISO 3166 country for phone numbers stored without a country code; null: send them as stored. */
  smsDefaultCountry: string | null;
  /** A 1x1 open pixel in HTML email; off by default. */
  openPixel: boolean;
}

/** Channels left out keep their value. */
export class ConsentDefaultsPatchDto {
  email?: boolean;
  sms?: boolean;
  push?: boolean;
}

/** Channels left out keep their value; each above 0 and at most 100000. */
export class ChannelRatesPatchDto {
  email?: number;
  sms?: number;
  push?: number;
}

/**
 * Partial: fields left out keep their value; quietHours, frequencyCap and staleHoldHours take
 * null to switch the guard off; the others take null to restore the default.
 */
export class MessagingSettingsPatchDto {
  quietHours?: QuietHoursDto | null;
  frequencyCap?: FrequencyCapDto | null;
  /** 1-720 hours; null: never hold. */
  staleHoldHours?: number | null;
  unknownConsent?: ConsentDefaultsPatchDto | null;
  ratePerSecond?: ChannelRatesPatchDto | null;
  /** 1-10 */
  mailchimpConcurrency?: number | null;
  smsDefaultCountry?: string | null;
  /** null: the default (off) */
  openPixel?: boolean | null;
}
