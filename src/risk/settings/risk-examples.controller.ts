import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '../../auth';
import { RiskSettingsDto } from '../dto/risk-settings.dto';
import { DEFAULT_RISK_SETTINGS } from '../rules/risk-settings';
import { RiskSettingsPatch, mergeRiskSettings } from '../rules/risk-settings-merge';
import { RiskExamplesDto } from './dto/risk-examples.dto';
import { workedExamples } from './risk-examples';
import { RiskSettingsService } from './risk-settings.service';

@ApiTags('Settings')
@Controller('api/v1/settings/risk/examples')
export class RiskExamplesController {
  constructor(private readonly settings: RiskSettingsService) {}

  /**
   * risk.md's worked examples assessed with the business's settings and this (unsaved) partial
   * change on top, validated as PUT /settings/risk validates it. Changes nothing: whoever may read
   * the settings may ask.
   */
  @Post()
  @HttpCode(200)
  @Roles('admin', 'manager', 'marketer')
  async examples(@CurrentPrincipal() p: Principal, @Body() dto: RiskSettingsDto): Promise<RiskExamplesDto> {
    const current = await this.settings.get(p.businessId);
    return workedExamples(mergeRiskSettings(DEFAULT_RISK_SETTINGS, current as RiskSettingsPatch, dto as RiskSettingsPatch));
  }
}
