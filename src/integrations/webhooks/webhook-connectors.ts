import { GenericWebhookConnector } from '../generic/generic.connector';
import { MindbodyWebhookConnector } from '../mindbody/mindbody.connector';
import { PushPressWebhookConnector } from '../pushpress/pushpress.connector';
import { WebhookConnector } from './webhook-connector';

/** Every inbound webhook format by its URL segment; adding a system = one line here. */
export const WEBHOOK_CONNECTORS: ReadonlyMap<string, WebhookConnector> = new Map<string, WebhookConnector>([
  ['mindbody', new MindbodyWebhookConnector()],
  ['generic', new GenericWebhookConnector()],
  ['pushpress', new PushPressWebhookConnector()],
]);
