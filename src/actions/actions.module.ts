import { Module } from '@nestjs/common';
import { SecretBoxProvider } from '../common/secret-box.provider';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';
import { ChannelAccountRepository } from './channels/channel-account.repository';
import { ChannelRegistry } from './channels/channel-registry';
import { ChannelTestController } from './channels/channel-test.controller';
import { ChannelTestService } from './channels/channel-test.service';
import { ChannelsController } from './channels/channels.controller';
import { EmailProvider } from './channels/email/email.provider';
import { SmtpTransport } from './channels/email/smtp-transport';
import { UnsubscribeController } from './channels/email/unsubscribe.controller';
import { MailchimpProvider } from './channels/mailchimp/mailchimp.provider';
import { MailchimpActivityScheduler } from './channels/mailchimp/mailchimp-activity.scheduler';
import { MailchimpActivityService } from './channels/mailchimp/mailchimp-activity.service';
import { MailchimpEngagementRepository } from './channels/mailchimp/mailchimp-engagement.repository';
import { MailchimpWebhookSettingsController } from './channels/mailchimp/mailchimp-webhook-settings.controller';
import { MailchimpWebhookController } from './channels/mailchimp/mailchimp-webhook.controller';
import { PushProvider } from './channels/push/push.provider';
import { WebhookPushTransport } from './channels/push/webhook-push.transport';
import { SmsProvider } from './channels/sms/sms.provider';
import { ConsentController } from './consent/consent.controller';
import { ConsentRepository } from './consent/consent.repository';
import { DeliveryLedger } from './delivery/delivery-ledger';
import { ClickController } from './engagement/click.controller';
import { ClickRepository } from './engagement/click.repository';
import { LinkTrackingService } from './engagement/link-tracking.service';
import { DeliveryResendController } from './delivery/delivery-resend.controller';
import { DeliveryResendService } from './delivery/delivery-resend.service';
import { DeliveryScheduler } from './delivery/delivery-scheduler';
import { DeliverySweeper } from './delivery/delivery-sweeper';
import { DeliveryService } from './delivery/delivery.service';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { FailedDeliveriesController } from './delivery/failed-deliveries.controller';
import { RedisLimits } from './delivery/redis-limits';
import { PreSendService } from './presend/pre-send.service';
import { BusinessContextRepository } from './settings/business-context.repository';
import { MessagingSettingsController } from './settings/messaging-settings.controller';
import { MessagingSettingsService } from './settings/messaging-settings.service';
import { TouchReadRepository } from './touches/touch-read.repository';
import { TouchRepository } from './touches/touch.repository';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller';

const SHARED = [
  SecretBoxProvider,
  TouchRepository,
  TouchReadRepository,
  ConsentRepository,
  ClickRepository,
  LinkTrackingService,
  ChannelAccountRepository,
  BusinessContextRepository,
  MessagingSettingsService,
  SmtpTransport,
  EmailProvider,
  SmsProvider,
  MailchimpProvider,
  PushProvider,
  WebhookPushTransport,
  ChannelRegistry,
  DeliveryScheduler,
  RedisLimits,
  ActionsService,
];

/** Channels, touches, guards and the dispatch facade, HTTP side (docs/actions.md). */
@Module({
  controllers: [
    ActionsController,
    ConsentController,
    MessagingSettingsController,
    ChannelsController,
    ChannelTestController,
    FailedDeliveriesController,
    DeliveryResendController,
    UnsubscribeController,
    ClickController,
    TwilioWebhooksController,
    MailchimpWebhookController,
    MailchimpWebhookSettingsController,
  ],
  providers: [...SHARED, ChannelTestService, DeliveryResendService, PreSendService, MailchimpEngagementRepository, MailchimpActivityService],
  exports: [ActionsService, PreSendService],
})
export class ActionsModule {}

/** Actions, worker side: one consumer per channel queue, rate limits, the sweep. */
@Module({
  providers: [...SHARED, DeliveryLedger, DeliveryService, DeliverySweeper, DeliveryProcessor, MailchimpEngagementRepository, MailchimpActivityService, MailchimpActivityScheduler],
  exports: [ActionsService],
})
export class ActionsWorkerModule {}
