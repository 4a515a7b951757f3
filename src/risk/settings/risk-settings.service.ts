import { Injectable } from '@nestjs/common';
import { BusinessRepository } from '../../business';
import { AssessmentParams } from '../assessment/assessment-sql';
import { DEFAULT_RISK_SETTINGS, RiskSettings, toAssessmentParams } from '../rules/risk-settings';
import { RiskSettingsPatch, mergeRiskSettings, mergeRiskSettingsOverrides } from '../rules/risk-settings-merge';

const SECTION = 'risk';

/**
 * Per-business risk settings: risk.md's defaults plus what the business changed. Only the
 * differences are stored, so a business that never changed a number follows the defaults.
 */
@Injectable()
export class RiskSettingsService {
  constructor(private readonly businesses: BusinessRepository) {}

  async get(businessId: string): Promise<RiskSettings> {
    return mergeRiskSettings(DEFAULT_RISK_SETTINGS, await this.businesses.settingsSection<RiskSettingsPatch>(businessId, SECTION));
  }

  /** Applies a partial update; throws RiskSettingsInvalidError (400) naming every bad path. */
  async update(businessId: string, patch: RiskSettingsPatch): Promise<RiskSettings> {
    const stored = await this.businesses.settingsSection<RiskSettingsPatch>(businessId, SECTION);
    const overrides = mergeRiskSettingsOverrides(DEFAULT_RISK_SETTINGS, stored, patch);
    await this.businesses.saveSettingsSection(businessId, SECTION, overrides);
    return this.get(businessId);
  }

  async assessmentParams(businessId: string): Promise<AssessmentParams> {
    return toAssessmentParams(await this.get(businessId));
  }
}
