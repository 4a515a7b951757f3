import { Channel } from '../actions.types';
import { Recipient } from '../touches/touch.repository';
import { TrackedLinks } from '../engagement/tracked-links';
import { DeliveryFailure } from './delivery-errors';

/** What every send of a business knows: who it is for and the channel account to use. */
export interface SendContext {
  businessId: string;
  businessName: string;
  timezone: string;
  runId: string;
  origin: string;
  /** The business's account for the channel (config and opened secrets), if it has one. */
  account: { config: Record<string, unknown>; secrets: Record<string, string> } | undefined;
  /** Concurrency the channel may use for this business (Mailchimp: requests per account). */
  concurrency: number;
  /** ISO country whose numbering a phone stored without a country code is read in (SMS). */
  smsDefaultCountry?: string | null;
  /** The business's open pixel setting (email). */
  openPixel?: boolean;
  /** Click tracking of the chunk being rendered (email and SMS rewrite their links through it). */
  links?: TrackedLinks;
}

export interface RenderedMessage<R> {
  touchId: string;
  recipient: Recipient;
  message: R;
}

export type SendOutcome = { touchId: string; ok: true; providerMessageId: string | null } | { touchId: string; ok: false; failure: DeliveryFailure };

/**
 * What a provider tells the delivery service while it sends (docs/reliability.md "Deliveries and
 * 'in doubt'"). `handOver` is awaited right before the step after which the provider may have the
 * message (the SMTP DATA terminator, the HTTP request): it resolves once that is recorded durably,
 * and rejects (HandOverRefused) when the message must not go, because another delivery run took
 * the touch over. A provider that never calls it says its sends can be repeated harmlessly (the
 * Mailchimp upsert). `settled` reports one message's outcome as soon as it is known.
 */
export interface SendHooks {
  handOver(touchId: string): Promise<void>;
  settled(outcome: SendOutcome): void;
}

/**
 * One channel (email, SMS, Mailchimp, push). The delivery service validates a template when
 * it is dispatched, renders it per recipient, hands the provider a batch of rendered messages
 * for one business, and records each outcome on the touch. A provider throws from `send` only
 * when the whole batch cannot go (not configured, credentials refused, service down); `classify`
 * says whether that is worth a retry.
 */
export interface ChannelProvider<T = unknown, R = unknown> {
  readonly channel: Channel;
  /** The template as stored on the run; throws a DomainError (400) naming the bad field. */
  validateTemplate(template: unknown): T;
  /** Throws PermanentDeliveryError when the business has no usable account for the channel. */
  checkAccount(ctx: SendContext): void;
  render(template: T, recipient: Recipient, ctx: SendContext): R;
  send(ctx: SendContext, messages: Array<RenderedMessage<R>>, hooks: SendHooks): Promise<SendOutcome[]>;
  classify(error: unknown): DeliveryFailure;
}
