/** What the webhook answers Mailchimp (any 2xx is success to it; the body is for people reading logs). */
export class MailchimpWebhookAckDto {
  /** The delivery's `type`, as Mailchimp wrote it; absent on the validation GET. */
  type?: string;
  /** recorded: acted on; duplicate: this exact delivery was acted on before; ignored: nothing to do (another audience, an event type that carries no engagement, or a type we do not know). */
  outcome: 'recorded' | 'duplicate' | 'ignored' | 'ready';
  /** Clients (unsubscribe) or touches (cleaned) that got a record. */
  recorded: number;
}

/** The URL to paste into Mailchimp (Audience, Settings, Webhooks) for this business. */
export class MailchimpWebhookSettingsDto {
  /** Carries the business's webhook secret: keep it as private as the API key. */
  url: string;
  /** Events to tick in Mailchimp: they are the ones read. */
  events: string[];
}

/** What one pull of campaign email activity found. */
export class MailchimpActivityPullDto {
  /** Campaigns read (announced by the webhook as sent to the audience within the last 30 days). */
  campaigns: number;
  /** Activity entries Mailchimp listed (including ones seen before). */
  entries: number;
  /** New touch_open rows. */
  opens: number;
  /** New touch_click rows. */
  clicks: number;
  /** Touches failed by a hard bounce. */
  bounces: number;
}
