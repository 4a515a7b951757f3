import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditLog } from '../../audit';
import { CurrentPrincipal, Principal } from '../../auth';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { RiskSettingsValuesDto } from '../dto/risk-response.dto';
import { RiskSettingsDto } from '../dto/risk-settings.dto';
import { RiskSettingsPatch } from '../rules/risk-settings-merge';
import { RiskSettingsService } from './risk-settings.service';

@ApiTags('Settings')
@Controller('api/v1/settings/risk')
export class RiskSettingsController {
  constructor(
    private readonly settings: RiskSettingsService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  get(@CurrentPrincipal() p: Principal): Promise<RiskSettingsValuesDto> {
    return this.settings.get(p.businessId);
  }

  /** Partial: fields left out keep their value, null restores the default, tables are replaced whole. */
  @Put()
  @ApiErrors({ 400: 'a number out of range or tables that do not fit together, named by path' })
  async put(@CurrentPrincipal() p: Principal, @Body() dto: RiskSettingsDto): Promise<RiskSettingsValuesDto> {
    const before = await this.settings.get(p.businessId);
    const after = await this.settings.update(p.businessId, dto as RiskSettingsPatch);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'settings.risk.updated', change: { before, after } });
    return after;
  }
}
