import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { chunk } from '../database/chunk';
import { BlockReason, Channel, CHANNELS, CONSENT_CHANNEL, DeferReason, MESSAGE_CHANNELS } from './actions.types';
import { ChannelRegistry } from './channels/channel-registry';
import { ConsentRepository } from './consent/consent.repository';
import { DEFAULT_BATCH_SIZE, DeliveryScheduler } from './delivery/delivery-scheduler';
import { isQuiet, nextAllowedTime } from './guards/quiet-hours';
import { isDataStale } from './guards/stale-data';
import { BusinessContextRepository } from './settings/business-context.repository';
import { MessagingSettingsService } from './settings/messaging-settings.service';
import { TouchReadRepository } from './touches/touch-read.repository';
import { TouchRepository } from './touches/touch.repository';
import { isRowId } from '../common/row-id';

interface DispatchCommand {
  businessId: string;
  /** Idempotency key of the action run: the same origin never reaches a client twice. */
  origin: string;
  channel: Channel;
  /** email {subject, html?, text?}; sms {body}; mailchimp {tag}; push {title, body, data?}. */
  template: unknown;
  clientIds: string[];
  /** Send at this time instead of now. */
  sendAt?: Date;
  /** Quiet hours: hold until they end (default) or drop the send. */
  quietHours?: 'defer' | 'drop';
  /**
   * Marketing sends get every guard; false (transactional) needs no marketing consent and skips
   * sleeping, cap and quiet hours, but still skips clients who withdrew consent for the channel.
   */
  marketing?: boolean;
  /** With marketing false: reach clients who withdrew consent too (an admin's audited override). */
  consentOverride?: boolean;
  /** Automated sends are held while booking data is stale; default: true when automationId is set. */
  automated?: boolean;
  /** A campaign may deliberately include sleeping members; automations never do. */
  includeSleeping?: boolean;
  variant?: string;
  campaignId?: string;
  automationId?: string;
  stepKey?: string;
  /** Recipients per delivery job, 100-500 (default 500). */
  batchSize?: number;
}

interface DispatchResult {
  runId: string;
  targeted: number;
  /** Touches created now (one per client not already touched by this origin). */
  claimed: number;
  alreadyTouched: number;
  unknownClients: number;
  queued: number;
  deferred: number;
  deferReason: DeferReason | null;
  dueAt: Date;
  blocked: Partial<Record<BlockReason, number>>;
  jobs: number;
}

const ORIGIN = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,199}$/;
/** Client ids per claim statement. */
const CLAIM_CHUNK = 5000;

/**
 * The facade campaigns and automations call: one run per (origin, variant), one touch per
 * client claimed in the database with the per-client guards evaluated set-based in the same
 * statement, business-level holds (schedule, quiet hours, stale data) applied, and delivery
 * jobs of 100-500 recipients enqueued for what may go.
 */
@Injectable()
export class ActionsService {
  constructor(
    private readonly touches: TouchRepository,
    private readonly touchReads: TouchReadRepository,
    private readonly registry: ChannelRegistry,
    private readonly context: BusinessContextRepository,
    private readonly settings: MessagingSettingsService,
    private readonly scheduler: DeliveryScheduler,
    private readonly consent: ConsentRepository,
  ) {}

  /**
   * Clients among these marked sleeping (actions.md): automations leave them alone on every
   * step, staff tasks included, since a call can prompt a cancellation as well as a message can.
   */
  sleepingAmong(businessId: string, clientIds: string[]): Promise<Set<string>> {
    return this.consent.sleepingAmong(businessId, clientIds);
  }

  /** Checks a template for a channel without sending (campaigns validate theirs when created). */
  validateTemplate(channel: Channel, template: unknown): void {
    this.registry.get(channel).validateTemplate(template);
  }

  async dispatch(cmd: DispatchCommand): Promise<DispatchResult> {
    validate(cmd);
    this.registry.get(cmd.channel).validateTemplate(cmd.template);
    const biz = await this.context.load(cmd.businessId);
    if (!biz) throw notFound('business');
    const settings = await this.settings.get(cmd.businessId);
    const marketing = cmd.marketing ?? true;
    const automated = cmd.automated ?? !!cmd.automationId;
    const run = await this.touches.upsertRun({
      businessId: cmd.businessId,
      origin: cmd.origin,
      variant: cmd.variant ?? '',
      channel: cmd.channel,
      template: cmd.template,
      quietHours: cmd.quietHours ?? 'defer',
      marketing,
      automated,
      includeSleeping: !automated && !!cmd.includeSleeping,
      consentOverride: !marketing && !!cmd.consentOverride,
      campaignId: cmd.campaignId ?? null,
      automationId: cmd.automationId ?? null,
      stepKey: cmd.stepKey ?? null,
      sendAt: cmd.sendAt ?? null,
    });

    const now = new Date();
    const sendAt = cmd.sendAt && cmd.sendAt.getTime() > now.getTime() ? cmd.sendAt : now;
    let blockReason: BlockReason | null = null;
    let deferReason: DeferReason | null = sendAt === now ? null : 'scheduled';
    let dueAt = sendAt;
    if (automated && isDataStale(biz.freshness, now, settings.staleHoldHours)) {
      deferReason = 'stale_data';
      dueAt = new Date(Math.max(sendAt.getTime(), now.getTime() + this.scheduler.staleRecheckMs));
    } else if (marketing && MESSAGE_CHANNELS.has(cmd.channel) && isQuiet(sendAt, biz.timezone, settings.quietHours)) {
      if (run.quietHours === 'drop') blockReason = 'quiet_hours';
      else {
        deferReason = 'quiet_hours';
        dueAt = nextAllowedTime(sendAt, biz.timezone, settings.quietHours);
      }
    }

    const ids = [...new Set(cmd.clientIds)];
    const result: DispatchResult = {
      runId: run.id,
      targeted: ids.length,
      claimed: 0,
      alreadyTouched: 0,
      unknownClients: 0,
      queued: 0,
      deferred: 0,
      deferReason,
      dueAt,
      blocked: {},
      jobs: 0,
    };
    for (const part of chunk(ids, CLAIM_CHUNK)) {
      const { claimed, unknownClientIds } = await this.touches.claimForRun(
        run,
        { clientIds: part, unknownConsent: settings.unknownConsent[CONSENT_CHANNEL[cmd.channel]], frequencyCap: settings.frequencyCap, now },
        { blockReason, deferReason, dueAt },
      );
      result.unknownClients += unknownClientIds.length;
      result.claimed += claimed.length;
      result.alreadyTouched += part.length - unknownClientIds.length - claimed.length;
      const pending: string[] = [];
      for (const t of claimed) {
        if (t.status === 'blocked') result.blocked[t.blockedReason!] = (result.blocked[t.blockedReason!] ?? 0) + 1;
        else {
          pending.push(t.id);
          if (t.status === 'deferred') result.deferred++;
          else result.queued++;
        }
      }
      result.jobs += await this.scheduler.enqueue(run, pending, dueAt, cmd.batchSize ?? DEFAULT_BATCH_SIZE);
    }
    return result;
  }

  /** Whether automated sends are held for stale booking data now, and how many touches wait. */
  async holdStatus(businessId: string): Promise<{ staleData: { held: boolean; connected: boolean; lastDataAt: Date | null; holdHours: number | null; heldTouches: number } }> {
    const biz = await this.context.load(businessId);
    if (!biz) throw notFound('business');
    const settings = await this.settings.get(businessId);
    return {
      staleData: {
        held: isDataStale(biz.freshness, new Date(), settings.staleHoldHours),
        connected: biz.freshness.connected,
        lastDataAt: biz.freshness.lastDataAt,
        holdHours: settings.staleHoldHours,
        heldTouches: await this.touchReads.countDeferred(businessId, 'stale_data'),
      },
    };
  }
}

function validate(cmd: DispatchCommand): void {
  const bad = (path: string, reason: string) => new DomainError(ErrorCode.Invalid, `${path}: ${reason}`);
  if (!CHANNELS.includes(cmd.channel)) throw bad('channel', `must be one of ${CHANNELS.join(', ')}`);
  if (typeof cmd.origin !== 'string' || !ORIGIN.test(cmd.origin)) throw bad('origin', 'must be 1-200 characters of letters, digits and : . _ - (e.g. campaign:12:step:1)');
  if (!Array.isArray(cmd.clientIds)) throw bad('clientIds', 'must be an array of client ids');
  const wrong = cmd.clientIds.findIndex((id) => typeof id !== 'string' || !isRowId(id));
  if (wrong >= 0) throw bad(`clientIds[${wrong}]`, 'must be a client id (a positive integer as a string)');
  if (cmd.sendAt !== undefined && (!(cmd.sendAt instanceof Date) || Number.isNaN(cmd.sendAt.getTime()))) throw bad('sendAt', 'must be a date');
  if (cmd.quietHours !== undefined && cmd.quietHours !== 'defer' && cmd.quietHours !== 'drop') throw bad('quietHours', 'must be defer or drop');
  if (cmd.variant !== undefined && (typeof cmd.variant !== 'string' || !/^[A-Za-z0-9_-]{1,50}$/.test(cmd.variant))) throw bad('variant', 'must be 1-50 letters, digits, _ or -');
  for (const k of ['campaignId', 'automationId'] as const) if (cmd[k] !== undefined && !isRowId(String(cmd[k]))) throw bad(k, 'must be an id');
  if (cmd.batchSize !== undefined && (!Number.isInteger(cmd.batchSize) || cmd.batchSize < 100 || cmd.batchSize > 500)) throw bad('batchSize', 'must be an integer from 100 to 500');
}
