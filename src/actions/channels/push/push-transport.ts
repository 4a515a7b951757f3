import { Recipient } from '../../touches/touch.repository';
import { SendContext, SendHooks, SendOutcome } from '../channel-provider';
import { DeliveryFailure } from '../delivery-errors';

export interface PushNotification {
  title: string;
  body: string;
  data: Record<string, string>;
}

export interface PushMessage {
  touchId: string;
  recipient: Recipient;
  notification: PushNotification;
}

/**
 * How push messages leave: the built-in 'webhook' transport posts each one, signed, to the
 * business's own app backend; other transports (FCM, APNs, OneSignal...) implement this and
 * are chosen by the push account's `provider`.
 */
export interface PushTransport {
  readonly name: string;
  /** Throws PermanentDeliveryError when the account lacks what this transport needs. */
  checkAccount(ctx: SendContext): void;
  /** Calls hooks.handOver(touchId) right before each request is written (docs/reliability.md). */
  send(ctx: SendContext, messages: PushMessage[], hooks: SendHooks): Promise<SendOutcome[]>;
  /** "Send a test": one test notification, no member behind it; resolves with the endpoint's answer. */
  test(ctx: SendContext, notification: PushNotification, token: string | null): Promise<string>;
  classify(error: unknown): DeliveryFailure;
}
