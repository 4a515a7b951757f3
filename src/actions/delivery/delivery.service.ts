import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bull';
import { randomUUID } from 'node:crypto';
import { countSend } from '../../observability';
import { DeliveryBatch } from '../../queue/job-payloads';
import { Channel, CONSENT_CHANNEL, MESSAGE_CHANNELS } from '../actions.types';
import { ChannelAccountRepository } from '../channels/channel-account.repository';
import { ChannelProvider, RenderedMessage, SendContext, SendHooks, SendOutcome } from '../channels/channel-provider';
import { ChannelRegistry } from '../channels/channel-registry';
import { DeliveryFailure, PermanentDeliveryError, TransientDeliveryError } from '../channels/delivery-errors';
import { ConsentRepository } from '../consent/consent.repository';
import { isQuiet, nextAllowedTime } from '../guards/quiet-hours';
import { LinkTrackingService } from '../engagement/link-tracking.service';
import { isDataStale } from '../guards/stale-data';
import { BusinessContextRepository } from '../settings/business-context.repository';
import { MessagingSettingsService } from '../settings/messaging-settings.service';
import { TouchOutcome, TouchRepository } from '../touches/touch.repository';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryScheduler } from './delivery-scheduler';
import { RedisLimits } from './redis-limits';

/** A job of a slow lane (e.g. SMS at 1/s) that finds the lane busy comes back after this. */
export const LANE_RETRY_MS = 15_000;
const LANE_TTL_MS = 120_000;

/** Messages claimed and handed to the provider at a time. */
export const CHUNK: Record<Channel, number> = { email: 20, sms: 10, mailchimp: 20, push: 20 };

export interface DeliveryReport {
  sent: number;
  failed: number;
  blocked: number;
  deferred: number;
  /** touches another run claimed and never handed over: sent by this run */
  requeued: number;
  /** touches another run handed over without recording the outcome: failed, in_doubt */
  inDoubt: number;
}

/**
 * Delivers one batch job: holds (stale data, quiet hours), guards re-checked at send time,
 * then chunks of touches claimed (status sending, this run's token) before the provider is
 * called, each message's hand-over to the provider and its outcome recorded as they happen. A
 * retry or a second worker sends again what a dead run claimed but never handed over, and never
 * what it handed over (in doubt); transient failures hand touches back and fail the job so Bull
 * retries it.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('delivery');

  constructor(
    private readonly touches: TouchRepository,
    private readonly accounts: ChannelAccountRepository,
    private readonly settings: MessagingSettingsService,
    private readonly context: BusinessContextRepository,
    private readonly consent: ConsentRepository,
    private readonly registry: ChannelRegistry,
    private readonly limits: RedisLimits,
    private readonly scheduler: DeliveryScheduler,
    private readonly ledger: DeliveryLedger,
    private readonly tracking: LinkTrackingService,
  ) {}

  async deliver(channel: Channel, batch: DeliveryBatch, job: Pick<Job, 'attemptsMade' | 'opts' | 'discard'>): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, blocked: 0, deferred: 0, requeued: 0, inDoubt: 0 };
    const { businessId, touchIds } = batch;
    const token = randomUUID();
    const [run, biz] = await Promise.all([this.touches.findRun(businessId, batch.runId), this.context.load(businessId)]);
    if (!run || !biz || run.channel !== channel) return report;
    const settings = await this.settings.get(businessId);
    const recovered = await this.ledger.recoverClaims(businessId, touchIds, token);
    report.requeued = recovered.requeued;
    report.inDoubt = recovered.inDoubt;
    if (recovered.requeued || recovered.inDoubt)
      this.logger.warn(`business ${businessId}, run ${run.id}: a previous run stopped mid-send; ${recovered.requeued} never handed over are sent again, ${recovered.inDoubt} in doubt`);

    const now = new Date();
    if (run.automated && isDataStale(biz.freshness, now, settings.staleHoldHours)) {
      const due = new Date(now.getTime() + this.scheduler.staleRecheckMs);
      const held = await this.touches.defer(businessId, touchIds, 'stale_data', due);
      await this.scheduler.enqueue(run, held, due);
      report.deferred = held.length;
      return report;
    }
    if (run.marketing && MESSAGE_CHANNELS.has(channel) && isQuiet(now, biz.timezone, settings.quietHours)) {
      if (run.quietHours === 'drop') {
        report.blocked = await this.touches.block(businessId, touchIds, 'quiet_hours');
      } else {
        const due = nextAllowedTime(now, biz.timezone, settings.quietHours);
        const held = await this.touches.defer(businessId, touchIds, 'quiet_hours', due);
        await this.scheduler.enqueue(run, held, due);
        report.deferred = held.length;
      }
      return report;
    }
    report.blocked = await this.touches.reguard(run, touchIds, {
      unknownConsent: settings.unknownConsent[CONSENT_CHANNEL[channel]],
      frequencyCap: settings.frequencyCap,
      now,
    });

    const provider = this.registry.get(channel);
    const account = await this.accounts.find(businessId, channel);
    const ctx: SendContext = {
      businessId,
      businessName: biz.name,
      timezone: biz.timezone,
      runId: run.id,
      origin: run.origin,
      account: account?.enabled ? { config: account.config, secrets: account.secrets } : undefined,
      concurrency: settings.mailchimpConcurrency,
      smsDefaultCountry: settings.smsDefaultCountry,
      openPixel: settings.openPixel,
    };
    let template: unknown;
    try {
      template = provider.validateTemplate(run.template);
      provider.checkAccount(ctx);
    } catch (e) {
      const code = e instanceof PermanentDeliveryError ? e.code : 'invalid_template';
      return this.stopPermanently(job, businessId, touchIds, code, (e as Error).message);
    }
    const rate = channel === 'mailchimp' ? null : settings.ratePerSecond[channel];
    // A slow lane (fewer messages per second than two chunks, e.g. SMS at 1/s per number) runs
    // one job per business at a time; the others step aside with a delayed retry instead of
    // holding worker slots that other businesses' jobs need.
    const lane = rate !== null && rate < CHUNK[channel] * 2 ? `${channel}:${businessId}` : null;
    const lease = lane ? await this.limits.tryLease('lane', lane, 1, LANE_TTL_MS) : null;
    if (lane && !lease) {
      await this.scheduler.enqueue(run, touchIds, new Date(Date.now() + LANE_RETRY_MS));
      return report;
    }
    try {
      const cap =
        run.marketing && MESSAGE_CHANNELS.has(channel) && settings.frequencyCap ? { max: settings.frequencyCap.max, since: new Date(now.getTime() - settings.frequencyCap.days * 86_400_000) } : null;
      await this.sendAll(provider, ctx, template, rate, job, batch, token, report, lane && lease ? { lane, lease } : null, cap);
    } finally {
      if (lane && lease) await this.limits.releaseLease('lane', lane, lease);
    }
    return report;
  }

  private async sendAll(
    provider: ChannelProvider,
    ctx: SendContext,
    template: unknown,
    rate: number | null,
    job: Pick<Job, 'attemptsMade' | 'opts' | 'discard'>,
    batch: DeliveryBatch,
    token: string,
    report: DeliveryReport,
    lane: { lane: string; lease: string } | null,
    cap: { max: number; since: Date } | null,
  ): Promise<void> {
    const { businessId, touchIds } = batch;
    const channel = provider.channel;
    // each touch id is offered to a claim once, in id order: the claims cost O(batch), not
    // O(batch x chunks)
    const ordered = [...touchIds].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    let retry: DeliveryFailure | undefined;
    for (let next = 0; next < ordered.length;) {
      if (lane) await this.limits.renewLease('lane', lane.lane, lane.lease, LANE_TTL_MS);
      const want = rate === null ? CHUNK[channel] : await this.limits.take(channel, businessId, rate, CHUNK[channel]);
      const slice = ordered.slice(next, next + want);
      next += slice.length;
      const { recipients, capped } = await this.touches.claimChunk(businessId, slice, token, want, cap);
      report.blocked += capped;
      if (!recipients.length) continue;
      const links = this.tracking.forChunk(provider.channel, ctx, new Date());
      const chunkCtx = links ? { ...ctx, links } : ctx;
      const rendered: Array<RenderedMessage<unknown>> = recipients.map((r) => ({ touchId: r.touchId, recipient: r, message: provider.render(template, r, chunkCtx) }));
      await this.tracking.save(ctx.businessId, links);
      // hand-overs and outcomes are recorded per message as they happen (docs/reliability.md)
      const hooks = this.ledger.hooks(businessId, token, toTouchOutcome);
      const outcomes = await hooks.finish(await this.send(provider, ctx, rendered, hooks));
      await this.recordProviderOptOuts(channel, businessId, outcomes, rendered);
      for (const o of outcomes) {
        countSend(channel, o.ok ? 'sent' : o.failure.kind === 'permanent' ? 'failed' : 'retried');
        if (o.ok) report.sent++;
        else if (o.failure.kind === 'permanent') report.failed++;
      }
      const fatal = outcomes.find((o): o is Extract<SendOutcome, { ok: false }> => !o.ok && !!o.failure.fatal);
      if (fatal) return this.stopPermanently(job, businessId, touchIds, fatal.failure.code, fatal.failure.message);
      const transient = outcomes.find((o): o is Extract<SendOutcome, { ok: false }> => !o.ok && o.failure.kind === 'transient');
      if (transient) {
        retry ??= transient.failure;
        // The provider took others of this chunk, so the failures are those recipients' own (a
        // throttled Mailchimp member): the rest of the job goes on, and only they wait for the
        // job's retry. A chunk with nothing taken means the provider is down: stop here.
        if (!outcomes.some((o) => o.ok)) break;
      }
    }
    if (retry) {
      const { code, message } = retry;
      // touches still pending now are only those that failed transiently (or were never reached)
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.touches.failPending(businessId, touchIds, code, `gave up after ${job.attemptsMade + 1} attempts: ${message}`);
      throw new TransientDeliveryError(code, message);
    }
  }

  private async send(provider: ChannelProvider, ctx: SendContext, rendered: Array<RenderedMessage<unknown>>, hooks: SendHooks): Promise<SendOutcome[]> {
    try {
      return await provider.send(ctx, rendered, hooks);
    } catch (e) {
      // the provider could not take the batch at all: nothing of it was handed over
      const failure: DeliveryFailure = e instanceof PermanentDeliveryError ? { kind: 'permanent', code: e.code, message: e.message, fatal: true } : provider.classify(e);
      return rendered.map((m) => ({ touchId: m.touchId, ok: false, failure }));
    }
  }

  /** Twilio 21610, Mailchimp's compliance state: the recipient opted out at the provider; the ledger learns it. */
  private async recordProviderOptOuts(channel: Channel, businessId: string, outcomes: SendOutcome[], rendered: Array<RenderedMessage<unknown>>): Promise<void> {
    const byTouch = new Map(rendered.map((m) => [m.touchId, m.recipient.clientId]));
    const opted = outcomes.filter((o) => !o.ok && o.failure.optedOut);
    if (!opted.length) return;
    const consentChannel = CONSENT_CHANNEL[channel];
    for (const o of opted) {
      if (o.ok) continue;
      await this.consent.record(businessId, [byTouch.get(o.touchId)!], {
        channel: consentChannel,
        granted: false,
        source: channel === 'sms' ? 'sms_keyword' : 'provider',
        evidence: { provider: channel, code: o.failure.code, message: o.failure.message, touchId: o.touchId },
        onlyIfChanged: true,
      });
    }
  }

  private async stopPermanently(job: Pick<Job, 'discard'>, businessId: string, touchIds: string[], code: string, message: string): Promise<never> {
    await this.touches.failPending(businessId, touchIds, code, message);
    this.logger.warn(`business ${businessId}: ${code}: ${message}`);
    await job.discard();
    throw new PermanentDeliveryError(code, message);
  }
}

function toTouchOutcome(o: SendOutcome): TouchOutcome {
  if (o.ok) return { touchId: o.touchId, status: 'sent', providerMessageId: o.providerMessageId, errorCode: null, error: null };
  if (o.failure.kind === 'permanent') return { touchId: o.touchId, status: 'failed', providerMessageId: null, errorCode: o.failure.code, error: o.failure.message.slice(0, 1000) };
  return { touchId: o.touchId, status: 'queued', providerMessageId: null, errorCode: o.failure.code, error: o.failure.message.slice(0, 1000) };
}
