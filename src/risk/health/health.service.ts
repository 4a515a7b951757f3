import { Injectable, Logger } from '@nestjs/common';
import { ClientSelection } from '../assessment/risk-assessment.repository';
import { HealthSettings } from '../rules/risk-settings';
import { RiskSettingsService } from '../settings/risk-settings.service';
import { HealthEventsPublisher } from './health-events.publisher';
import { HealthPassResult, HealthRepository, StoredHealth } from './health.repository';

const MEDIAN_TTL_MS = 6 * 3600_000;

/** The health score pass (spec/risk.md), run wherever the assessment runs, and its events. */
@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);
  private readonly medians = new Map<string, { value: Promise<number>; at: number }>();

  constructor(
    private readonly health: HealthRepository,
    private readonly events: HealthEventsPublisher,
    private readonly settings: RiskSettingsService,
  ) {}

  async settingsFor(businessId: string): Promise<HealthSettings> {
    return (await this.settings.get(businessId)).health;
  }

  /** Computes and stores the score of a selection, then publishes band changes and usage drops. */
  async compute(businessId: string, selection: ClientSelection, settings?: HealthSettings, opts: { today?: string } = {}): Promise<HealthPassResult> {
    const s = settings ?? (await this.settingsFor(businessId));
    const median = await this.medianFor(businessId, s, opts.today);
    const result = await this.health.compute(businessId, selection, s, { ...opts, median });
    await this.events.publish(businessId, result.bandChanges, result.usageDrops);
    if (result.bandChanges.length || result.usageDrops.length)
      this.logger.log(`business ${businessId}: health of ${result.computed} clients, ${result.bandChanges.length} band changes, ${result.usageDrops.length} usage drops`);
    return result;
  }

  // The business median moves slowly and costs a scan of every member's baseline (about 8 s at
  // 1M clients), so it is computed once per business, day and settings and every batch and every
  // real-time re-assessment reuses it; concurrent callers share the one computation. Per process;
  // a miss only costs the scan again.
  private medianFor(businessId: string, settings: HealthSettings, today?: string): Promise<number> {
    const key = [businessId, today ?? new Date().toISOString().slice(0, 10), settings.frequency.windowDays, settings.frequency.baselineDays].join('|');
    const hit = this.medians.get(key);
    if (hit && Date.now() - hit.at < MEDIAN_TTL_MS) return hit.value;
    // no member with a full baseline gives null, which the statement treats as 0: passing 0 keeps
    // it from computing the median again itself
    const value = this.health.median(businessId, settings, today).then((v) => v ?? 0);
    if (this.medians.size > 10_000) this.medians.clear();
    this.medians.set(key, { value, at: Date.now() });
    value.catch(() => this.medians.delete(key));
    return value;
  }

  find(businessId: string, clientId: string): Promise<{ health: StoredHealth | null } | undefined> {
    return this.health.find(businessId, clientId);
  }
}
