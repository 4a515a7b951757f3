import { Injectable, Logger } from '@nestjs/common';
import { BusinessRepository } from '../business';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { HeavyQueryGate } from '../database/heavy-query-gate';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';
import { CompileScope } from './compiler/compile-context';
import { explainTree } from './compiler/compile-tree';
import { ValidNode, validateTree } from './compiler/validate-tree';
import { describeCatalogue } from './conditions/catalogue';
import { CreateSegmentDto, UpdateSegmentDto } from './dto/segment.dto';
import { SegmentQueryRepository } from './evaluation/segment-query.repository';
import { BILLING_SETTINGS_SECTION, BillingSettings, SegmentScopeService } from './evaluation/segment-scope.service';
import { EvaluationResult, EvaluationTrigger, SegmentMembershipRepository } from './membership/segment-membership.repository';
import { SegmentEventsPublisher } from './membership/segment-events.publisher';
import { SegmentRepository, SegmentRow } from './saved/segment.repository';
import { invalidConditions } from './segments.errors';

/** Segments facade: ad hoc evaluation, saved segments and their membership (spec/segments.md). */
@Injectable()
export class SegmentsService {
  private readonly logger = new Logger(SegmentsService.name);

  constructor(
    private readonly scopes: SegmentScopeService,
    private readonly queries: SegmentQueryRepository,
    private readonly segments: SegmentRepository,
    private readonly membership: SegmentMembershipRepository,
    private readonly events: SegmentEventsPublisher,
    private readonly businesses: BusinessRepository,
    private readonly jobs: JobQueue,
    private readonly gate: HeavyQueryGate,
  ) {}

  catalogue() {
    return { conditions: describeCatalogue() };
  }

  /** The validated tree, or a 400 naming the path of every bad node. */
  parse(conditions: unknown): ValidNode {
    const { tree, problems } = validateTree(conditions);
    if (!tree) throw invalidConditions(problems);
    return tree;
  }

  /**
   * What a tree compiles against for this business now (today, time zone, settings): for modules
   * that evaluate conditions in their own statements (automation branches).
   */
  scope(businessId: string, now = new Date()): Promise<CompileScope> {
    return this.scopes.scope(businessId, now);
  }

  // Previews, explains and recomputes on demand are the heavy interactive queries: a few at once
  // per business (HeavyQueryGate, 429 above), on the interactive pool (InteractiveDb).
  async preview(businessId: string, conditions: unknown, sampleSize = 20) {
    const tree = this.parse(conditions);
    return this.gate.run(businessId, async () => {
      const started = Date.now();
      const result = await this.queries.preview(tree, await this.scopes.scope(businessId), sampleSize);
      return { ...result, durationMs: Date.now() - started };
    });
  }

  async explain(businessId: string, conditions: unknown, clientId: string) {
    const tree = this.parse(conditions);
    const leaves = await this.gate.run(businessId, async () => this.queries.leafResults(tree, await this.scopes.scope(businessId), clientId));
    if (!leaves) throw notFound('client');
    const explained = explainTree(tree, leaves);
    return { clientId, matches: explained.result, conditions: explained.node };
  }

  async create(businessId: string, dto: CreateSegmentDto) {
    this.parse(dto.conditions);
    const row = await this.withUniqueName(() => this.segments.create(businessId, dto));
    await this.enqueueRecompute(businessId, row.id, 'created');
    return present(row);
  }

  async update(businessId: string, id: string, dto: UpdateSegmentDto) {
    if (dto.conditions !== undefined) this.parse(dto.conditions);
    const before = await this.segments.find(businessId, id);
    if (!before) throw notFound('segment');
    const row = await this.withUniqueName(() => this.segments.update(businessId, id, dto));
    if (!row) throw notFound('segment');
    if (row.version !== before.version) await this.enqueueRecompute(businessId, id, 'updated');
    return present(row);
  }

  async get(businessId: string, id: string) {
    const row = await this.segments.find(businessId, id);
    if (!row) throw notFound('segment');
    return { ...present(row), evaluations: await this.membership.evaluations(businessId, id) };
  }

  async list(businessId: string) {
    return { items: (await this.segments.list(businessId)).map(present) };
  }

  async archive(businessId: string, id: string): Promise<void> {
    if (!(await this.segments.archive(businessId, id))) throw notFound('segment');
  }

  async members(businessId: string, id: string, page: { after?: string; limit?: number }) {
    if (!(await this.segments.find(businessId, id))) throw notFound('segment');
    const limit = page.limit ?? 100;
    const items = await this.membership.members(businessId, id, { after: page.after, limit });
    return { items, next: items.length === limit ? items[items.length - 1].id : null };
  }

  /**
   * Recomputes one saved segment now: membership diff in one transaction, then its transitions
   * published. A stored tree the catalogue no longer accepts is recorded on the segment, not retried.
   */
  async recompute(businessId: string, id: string, trigger: EvaluationTrigger): Promise<EvaluationResult | undefined> {
    // the conditions may change between reading them and taking the segment's lock: read again
    for (let attempt = 0; ; attempt++) {
      const result = await this.recomputeOnce(businessId, id, trigger);
      if (result !== 'stale') return result;
      if (attempt >= 4) throw new DomainError(ErrorCode.Conflict, `segment ${id} kept changing while it was evaluated; try again`);
    }
  }

  private async recomputeOnce(businessId: string, id: string, trigger: EvaluationTrigger): Promise<EvaluationResult | 'stale' | undefined> {
    const row = await this.segments.find(businessId, id);
    if (!row) return undefined;
    const { tree, problems } = validateTree(row.conditions);
    if (!tree) {
      await this.membership.recordError(businessId, id, `invalid conditions: ${problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`);
      return undefined;
    }
    try {
      const result = await this.membership.recompute(id, tree, Number(row.version), await this.scopes.scope(businessId), trigger);
      if (result === 'stale') return result;
      if (result && !result.baseline && result.entered + result.exited > 0) await this.events.publishQuietly(result.evaluationId);
      if (result) {
        this.logger.log(`segment ${id} (${trigger}): ${result.memberCount} members, +${result.entered} -${result.exited} in ${result.durationMs} ms${result.slow ? ' (slow)' : ''}`);
      }
      return result;
    } catch (e) {
      await this.membership.recordError(businessId, id, (e as Error).message).catch(() => undefined);
      throw e;
    }
  }

  async recomputeNow(businessId: string, id: string) {
    const result = await this.gate.run(businessId, () => this.recompute(businessId, id, 'manual'));
    if (!result) {
      const row = await this.segments.find(businessId, id);
      if (!row) throw notFound('segment');
      throw new DomainError(ErrorCode.Conflict, row.lastError ?? 'segment could not be evaluated');
    }
    return result;
  }

  private async enqueueRecompute(businessId: string, segmentId: string, trigger: EvaluationTrigger): Promise<void> {
    await this.jobs.enqueue(JobName.SegmentRecompute, { businessId, segmentId, trigger }).catch((e: Error) => {
      // the hourly schedule evaluates it anyway
      this.logger.warn(`segment ${segmentId}: recompute not queued (${e.message})`);
    });
  }

  async planAll(window: string): Promise<number> {
    const ids = await this.segments.businessIds();
    await this.jobs.enqueueBulk(
      JobName.SegmentsRecomputeBusiness,
      ids.map((businessId) => ({ data: { businessId, trigger: 'schedule' as const, window }, opts: { jobId: `segments-business:${businessId}:${window}` } })),
    );
    return ids.length;
  }

  async planBusiness(businessId: string, trigger: 'schedule' | 'data', window: string): Promise<number> {
    const ids = await this.segments.ids(businessId);
    await this.jobs.enqueueBulk(
      JobName.SegmentRecompute,
      ids.map((segmentId) => ({ data: { businessId, segmentId, trigger }, opts: { jobId: `segment:${segmentId}:${trigger}:${window}` } })),
    );
    return ids.length;
  }

  async billingSettings(businessId: string): Promise<Required<BillingSettings>> {
    const stored = (await this.businesses.settingsSection<BillingSettings>(businessId, BILLING_SETTINGS_SECTION)) ?? {};
    return { directDebitBlockAfterDays: stored.directDebitBlockAfterDays ?? 0 };
  }

  async updateBillingSettings(businessId: string, patch: BillingSettings): Promise<Required<BillingSettings>> {
    const next = { ...(await this.billingSettings(businessId)), ...patch };
    await this.businesses.saveSettingsSection(businessId, BILLING_SETTINGS_SECTION, next);
    return next;
  }

  private async withUniqueName<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new DomainError(ErrorCode.Conflict, 'a segment with this name already exists');
      throw e;
    }
  }
}

function present(row: SegmentRow) {
  const { businessId: _b, ...rest } = row;
  return rest;
}
