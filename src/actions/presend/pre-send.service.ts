import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode, notFound } from '../../common/domain-error';
import { BlockReason, Channel, CONSENT_CHANNEL, MESSAGE_CHANNELS } from '../actions.types';
import { ChannelAccountRepository } from '../channels/channel-account.repository';
import { SendContext } from '../channels/channel-provider';
import { ChannelRegistry } from '../channels/channel-registry';
import { EmailProvider } from '../channels/email/email.provider';
import { clientGuardSql } from '../guards/guard-sql';
import { isQuiet, nextAllowedTime } from '../guards/quiet-hours';
import { BusinessContext, BusinessContextRepository } from '../settings/business-context.repository';
import { MessagingSettingsService } from '../settings/messaging-settings.service';
import { Recipient } from '../touches/touch.repository';
import { smsParts, SmsParts } from '../../common/sms-parts';

export interface PreSendStep {
  key: string;
  /** A message channel, or staff_task (tasks skip sleeping members only). */
  channel: Channel | 'staff_task';
  delayMinutes: number;
  quietHours: 'defer' | 'drop';
}

export interface PreSendStepResult {
  key: string;
  channel: string;
  /** When the step's messages would be handed to delivery (send time plus the step's delay). */
  sendAt: Date;
  /** Members the guards hold back, by reason (no_consent, unsubscribed, opted_out, no_address, sleeping, frequency_cap). */
  heldBack: Partial<Record<BlockReason, number>>;
  /** Members who pass every per-member guard. */
  reachable: number;
  /** Quiet hours at the step's send time: the reachable wait until `until` (defer), or are dropped. */
  quietHours: { held: number; action: 'defer' | 'drop'; until: Date | null } | null;
}

export interface ChannelSetUp {
  channel: Channel;
  setUp: boolean;
  /** Why it cannot send, in the provider's words. */
  reason: string | null;
}

export type MessagePreview =
  | { channel: 'email'; to: string | null; subject: string; html: string | null; text: string | null }
  | { channel: 'sms'; to: string | null; body: string; sms: SmsParts }
  | { channel: 'push'; title: string; body: string }
  | { channel: 'mailchimp'; to: string | null; tag: string };

/**
 * What a send would do before it is made (web.md Campaigns: the pre-send check, the preview, "send
 * a test to me"). The per-member guards are counted with the very SQL the claim uses
 * (guards/guard-sql.ts), set-based over the whole audience, so the check and the send agree.
 */
@Injectable()
export class PreSendService {
  constructor(
    private readonly ds: DataSource,
    private readonly context: BusinessContextRepository,
    private readonly settings: MessagingSettingsService,
    private readonly accounts: ChannelAccountRepository,
    private readonly registry: ChannelRegistry,
    private readonly email: EmailProvider,
  ) {}

  /** Which of these channels can send for the business now. */
  async channelsSetUp(businessId: string, channels: Channel[]): Promise<ChannelSetUp[]> {
    const biz = await this.business(businessId);
    const out: ChannelSetUp[] = [];
    for (const channel of [...new Set(channels)]) {
      try {
        this.registry.get(channel).checkAccount(await this.sendContext(biz, channel));
        out.push({ channel, setUp: true, reason: null });
      } catch (e) {
        out.push({ channel, setUp: false, reason: (e as Error).message });
      }
    }
    return out;
  }

  /** Per step: who the guards hold back, by reason, and what quiet hours do at its send time. */
  async check(businessId: string, clientIds: string[], steps: PreSendStep[], opts: { sendAt: Date | null; includeSleeping: boolean }): Promise<PreSendStepResult[]> {
    const biz = await this.business(businessId);
    const settings = await this.settings.get(businessId);
    const now = new Date();
    const start = opts.sendAt && opts.sendAt > now ? opts.sendAt : now;
    // the steps are counted at once, each on its own connection (one statement per step)
    return Promise.all(
      steps.map(async (step): Promise<PreSendStepResult> => {
        const sendAt = new Date(start.getTime() + step.delayMinutes * 60_000);
        const heldBack: Partial<Record<BlockReason, number>> = {};
        if (step.channel === 'staff_task') {
          if (!opts.includeSleeping) {
            const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM client_contact_pref WHERE business_id = $1 AND sleeping AND client_id = ANY($2::bigint[])`, [businessId, clientIds]);
            if (row.n) heldBack.sleeping = row.n;
          }
          return { key: step.key, channel: step.channel, sendAt, heldBack, reachable: clientIds.length - (heldBack.sleeping ?? 0), quietHours: null };
        }
        const channel = step.channel;
        const guard = clientGuardSql({
          businessId,
          clientIds,
          channel,
          marketing: true,
          includeSleeping: opts.includeSleeping,
          unknownConsent: settings.unknownConsent[CONSENT_CHANNEL[channel]],
          frequencyCap: settings.frequencyCap,
          now,
        });
        const rows: Array<{ reason: BlockReason | null; n: number }> = await this.ds.query(`SELECT g.reason, count(*)::int AS n FROM (${guard.sql}) g GROUP BY 1`, guard.params);
        let reachable = 0;
        for (const r of rows) {
          if (r.reason === null) reachable += r.n;
          else heldBack[r.reason] = r.n;
        }
        let quietHours: PreSendStepResult['quietHours'] = null;
        if (MESSAGE_CHANNELS.has(channel) && isQuiet(sendAt, biz.timezone, settings.quietHours)) {
          quietHours = { held: reachable, action: step.quietHours, until: step.quietHours === 'defer' ? nextAllowedTime(sendAt, biz.timezone, settings.quietHours) : null };
        }
        return { key: step.key, channel, sendAt, heldBack, reachable, quietHours };
      }),
    );
  }

  /** The message a member would get, rendered by the channel itself (merge fields filled, HTML escaped). */
  async preview(businessId: string, channel: Channel, template: unknown, clientId: string): Promise<MessagePreview> {
    const provider = this.registry.get(channel);
    const compiled = provider.validateTemplate(template);
    const biz = await this.business(businessId);
    const recipient = await this.recipient(businessId, clientId);
    const ctx = await this.sendContext(biz, channel);
    switch (channel) {
      case 'email': {
        const m = this.email.render(compiled as never, recipient, ctx);
        return { channel, to: recipient.email, subject: m.subject, html: m.html, text: m.text };
      }
      case 'sms': {
        let body: string;
        try {
          body = (provider.render(compiled, recipient, ctx) as { body: string }).body;
        } catch {
          // the member's phone did not parse: the text is still worth seeing
          body = (provider.render(compiled, { ...recipient, phone: null }, ctx) as { body: string }).body;
        }
        return { channel, to: recipient.phone, body, sms: smsParts(body) };
      }
      case 'push': {
        const m = provider.render(compiled, recipient, ctx) as { title: string; body: string };
        return { channel, title: m.title, body: m.body };
      }
      case 'mailchimp':
        return { channel, to: recipient.email, tag: (compiled as { tag: string }).tag };
    }
  }

  /**
   * "Send a test to me": the email as this member would get it, to `to`, subject marked [Test].
   * The unsubscribe link in it is a sample that unsubscribes no one (no touch behind it).
   */
  async sendTestEmail(businessId: string, template: unknown, clientId: string, to: string): Promise<{ to: string; subject: string; relay: string }> {
    const m = await this.preview(businessId, 'email', template, clientId);
    if (m.channel !== 'email') throw new Error('unreachable');
    const biz = await this.business(businessId);
    const ctx = await this.sendContext(biz, 'email');
    const subject = `[Test] ${m.subject}`;
    const relay = await this.email.sendOne(ctx, to, { subject, html: m.html, text: m.text }, 'campaign-test');
    return { to, subject, relay };
  }

  async timezone(businessId: string): Promise<string> {
    return (await this.business(businessId)).timezone;
  }

  /** The signed-in user's email (none for an API key): where "send a test to me" goes. */
  async userEmail(businessId: string, userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const [row] = await this.ds.query(`SELECT email FROM app_user WHERE id = $1 AND business_id = $2`, [userId, businessId]);
    return row?.email ?? null;
  }

  private async business(businessId: string): Promise<BusinessContext> {
    const biz = await this.context.load(businessId);
    if (!biz) throw notFound('business');
    return biz;
  }

  private async sendContext(biz: BusinessContext, channel: Channel): Promise<SendContext> {
    const account = await this.accounts.find(biz.id, channel);
    const settings = await this.settings.get(biz.id);
    return {
      businessId: biz.id,
      businessName: biz.name,
      timezone: biz.timezone,
      runId: '0',
      origin: 'preview',
      account: account?.enabled ? { config: account.config, secrets: account.secrets } : undefined,
      concurrency: 1,
      smsDefaultCountry: settings.smsDefaultCountry,
    };
  }

  private async recipient(businessId: string, clientId: string): Promise<Recipient> {
    const [row] = await this.ds.query(
      `SELECT id::text AS "clientId", external_id AS "externalId", first_name AS "firstName", last_name AS "lastName", email, phone, push_tokens AS "pushTokens"
         FROM client WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [businessId, clientId],
    );
    if (!row) throw new DomainError(ErrorCode.Invalid, 'clientId: no such member', { problems: [{ path: 'clientId', reason: 'no such member' }] });
    return { ...row, touchId: '0' };
  }
}
