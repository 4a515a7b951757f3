import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SendContext } from '../channels/channel-provider';
import { clickKey } from './click-token';
import { ClickRepository } from './click.repository';
import { TrackedLinks } from './tracked-links';

/** Which channels' links go through /c/<token>: Mailchimp tracks its own, push has no links to rewrite. */
const TRACKED_CHANNELS: ReadonlySet<string> = new Set(['email', 'sms']);

/** Sets up click tracking for each chunk the delivery service renders, and saves its links. */
@Injectable()
export class LinkTrackingService {
  readonly key: Buffer;
  private readonly base: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clicks: ClickRepository,
  ) {
    this.key = clickKey(config.SECRETS_KEY);
    this.base = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  forChunk(channel: string, ctx: SendContext, now: Date): TrackedLinks | undefined {
    return TRACKED_CHANNELS.has(channel) ? new TrackedLinks(this.key, this.base, ctx.businessId, now, ctx.openPixel === true) : undefined;
  }

  /** Before the chunk is sent: a member may click the moment the message arrives. */
  save(businessId: string, links: TrackedLinks | undefined): Promise<void> {
    return links ? this.clicks.saveLinks(businessId, links.rows) : Promise.resolve();
  }
}
