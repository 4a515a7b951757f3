import { Injectable, Logger } from '@nestjs/common';
import { ActionsService } from '../actions';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';
import { SegmentsService } from '../segments';
import { TasksService } from '../tasks';
import { CampaignAudienceRepository } from './campaign-audience.repository';
import { CampaignRepository, CampaignRow } from './campaign.repository';
import { CampaignStep, DEFAULT_GOAL, DEFAULT_HOLDOUT_PERCENT, MessageChannel, stepOrigin } from './campaign.types';
import { CampaignTouchesQuery, CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto';
import { variantFor } from './variant-split';

/** A send time this far behind the clock is still "now" (clock skew, a slow form); further back is a 400. */
const PAST_TOLERANCE_MS = 60_000;

/** Recipients handed to one dispatch call (its claim runs in chunks of 5,000 itself). */
const DISPATCH_PAGE = 5000;

/** One-off campaigns: a segment's members at send time, minus a holdout, through each step. */
@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly audience: CampaignAudienceRepository,
    private readonly segments: SegmentsService,
    private readonly actions: ActionsService,
    private readonly tasks: TasksService,
    private readonly jobs: JobQueue,
  ) {}

  async create(businessId: string, dto: CreateCampaignDto) {
    // a time that has passed is a mistake to point out, not a reason to send at once
    if (dto.sendAt && new Date(dto.sendAt).getTime() < Date.now() - PAST_TOLERANCE_MS) throw pastSendAt(new Date(dto.sendAt));
    const row = await this.campaigns.create(businessId, {
      name: dto.name,
      segmentId: dto.segmentId,
      steps: this.stepsOf(dto.steps),
      holdoutPercent: dto.holdoutPercent ?? DEFAULT_HOLDOUT_PERCENT,
      goal: dto.goal ?? DEFAULT_GOAL,
      includeSleeping: dto.includeSleeping ?? false,
      sendAt: dto.sendAt ? new Date(dto.sendAt) : null,
    });
    if (!row) throw noSuchSegment();
    return present(row);
  }

  /** A draft changed (fields left out keep their value); once scheduled, sending or sent it is a 409. */
  async update(businessId: string, id: string, dto: UpdateCampaignDto) {
    const row = await this.campaigns.find(businessId, id);
    if (!row) throw notFound('campaign');
    if (row.state !== 'draft') throw notADraft(row.state);
    if (dto.sendAt && new Date(dto.sendAt).getTime() < Date.now() - PAST_TOLERANCE_MS) throw pastSendAt(new Date(dto.sendAt));
    const updated = await this.campaigns.updateDraft(businessId, id, {
      name: dto.name ?? row.name,
      segmentId: dto.segmentId ?? row.segmentId,
      steps: dto.steps ? this.stepsOf(dto.steps) : row.steps,
      holdoutPercent: dto.holdoutPercent ?? row.holdoutPercent,
      goal: dto.goal ?? row.goal,
      includeSleeping: dto.includeSleeping ?? row.includeSleeping,
      sendAt: dto.sendAt === undefined ? row.sendAt : dto.sendAt === null ? null : new Date(dto.sendAt),
    });
    if (updated) return present(updated);
    // sent meanwhile, or the segment is gone
    const now = await this.campaigns.find(businessId, id);
    if (now && now.state !== 'draft') throw notADraft(now.state);
    throw noSuchSegment();
  }

  private stepsOf(input: CreateCampaignDto['steps']): CampaignStep[] {
    const steps: CampaignStep[] = input.map((s, i) => {
      if (s.channel === 'staff_task') {
        if (s.template || s.variants) throw invalid(`steps[${i}].template: a staff_task step takes task, not a template`);
        return { key: s.key, channel: s.channel, variants: [], task: { ...s.task! }, quietHours: 'defer', delayMinutes: s.delayMinutes ?? 0 };
      }
      const variants = (s.variants ?? [{ key: 'A', template: s.template! }]).map((v) => ({ key: v.key, weight: v.weight ?? 1, template: v.template }));
      if (new Set(variants.map((v) => v.key)).size !== variants.length) throw invalid(`steps[${i}].variants: keys must differ`);
      variants.forEach((v, j) => this.checkTemplate(s.channel as MessageChannel, v.template, s.variants ? `steps[${i}].variants[${j}]` : `steps[${i}]`));
      return { key: s.key, channel: s.channel, variants, quietHours: s.quietHours ?? 'defer', delayMinutes: s.delayMinutes ?? 0 };
    });
    if (new Set(steps.map((s) => s.key)).size !== steps.length) throw invalid('steps: step keys must differ');
    return steps;
  }

  async list(businessId: string) {
    const [rows, summaries] = await Promise.all([this.campaigns.list(businessId), this.audience.summaries(businessId)]);
    const byId = new Map(summaries.map(({ id, ...rest }) => [id, rest]));
    const none = { targeted: 0, contacted: 0, touches: 0, sent: 0, pending: 0, blocked: 0, failed: 0, quietUntil: null };
    return { items: rows.map((r) => ({ ...present(r), summary: byId.get(r.id) ?? none })) };
  }

  /** The campaign with progress: recipients, and touches per step and variant by status. */
  async get(businessId: string, id: string) {
    const row = await this.campaigns.find(businessId, id);
    if (!row) throw notFound('campaign');
    const taskOrigins = row.steps.filter((s) => s.task).map((s) => stepOrigin(id, s.key));
    const [recipients, counts, tasks, deferred] = await Promise.all([
      this.campaigns.recipientCounts(businessId, id),
      this.campaigns.touchCounts(businessId, id),
      this.campaigns.taskCounts(businessId, taskOrigins),
      this.audience.deferredUntil(businessId, id),
    ]);
    const steps = row.steps.map((s) => ({
      key: s.key,
      channel: s.channel,
      delayMinutes: s.delayMinutes,
      ...(s.task ? { tasks: Object.fromEntries(tasks.filter((t) => t.origin === stepOrigin(id, s.key)).map((t) => [t.state, t.n])) } : {}),
      variants: s.variants.map((v) => {
        const mine = counts.filter((c) => c.stepKey === s.key && c.variant === (s.variants.length > 1 ? v.key : ''));
        const byStatus: Record<string, number> = {};
        const blocked: Record<string, number> = {};
        for (const c of mine) {
          byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n;
          if (c.blockedReason) blocked[c.blockedReason] = (blocked[c.blockedReason] ?? 0) + c.n;
        }
        const waiting = deferred.filter((d) => d.stepKey === s.key && d.variant === (s.variants.length > 1 ? v.key : '')).map(({ reason, until, n }) => ({ reason, until, n }));
        return { key: v.key, weight: v.weight, touches: mine.reduce((n, c) => n + c.n, 0), byStatus, blocked, deferred: waiting };
      }),
    }));
    return { ...present(row), recipients, progress: steps };
  }

  async touches(businessId: string, id: string, q: CampaignTouchesQuery) {
    if (!(await this.campaigns.find(businessId, id))) throw notFound('campaign');
    const limit = q.limit ?? 100;
    const items = await this.campaigns.touches(businessId, id, { ...q, limit });
    return { items, next: items.length === limit ? items[items.length - 1].id : null };
  }

  /** Sends now, or schedules for its sendAt when that is in the future. */
  async send(businessId: string, id: string, beforeQueue?: (steps: CampaignStep[]) => Promise<void>) {
    const row = await this.campaigns.find(businessId, id);
    if (!row) throw notFound('campaign');
    if (row.state !== 'draft') throw new DomainError(ErrorCode.Conflict, `campaign is ${row.state}; only a draft can be sent`);
    if (row.sendAt && row.sendAt.getTime() < Date.now() - PAST_TOLERANCE_MS) throw pastSendAt(row.sendAt);
    await beforeQueue?.(row.steps);
    const delay = row.sendAt ? row.sendAt.getTime() - Date.now() : 0;
    const to = delay > 0 ? 'scheduled' : 'sending';
    if (!(await this.campaigns.transition(businessId, id, ['draft'], to))) throw new DomainError(ErrorCode.Conflict, `campaign is ${row.state}; only a draft can be sent`);
    try {
      await this.jobs.enqueue(JobName.CampaignSend, { businessId, campaignId: id }, { jobId: `campaign:${id}:send`, delay: Math.max(0, delay) });
    } catch (e) {
      await this.campaigns.transition(businessId, id, [to], 'draft');
      throw e;
    }
    return this.get(businessId, id);
  }

  async cancel(businessId: string, id: string) {
    const row = await this.campaigns.find(businessId, id);
    if (!row) throw notFound('campaign');
    if (!(await this.campaigns.transition(businessId, id, ['draft', 'scheduled'], 'cancelled'))) {
      throw new DomainError(ErrorCode.Conflict, `campaign is ${row.state}; only a draft or scheduled campaign can be cancelled`);
    }
    return this.get(businessId, id);
  }

  /**
   * The send job. Idempotent end to end: recipients are selected once, every step dispatches with
   * the step's origin (a touch per client per origin is unique), so a retry or a crashed worker
   * resumes without reaching anyone twice.
   */
  async runSend(businessId: string, id: string): Promise<{ contacted: number; dispatched: number } | undefined> {
    if (!(await this.campaigns.transition(businessId, id, ['scheduled', 'sending'], 'sending'))) return undefined;
    const row = (await this.campaigns.find(businessId, id))!;
    if (!row.recipientsSelectedAt) {
      const evaluation = await this.segments.recompute(businessId, row.segmentId, 'manual');
      if (!evaluation) {
        await this.campaigns.transition(businessId, id, ['sending'], 'failed', { error: 'the segment could not be evaluated (archived, or its conditions are no longer valid)' });
        return undefined;
      }
      await this.campaigns.selectRecipients(businessId, id);
    }
    // a past (or absent) send time means now; dispatch never sends before its sendAt
    const start = row.sendAt ?? row.startedAt ?? new Date();
    let dispatched = 0;
    for (const step of row.steps) {
      const sendAt = new Date(start.getTime() + step.delayMinutes * 60_000);
      for (let after: string | null = null; ;) {
        const ids = await this.campaigns.contactedPage(businessId, id, after, DISPATCH_PAGE);
        if (!ids.length) break;
        after = ids[ids.length - 1];
        if (step.task) {
          // sleeping members are left alone like for messages, unless the campaign includes them
          const sleeping = row.includeSleeping ? new Set<string>() : await this.actions.sleepingAmong(businessId, ids);
          const awake = ids.filter((c) => !sleeping.has(c));
          if (!awake.length) continue;
          // de-duplicated per client + reason by the tasks module: a retry updates, never doubles
          const r = await this.tasks.create({
            businessId,
            clientIds: awake,
            reason: step.task.reason,
            instructions: step.task.instructions,
            due: { inDays: step.task.dueInDays ?? 2 },
            priority: step.task.priority,
            assignment: step.task.assignment,
            createdBy: 'campaign',
            origin: stepOrigin(id, step.key),
          });
          dispatched += r.created;
          continue;
        }
        const groups = new Map<string, string[]>();
        for (const clientId of ids) {
          const v = variantFor(id, step.key, clientId, step.variants).key;
          groups.set(v, [...(groups.get(v) ?? []), clientId]);
        }
        for (const [key, clientIds] of groups) {
          const variant = step.variants.find((v) => v.key === key)!;
          const r = await this.actions.dispatch({
            businessId,
            origin: stepOrigin(id, step.key),
            channel: step.channel as MessageChannel,
            template: variant.template,
            clientIds,
            sendAt,
            quietHours: step.quietHours,
            marketing: true,
            automated: false,
            includeSleeping: row.includeSleeping,
            variant: step.variants.length > 1 ? variant.key : undefined,
            campaignId: id,
            stepKey: step.key,
          });
          dispatched += r.claimed;
        }
      }
    }
    await this.campaigns.transition(businessId, id, ['sending'], 'sent');
    const counts = await this.campaigns.recipientCounts(businessId, id);
    this.logger.log(`campaign ${id}: ${counts.contacted} contacted, ${counts.holdout} held out, ${dispatched} touches claimed`);
    return { contacted: counts.contacted, dispatched };
  }

  private checkTemplate(channel: MessageChannel, template: unknown, path: string): void {
    try {
      this.actions.validateTemplate(channel, template);
    } catch (e) {
      if (e instanceof DomainError) throw invalid(`${path}.${e.message}`);
      throw e;
    }
  }
}

function invalid(message: string): DomainError {
  const [path, ...rest] = message.split(': ');
  return new DomainError(ErrorCode.Invalid, message, { problems: [{ path, reason: rest.join(': ') || message }] });
}

function noSuchSegment(): DomainError {
  return new DomainError(ErrorCode.Invalid, 'segmentId: no such segment', { problems: [{ path: 'segmentId', reason: 'no such segment' }] });
}

function notADraft(state: string): DomainError {
  return new DomainError(ErrorCode.Conflict, `campaign is ${state}; only a draft can be changed`);
}

function pastSendAt(at: Date): DomainError {
  const reason = `${at.toISOString()} has passed; choose a time in the future, or leave it out to send now`;
  return new DomainError(ErrorCode.Invalid, `sendAt: ${reason}`, { problems: [{ path: 'sendAt', reason }] });
}

function present(row: CampaignRow) {
  const { businessId: _b, ...rest } = row;
  return rest;
}
