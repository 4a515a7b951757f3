import { Injectable } from '@nestjs/common';
import { Channel } from '../actions.types';
import { ChannelProvider } from './channel-provider';
import { EmailProvider } from './email/email.provider';
import { MailchimpProvider } from './mailchimp/mailchimp.provider';
import { PushProvider } from './push/push.provider';
import { SmsProvider } from './sms/sms.provider';

/** The provider behind each channel. */
@Injectable()
export class ChannelRegistry {
  private readonly providers: Record<Channel, ChannelProvider>;

  constructor(email: EmailProvider, sms: SmsProvider, mailchimp: MailchimpProvider, push: PushProvider) {
    this.providers = { email, sms, mailchimp, push } as Record<Channel, ChannelProvider>;
  }

  get(channel: Channel): ChannelProvider {
    return this.providers[channel];
  }
}
