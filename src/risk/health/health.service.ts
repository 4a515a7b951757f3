import { Injectable, Logger } from '@nestjs/common';
import { ClientSelection } from '../assessment/risk-assessment.repository';
import { HealthSettings } from '../rules/risk-settings';
import { RiskSettingsService } from '../settings/risk-settings.service';
import { HealthEventsPublisher } from './health-events.publisher';
import { HealthPassResult, HealthRepository, StoredHealth } from './health.repository';

/** The health score pass (spec/risk.md), run wherever the assessment runs, and its events. */
@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

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
    const result = await this.health.compute(businessId, selection, settings ?? (await this.settingsFor(businessId)), opts);
    await this.events.publish(businessId, result.bandChanges, result.usageDrops);
    if (result.bandChanges.length || result.usageDrops.length)
      this.logger.log(`business ${businessId}: health of ${result.computed} clients, ${result.bandChanges.length} band changes, ${result.usageDrops.length} usage drops`);
    return result;
  }

  find(businessId: string, clientId: string): Promise<{ health: StoredHealth | null } | undefined> {
    return this.health.find(businessId, clientId);
  }
}
