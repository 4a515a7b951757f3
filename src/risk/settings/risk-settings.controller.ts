import { Body, Controller, Get, Put } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../../auth/principal';
import { RiskSettingsDto } from '../dto/risk-settings.dto';
import { RiskSettingsPatch } from '../rules/risk-settings-merge';
import { RiskSettingsService } from './risk-settings.service';

@Controller('api/v1/settings/risk')
export class RiskSettingsController {
  constructor(private readonly settings: RiskSettingsService) {}

  @Get()
  get(@CurrentPrincipal() p: Principal) {
    return this.settings.get(p.businessId);
  }

  /** Partial: fields left out keep their value, null restores the default, tables are replaced whole. */
  @Put()
  put(@CurrentPrincipal() p: Principal, @Body() dto: RiskSettingsDto) {
    return this.settings.update(p.businessId, dto as RiskSettingsPatch);
  }
}
